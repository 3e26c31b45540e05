// Writes the synthetic journal of report/sample_journal.hpp as a velum export
// file on standard output, for `velum import`: a demo journal for the report,
// the web Progress page and screenshots.
// Usage: sample_journal [DAYS_OF_PRACTICE] [REGIONS 1-6]   (default 70 days, 3 regions)

#include <charconv>
#include <iostream>
#include <string_view>

#include "journal/exchange.hpp"
#include "report/sample_journal.hpp"

namespace {

int number_or(const char* text, int fallback) {
  int value = fallback;
  const std::string_view view(text);
  const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  return ec == std::errc{} && end == view.data() + view.size() ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  velum::report::SampleSpec spec;
  if (argc > 1) spec.practice_days = number_or(argv[1], spec.practice_days);
  if (argc > 2) {
    const int regions = number_or(argv[2], 3);
    spec.regions.clear();
    for (int r = 0; r < regions && r < static_cast<int>(velum::journal::kRegionCount); ++r) {
      spec.regions.push_back(static_cast<velum::journal::Region>(r));
    }
  }
  const auto data = velum::report::make_sample_journal(spec);
  std::cout << velum::journal::export_json(data, velum::journal::system_now());
  return 0;
}
