#include "report/sample_journal.hpp"

#include <algorithm>
#include <cmath>

#include "practice/safety.hpp"

namespace velum::report {
namespace {

using std::chrono::sys_days;

// The model behind the ratings: practice brings baseline pain down towards a
// floor with this time constant; noise is ±kNoise uniform.
constexpr double kBaselinePain = 6.0;
constexpr double kRegionStep = 1.0;  // each further region starts a point lower
constexpr double kPainFloor = 1.0;
constexpr double kDecayDays = 18.0;
constexpr double kNoise = 1.2;
constexpr double kCalmStart = 4.0;
constexpr double kCalmGain = 3.0;
constexpr std::chrono::hours kEvening{21};
constexpr std::chrono::hours kEveningCheckin{22};
constexpr std::chrono::hours kMorningCheckin{8};
constexpr std::chrono::seconds kStepSeconds{100};
constexpr int kStepsPerSession = 3;
constexpr int kStageTwoWeek = 2;  // weeks of practice before stage 2
constexpr int kStageThreeWeek = 5;
constexpr int kDaysPerWeek = 7;
constexpr int kWeekdays = 5;

class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}
  double uniform() {  // [0, 1)
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    z ^= z >> 31U;
    constexpr double kTwoTo53 = 9007199254740992.0;
    return static_cast<double>(z >> 11U) / kTwoTo53;
  }

 private:
  std::uint64_t state_;
};

int rating(double value) { return std::clamp(static_cast<int>(std::lround(value)), 0, 10); }

journal::Timestamp at(sys_days day, std::chrono::seconds local_time, const SampleSpec& spec) {
  const auto offset = day >= spec.dst_day ? spec.offset_after : spec.offset_before;
  return journal::Timestamp{std::chrono::sys_seconds{day} + local_time - offset, offset};
}

}  // namespace

journal::JournalData make_sample_journal(const SampleSpec& spec) {
  journal::JournalData data;
  SplitMix random(spec.seed);
  const int total_days = spec.baseline_days + spec.practice_days;

  journal::SafetyScreening screening;
  screening.id = journal::new_record_id();
  screening.taken_at = at(spec.first_day, kMorningCheckin, spec);
  for (const auto& q : practice::screen_questions()) screening.answers.push_back({std::string(q.id), false});
  data.screenings.push_back(screening);

  for (int d = 0; d < total_days; ++d) {
    const sys_days day = spec.first_day + std::chrono::days{d};
    const double practice_days = std::max(0, d - spec.baseline_days);
    const bool practising = d >= spec.baseline_days;
    const bool flaring = spec.flare_day > 0 && d >= spec.flare_day && d < spec.flare_day + spec.flare_days;
    const double eased = practising ? std::exp(-practice_days / kDecayDays) : 1.0;

    auto pain_today = [&](std::size_t region_index) {
      const double start = kBaselinePain - kRegionStep * static_cast<double>(region_index);
      const double level =
          kPainFloor + (start - kPainFloor) * eased + (flaring ? spec.flare_extra_pain : 0.0);
      return rating(level + (random.uniform() * 2.0 - 1.0) * kNoise);
    };
    auto checkin = [&](std::chrono::hours when) {
      journal::CheckIn c;
      c.id = journal::new_record_id();
      c.taken_at = at(day, when, spec);
      for (std::size_t i = 0; i < spec.regions.size(); ++i) c.pain_in(spec.regions[i]) = pain_today(i);
      c.calm = rating(kCalmStart + kCalmGain * (1.0 - eased) + (random.uniform() * 2.0 - 1.0) * kNoise);
      c.nasal_breathing_ease =
          rating(kCalmStart + kCalmGain * (1.0 - eased) + (random.uniform() * 2.0 - 1.0));
      c.hydration_glasses = rating(4.0 + random.uniform() * 4.0);
      if (flaring) c.note = "Sore after a cold";
      data.checkins.push_back(c);
    };
    if (random.uniform() >= spec.missing_share) checkin(kEveningCheckin);
    if (random.uniform() < spec.second_checkin_share) checkin(kMorningCheckin);

    const unsigned weekday = std::chrono::weekday{day}.iso_encoding();  // 1 = Monday
    if (!practising || weekday > static_cast<unsigned>(kWeekdays)) continue;
    journal::SessionRecord s;
    s.id = journal::new_record_id();
    s.routine_id = "core-nasopharynx";
    s.pattern = "resonance";
    const int week = static_cast<int>(practice_days) / kDaysPerWeek;
    s.stage = week >= kStageThreeWeek ? 3 : (week >= kStageTwoWeek ? 2 : 1);
    s.started_at = at(day, kEvening, spec);
    const bool stop = flaring && d == spec.flare_day;
    const int steps = stop ? 2 : kStepsPerSession;
    s.ended_at = journal::Timestamp{s.started_at.utc + kStepSeconds * steps, s.started_at.utc_offset};
    s.outcome = stop ? journal::SessionOutcome::kStopped : journal::SessionOutcome::kCompleted;
    if (stop) s.stop_reason = journal::StopReason{practice::StopSignal::kSharpPain, ""};
    for (int i = 0; i < steps; ++i) {
      journal::StepResult step;
      step.session_id = s.id;
      step.step_id = i == 0 ? "find-landmarks" : (i == 1 ? "thumb-behind-uvula" : "press-walls");
      step.index = i;
      step.planned_seconds = static_cast<double>(kStepSeconds.count());
      step.actual_seconds = step.planned_seconds;
      step.pain = rating(pain_today(0) - 1.0 + i);
      if (step.pain > 0) step.sensations = {practice::Sensation::kSoreness};
      data.step_results.push_back(step);
    }
    data.sessions.push_back(s);
  }
  journal::PlanState plan;
  plan.routine_id = "core-nasopharynx";
  plan.current_stage = data.sessions.empty() ? 1 : data.sessions.back().stage;
  plan.updated_at = at(spec.first_day + std::chrono::days{total_days - 1}, kEveningCheckin, spec);
  data.plan_states.push_back(plan);
  return data;
}

}  // namespace velum::report
