#pragma once
// Day-by-day summaries of a journal for `velum history`: mean pain per region
// per local day, sessions per day, and a small per-region trend (sparkline and
// the change since the first week). Pure functions; thread-safe.

#include <array>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "journal/records.hpp"

namespace velum::journal {

struct DaySummary {
  std::chrono::year_month_day date;                        // the person's local day
  std::array<std::optional<double>, kRegionCount> pain{};  // mean of that day's ratings, 0–10
  int checkin_count = 0;
  int session_count = 0;
};

// One entry per local day with a check-in or a session, oldest first. Inputs in any order.
std::vector<DaySummary> summarize_days(std::span<const CheckIn> checkins,
                                       std::span<const SessionRecord> sessions);

// The first calendar week counted from the first day: "the change vs. the first week".
inline constexpr std::chrono::days kTrendWindow{7};

struct RegionTrend {
  Region region = Region::kSoftPalate;
  std::string sparkline;  // UTF-8 block characters ▁▂▃▄▅▆▇█, ' ' where no rating
  std::optional<double> first_week_mean;  // mean over the first kTrendWindow days of `days`
  std::optional<double> last_week_mean;   // mean over the last kTrendWindow days of `days`
  int rated_days = 0;
};

// Per region; regions never rated are left out. The sparkline spans the days
// from first to last in `width` buckets (each the mean of its days) over the
// fixed 0–10 scale, so two regions' lines compare by eye. width ≥ 1.
std::vector<RegionTrend> region_trends(std::span<const DaySummary> days, std::size_t width);

// One local day's voice sessions: per measure, the mean over that day's
// sessions that measured it (nullopt when none did), in the measure's unit.
struct VoiceDaySummary {
  std::chrono::year_month_day date;
  std::array<std::optional<double>, kVoiceMeasureCount> mean{};  // indexed by VoiceMeasure
  int session_count = 0;
};

// One entry per local day with a voice session, oldest first, so a voice
// measure can be drawn on the same day axis as summarize_days' pain. Inputs in any order.
std::vector<VoiceDaySummary> summarize_voice_days(std::span<const VoiceSession> sessions);

// A sparkline of values on [0, kMaxRating]; nullopt draws a space.
std::string sparkline(std::span<const std::optional<double>> values);

}  // namespace velum::journal
