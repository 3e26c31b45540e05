#include "journal/records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

namespace velum::journal {
namespace {

constexpr std::array<std::string_view, kRegionCount> kRegionSpellings{"soft-palate", "nasopharynx", "throat",
                                                                      "nose",        "face-jaw",    "ears"};
constexpr std::array<std::string_view, 3> kOutcomeSpellings{"completed", "stopped", "interrupted"};
constexpr std::array<std::string_view, 2> kScreenSpellings{"clear", "blocked"};
constexpr std::array<std::string_view, 2> kSourceSpellings{"guided", "logged"};
constexpr std::array<std::string_view, 4> kVoiceTaskSpellings{"analyze", "match", "range", "mpt"};
constexpr std::array<std::string_view, kVoiceMeasureCount> kVoiceMeasureSpellings{
    "f0_mean_hz",  "jitter_local",         "shimmer_local",        "hnr_db",
    "cpps_db",     "range_semitones",      "range_low_hz",         "range_high_hz",
    "mpt_seconds", "match_accuracy_cents", "match_precision_cents"};

template <typename Enum, std::size_t N>
std::optional<Enum> find_spelling(const std::array<std::string_view, N>& spellings,
                                  std::string_view spelling) {
  const auto* found = std::find(spellings.begin(), spellings.end(), spelling);
  if (found == spellings.end()) return std::nullopt;
  return static_cast<Enum>(found - spellings.begin());
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view to_string(ScreenResult value) {
  return kScreenSpellings.at(static_cast<std::size_t>(value));
}
std::string_view to_string(SessionOutcome value) {
  return kOutcomeSpellings.at(static_cast<std::size_t>(value));
}
std::string_view to_string(SessionSource value) {
  return kSourceSpellings.at(static_cast<std::size_t>(value));
}
std::string_view to_string(Region value) { return kRegionSpellings.at(static_cast<std::size_t>(value)); }

std::string_view to_string(VoiceTask value) {
  return kVoiceTaskSpellings.at(static_cast<std::size_t>(value));
}
std::string_view to_string(VoiceMeasure value) {
  return kVoiceMeasureSpellings.at(static_cast<std::size_t>(value));
}

std::string_view stop_reason_spelling(const StopReason& reason) {
  if (reason.signal) return practice::to_string(*reason.signal);
  return reason.interrupted ? kInterruptedStopReason : kOtherStopReason;
}

std::optional<ScreenResult> parse_screen_result(std::string_view spelling) {
  return find_spelling<ScreenResult>(kScreenSpellings, spelling);
}
std::optional<SessionOutcome> parse_session_outcome(std::string_view spelling) {
  return find_spelling<SessionOutcome>(kOutcomeSpellings, spelling);
}
std::optional<SessionSource> parse_session_source(std::string_view spelling) {
  return find_spelling<SessionSource>(kSourceSpellings, spelling);
}
std::optional<Region> parse_region(std::string_view spelling) {
  return find_spelling<Region>(kRegionSpellings, spelling);
}

std::optional<VoiceTask> parse_voice_task(std::string_view spelling) {
  return find_spelling<VoiceTask>(kVoiceTaskSpellings, spelling);
}
std::optional<VoiceMeasure> parse_voice_measure(std::string_view spelling) {
  return find_spelling<VoiceMeasure>(kVoiceMeasureSpellings, spelling);
}

std::optional<StopReason> parse_stop_reason(std::string_view spelling, std::string text) {
  if (spelling == kOtherStopReason) return StopReason{std::nullopt, std::move(text)};
  if (spelling == kInterruptedStopReason) return StopReason{std::nullopt, std::move(text), true};
  auto signal = practice::parse<practice::StopSignal>(spelling);
  if (!signal) return std::nullopt;
  return StopReason{*signal, std::move(text)};
}

std::span<const std::string_view> region_spellings() { return kRegionSpellings; }
std::span<const std::string_view> session_outcome_spellings() { return kOutcomeSpellings; }
std::span<const std::string_view> voice_task_spellings() { return kVoiceTaskSpellings; }
std::span<const std::string_view> voice_measure_spellings() { return kVoiceMeasureSpellings; }

std::optional<std::string_view> closest_spelling(std::string_view input,
                                                 std::span<const std::string_view> choices) {
  // Two edits catch a typo or a transposition without suggesting unrelated words.
  constexpr std::size_t kMaxEdits = 2;
  std::optional<std::string_view> best;
  std::size_t best_distance = kMaxEdits + 1;
  for (auto choice : choices) {
    const auto distance = edit_distance(input, choice);
    if (distance < best_distance) {
      best = choice;
      best_distance = distance;
    }
  }
  return best;
}

std::string new_record_id() {
  // One engine per thread, seeded from the OS: ids stay unique without a lock.
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
    return std::mt19937_64{seed};
  }();
  return fmt::format("{:016x}{:016x}", engine(), engine());
}

}  // namespace velum::journal
