#pragma once
// The clinician-readable report: one self-contained HTML file (inline CSS and
// SVG charts, no scripts, no external requests) built from the journal and its analysis.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "journal/store.hpp"
#include "report/analysis.hpp"

namespace velum::report {

// The parts of the report, in the order they appear. The disclaimer is always shown.
enum class Section { kSummary, kPain, kWellbeing, kSafety, kSessions };
std::string_view to_string(Section section);
std::optional<Section> parse_section(std::string_view spelling);
// Every section spelling, in report order ("summary", "pain", ...).
std::vector<std::string_view> section_spellings();

struct HtmlOptions {
  std::set<Section> sections{Section::kSummary, Section::kPain, Section::kWellbeing, Section::kSafety,
                             Section::kSessions};
};

// The most recent sessions listed in the table; older ones are counted, not listed,
// so a report over years stays readable.
inline constexpr std::size_t kMaxSessionRows = 60;

// The shared disclaimer sentence (also used by the FHIR export's text).
inline constexpr std::string_view kDisclaimer =
    "These data are self-reported by the person using velum. They are not a diagnosis, and the statistics "
    "describe the ratings only; they do not show what caused a change.";

// Renders the report for `analysis` (made from `data` with the same user and
// window). `generated_at` is printed in the footer. Pure; thread-safe.
std::string render_html(const journal::JournalData& data, const Analysis& analysis,
                        const HtmlOptions& options, const journal::Timestamp& generated_at);

// Escapes &, <, >, " and ' for HTML text and attributes. Thread-safe.
std::string escape_html(std::string_view text);

}  // namespace velum::report
