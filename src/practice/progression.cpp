#include "practice/progression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <set>

namespace velum::practice {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr int kMinPain = 0;
constexpr int kMaxPain = 10;
constexpr int kDaysPerWeek = 7;

std::string date_text(sys_days day) {
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

// "1 session" / "3 sessions": the explanations name their numbers in words people read.
std::string count_of(int count, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural);
}

std::string seconds_text(Seconds value) {
  const double seconds = value.count();
  return fmt::format("{:g} {}", seconds, seconds == 1.0 ? "second" : "seconds");
}

bool counts(const PastSession& session) { return session.outcome != SessionOutcome::kInterrupted; }

bool rated_at_most(const PastSession& session, int max_pain) {
  return session.max_pain.has_value() && *session.max_pain <= max_pain;
}

// Length of the run at the end of `sessions` for which `keep` holds.
template <typename Predicate>
int trailing_run(const std::vector<PastSession>& sessions, Predicate keep) {
  int run = 0;
  for (auto it = sessions.rbegin(); it != sessions.rend() && keep(*it); ++it) ++run;
  return run;
}

std::vector<Diagnostic> check_history(const Routine& routine, std::span<const PastSession> history,
                                      sys_days today, int top_stage) {
  std::vector<Diagnostic> diagnostics;
  std::optional<sys_days> previous;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const PastSession& session = history[i];
    const std::string at = fmt::format("history[{}]", i);
    if (previous && session.date < *previous) {
      diagnostics.push_back({.file = {},
                             .field = at + ".date",
                             .message = fmt::format("session on {} comes after one on {}",
                                                    date_text(session.date), date_text(*previous)),
                             .hint = "pass the sessions in the order they happened"});
    }
    previous = session.date;
    if (session.routine_id != routine.id) continue;
    if (session.max_pain && (*session.max_pain < kMinPain || *session.max_pain > kMaxPain)) {
      diagnostics.push_back({.file = {},
                             .field = at + ".max_pain",
                             .message = fmt::format("pain {} is outside 0-10", *session.max_pain),
                             .hint = "pain is rated from 0 (none) to 10 (the worst imaginable)"});
    }
    if (session.stage < 1) {
      diagnostics.push_back({.file = {},
                             .field = at + ".stage",
                             .message = fmt::format("stage {} is below 1", session.stage),
                             .hint = "stages are counted from 1"});
    } else if (session.stage > top_stage) {
      diagnostics.push_back(
          {.file = {},
           .severity = Severity::kWarning,
           .field = at + ".stage",
           .message = fmt::format("stage {} is above the last stage of '{}' ({})", session.stage, routine.id,
                                  top_stage),
           .hint = fmt::format("it is read as stage {}; the routine may have changed", top_stage)});
    }
    if (session.hold_stage && *session.hold_stage < 0) {
      diagnostics.push_back({.file = {},
                             .field = at + ".hold_stage",
                             .message = fmt::format("hold stage {} is below 0", *session.hold_stage),
                             .hint = "hold stages are counted from 0, the shortest hold"});
    }
    if (session.date > today) {
      diagnostics.push_back({.file = {},
                             .severity = Severity::kWarning,
                             .field = at + ".date",
                             .message = fmt::format("session on {} is after today ({})",
                                                    date_text(session.date), date_text(today)),
                             .hint = "check the device's date; the session is still counted"});
    }
  }
  return diagnostics;
}

struct StageDecision {
  int stage = 1;
  PlanRule rule = PlanRule::kFirstSession;
  std::string explanation;
  bool went_back = false;  // a regressing rule applied (even when stage 1 kept it at 1)
  bool paused = false;
  bool maintenance = false;
};

std::string pain_text(int pain) { return fmt::format("{}/10", pain); }

// True when the sessions since the last one above advance_max_pain (or stopped,
// or below the last stage) contain maintenance_after_sessions painless sessions
// in a row: maintenance began then and has held since, whatever the stored flag.
bool maintenance_reached_earlier(const std::vector<PastSession>& counted, const ProgressionRules& rules,
                                 int top_stage) {
  const int needed = std::max(1, rules.maintenance_after_sessions);
  int painless_in_a_row = 0;
  for (auto it = counted.rbegin(); it != counted.rend(); ++it) {
    const bool holding = it->outcome == SessionOutcome::kCompleted && it->stage == top_stage &&
                         rated_at_most(*it, rules.advance_max_pain);
    if (!holding) return false;
    painless_in_a_row = rated_at_most(*it, rules.painless_max_pain) ? painless_in_a_row + 1 : 0;
    if (painless_in_a_row >= needed) return true;
  }
  return false;
}

StageDecision decide_stage(const std::vector<PastSession>& sessions, const std::vector<PastSession>& counted,
                           const PlanState& state, const ProgressionRules& rules, int top_stage) {
  StageDecision decision;
  if (sessions.empty()) {
    decision.rule = PlanRule::kFirstSession;
    decision.explanation =
        "Stage 1 today: this is your first session of this routine, so you start at the beginning.";
    return decision;
  }
  if (counted.empty()) {
    decision.rule = PlanRule::kNoFinishedSession;
    decision.explanation = fmt::format(
        "Stage 1 today: your {} so far {} interrupted, and an interrupted session counts neither as a "
        "success nor as a stop.",
        count_of(static_cast<int>(sessions.size()), "session", "sessions"),
        sessions.size() == 1 ? "was" : "were");
    return decision;
  }

  const PastSession& last = counted.back();
  const int stage = last.stage;
  const int back = std::max(1, stage - 1);
  const std::string back_text = stage > 1
                                    ? fmt::format("so you go back one stage from stage {}", stage)
                                    : "and stage 1 is the first stage, so you stay there and go more gently";

  const int stops_to_pause = std::max(1, rules.pause_after_consecutive_stops);
  const int stop_run =
      trailing_run(counted, [](const PastSession& s) { return s.outcome == SessionOutcome::kStopped; });
  if (stop_run >= stops_to_pause) {
    // Only a confirmation on a later day than every stop of the run lifts the
    // pause; the same calendar day cannot tell which came first, so it does not.
    const bool lifted = state.well_confirmed_on && last.date < *state.well_confirmed_on;
    decision.stage = rules.regress_on_stop ? back : stage;
    decision.went_back = rules.regress_on_stop;
    const std::string run_text =
        fmt::format("your last {} were stopped", count_of(stop_run, "session", "sessions"));
    if (!lifted) {
      decision.rule = PlanRule::kPaused;
      decision.paused = true;
      const sys_days run_start = counted[counted.size() - static_cast<std::size_t>(stop_run)].date;
      std::string note;
      if (state.well_confirmed_on && *state.well_confirmed_on == last.date) {
        note = " (a confirmation on the day of a stop does not count)";
      } else if (state.well_confirmed_on && *state.well_confirmed_on >= run_start) {
        note =
            fmt::format(" (you stopped again after confirming on {})", date_text(*state.well_confirmed_on));
      }
      decision.explanation = fmt::format(
          "Progression is paused at stage {}: {}{}, so rest, and on a later day, when you feel well, confirm "
          "it to go on.",
          decision.stage, run_text, note);
      return decision;
    }
    decision.rule = PlanRule::kResumed;
    decision.explanation = fmt::format(
        "Stage {} today: {}, and on {} you confirmed that you feel well, so progression goes on{}.",
        decision.stage, run_text, date_text(*state.well_confirmed_on),
        rules.regress_on_stop ? (stage > 1 ? fmt::format(" one stage below stage {}", stage)
                                           : std::string{" from the first stage"})
                              : fmt::format(" at stage {}", stage));
    return decision;
  }

  if (last.outcome == SessionOutcome::kStopped) {
    if (rules.regress_on_stop) {
      decision.rule = PlanRule::kRegressStop;
      decision.stage = back;
      decision.went_back = true;
      decision.explanation = fmt::format("Stage {} {}today: your last session was stopped, {}.", back,
                                         stage > 1 ? "" : "again ", back_text);
    } else {
      decision.rule = PlanRule::kStayAfterStop;
      decision.stage = stage;
      decision.explanation = fmt::format(
          "Stage {} again today: your last session was stopped, and this routine keeps the stage after a "
          "stop.",
          stage);
    }
    return decision;
  }

  if (last.max_pain && *last.max_pain > rules.regress_above_pain) {
    decision.rule = PlanRule::kRegressPain;
    decision.stage = back;
    decision.went_back = true;
    decision.explanation = fmt::format(
        "Stage {} {}today: your last session reached {}, above the ceiling of {}, {}.", back,
        stage > 1 ? "" : "again ", pain_text(*last.max_pain), pain_text(rules.regress_above_pain), back_text);
    return decision;
  }

  decision.stage = stage;
  const int painless_needed = std::max(1, rules.maintenance_after_sessions);
  const int painless_run = trailing_run(counted, [&](const PastSession& s) {
    return s.outcome == SessionOutcome::kCompleted && s.stage == top_stage &&
           rated_at_most(s, rules.painless_max_pain);
  });
  if (stage == top_stage && painless_run >= painless_needed) {
    decision.rule = PlanRule::kMaintenance;
    decision.maintenance = true;
    decision.explanation = fmt::format(
        "Maintenance at stage {}: your last {} at the last stage were at {} or below, so a few sessions a "
        "week now keep it that way.",
        stage, count_of(painless_run, "session", "sessions"), pain_text(rules.painless_max_pain));
    return decision;
  }
  if (stage == top_stage && rated_at_most(last, rules.advance_max_pain) &&
      (state.maintenance || maintenance_reached_earlier(counted, rules, top_stage))) {
    decision.rule = PlanRule::kMaintenance;
    decision.maintenance = true;
    decision.explanation = fmt::format(
        "Maintenance at stage {} goes on: your last session stayed at {} or below ({}), so a few sessions a "
        "week still keep it that way.",
        stage, pain_text(rules.advance_max_pain), pain_text(*last.max_pain));
    return decision;
  }
  if (!last.max_pain) {
    decision.rule = PlanRule::kNoPainRating;
    decision.explanation = fmt::format(
        "Stage {} again today: your last session has no pain rating, so it cannot count towards moving on.",
        stage);
    return decision;
  }
  if (*last.max_pain > rules.advance_max_pain) {
    decision.rule = PlanRule::kModeratePain;
    decision.explanation = fmt::format(
        "Stage {} again today: your last session reached {}, above {} but not above {}, so you stay until it "
        "settles to {} or below.",
        stage, pain_text(*last.max_pain), pain_text(rules.advance_max_pain),
        pain_text(rules.regress_above_pain), pain_text(rules.advance_max_pain));
    return decision;
  }

  const int easy_needed = std::max(1, rules.advance_after_sessions);
  const int easy_run = trailing_run(counted, [&](const PastSession& s) {
    return s.outcome == SessionOutcome::kCompleted && s.stage == stage &&
           rated_at_most(s, rules.advance_max_pain);
  });
  if (easy_run < easy_needed) {
    decision.rule = PlanRule::kKeepBuilding;
    decision.explanation = fmt::format(
        "Stage {} again today: {} of the {} sessions in a row at {} or below that move you on {} done.",
        stage, easy_run, easy_needed, pain_text(rules.advance_max_pain), easy_run == 1 ? "is" : "are");
    return decision;
  }
  const std::string last_sessions =
      easy_needed == 1 ? std::string{"your last session"} : fmt::format("your last {} sessions", easy_needed);
  if (stage < top_stage) {
    decision.rule = PlanRule::kAdvance;
    decision.stage = stage + 1;
    decision.explanation =
        fmt::format("Stage {} today: {} stayed at {} or below, so you move on from stage {}.", stage + 1,
                    last_sessions, pain_text(rules.advance_max_pain), stage);
    return decision;
  }
  decision.rule = PlanRule::kTopStage;
  decision.explanation = fmt::format(
      "Stage {} again today: {} stayed at {} or below, and this is the last stage; maintenance begins after "
      "{} in a row at {} or below.",
      stage, last_sessions, pain_text(rules.advance_max_pain),
      count_of(painless_needed, "session", "sessions"), pain_text(rules.painless_max_pain));
  return decision;
}

const Step* build_up_step(const Routine& routine) {
  for (const auto& step : routine.steps) {
    if (step.hold_build_up && !step.hold_build_up->holds.empty()) return &step;
  }
  return nullptr;
}

// `last_is_new`: the last counted session came after the stored state was made,
// so a regress it causes has not been applied to state.hold_stage yet.
void decide_hold(const Routine& routine, const std::vector<PastSession>& counted, bool last_is_new,
                 const PlanState& state, const StageDecision& stage, sys_days today, Plan& plan) {
  const Step* step = build_up_step(routine);
  if (step == nullptr) {
    plan.hold_rule = HoldRule::kNoBuildUp;
    plan.next_state.hold_stage = 0;
    plan.next_state.hold_stage_since.reset();
    return;
  }
  const HoldBuildUp& build_up = *step->hold_build_up;
  const int longest = static_cast<int>(build_up.holds.size()) - 1;
  const auto hold_at = [&](int index) { return build_up.holds[static_cast<std::size_t>(index)]; };
  if (plan.stage < step->stage) {
    plan.hold_rule = HoldRule::kNotUnlocked;
    plan.hold_explanation = fmt::format("{} begins at stage {}, with a hold of {}.", step->title, step->stage,
                                        seconds_text(hold_at(0)));
    plan.next_state.hold_stage = 0;
    plan.next_state.hold_stage_since.reset();
    return;
  }

  const int weeks = std::max(1, build_up.weeks_per_stage);
  const int max_pain = routine.progression.advance_max_pain;
  int hold_stage = std::clamp(state.hold_stage, 0, longest);
  std::optional<sys_days> since = state.hold_stage_since;
  const PastSession* last = counted.empty() ? nullptr : &counted.back();

  if (stage.went_back && last != nullptr && last->stage >= step->stage) {
    // The hold practised last: recorded with the session, else the stored one
    // (which, when the session is not new, already went back for it).
    std::optional<int> was;
    if (last->hold_stage) {
      was = std::clamp(*last->hold_stage, 0, longest);
    } else if (last_is_new) {
      was = hold_stage;
    }
    if (was) hold_stage = std::max(0, *was - 1);
    if (!(state.hold_stage == hold_stage && since)) since = today;
    plan.hold_rule = HoldRule::kRegress;
    if (was && *was > 0) {
      plan.hold_explanation =
          fmt::format("{}: hold for {}, down from {}, because the stage went back.", step->title,
                      seconds_text(hold_at(hold_stage)), seconds_text(hold_at(*was)));
    } else {
      plan.hold_explanation = fmt::format("{}: hold for {}, {}, because the stage went back.", step->title,
                                          seconds_text(hold_at(hold_stage)),
                                          hold_stage == 0 ? "the shortest hold" : "a shorter hold");
    }
  } else if (!since) {
    since = today;
    plan.hold_rule = HoldRule::kStart;
    plan.hold_explanation = fmt::format("{}: hold for {}, hold {} of {}; each hold lasts at least {}.",
                                        step->title, seconds_text(hold_at(hold_stage)), hold_stage + 1,
                                        longest + 1, count_of(weeks, "week", "weeks"));
  } else if (hold_stage == longest) {
    plan.hold_rule = HoldRule::kLongest;
    plan.hold_explanation = fmt::format("{}: hold for {}, the longest hold of the build-up.", step->title,
                                        seconds_text(hold_at(hold_stage)));
  } else {
    const bool long_enough = today - *since >= days{kDaysPerWeek * weeks};
    // Practised at this hold: recorded with the session, else done since the hold began.
    const bool at_this_hold =
        last != nullptr && (last->hold_stage ? *last->hold_stage == hold_stage : last->date >= *since);
    const bool last_easy = at_this_hold && last->outcome == SessionOutcome::kCompleted &&
                           last->stage >= step->stage && rated_at_most(*last, max_pain);
    if (long_enough && last_easy) {
      plan.hold_rule = HoldRule::kAdvance;
      plan.hold_explanation = fmt::format(
          "{}: hold for {}, up from {}, after {} at the shorter hold with your last session at {} or below.",
          step->title, seconds_text(hold_at(hold_stage + 1)), seconds_text(hold_at(hold_stage)),
          count_of(weeks, "week", "weeks"), pain_text(max_pain));
      ++hold_stage;
      since = today;
    } else {
      plan.hold_rule = HoldRule::kKeep;
      plan.hold_explanation =
          long_enough
              ? fmt::format(
                    "{}: hold for {} again; the next hold comes after a session at this hold at {} or below.",
                    step->title, seconds_text(hold_at(hold_stage)), pain_text(max_pain))
              : fmt::format("{}: hold for {} again; the next hold comes after {} at this one (from {}).",
                            step->title, seconds_text(hold_at(hold_stage)), count_of(weeks, "week", "weeks"),
                            date_text(*since + days{kDaysPerWeek * weeks}));
    }
  }
  plan.hold_stage = hold_stage;
  plan.hold = hold_at(hold_stage);
  plan.next_state.hold_stage = hold_stage;
  plan.next_state.hold_stage_since = since;
}

void decide_week(const Routine& routine, const std::vector<PastSession>& sessions, sys_days today,
                 Plan& plan) {
  const std::chrono::weekday weekday{today};
  const sys_days monday = today - days{weekday.iso_encoding() - 1};
  std::set<sys_days> practised;
  for (const auto& session : sessions) {
    if (session.outcome == SessionOutcome::kCompleted && session.date >= monday && session.date <= today) {
      practised.insert(session.date);
    }
  }
  plan.days_practised_this_week = static_cast<int>(practised.size());
  plan.practised_today = practised.contains(today);
  plan.minutes = routine.dosage.minutes_per_day;
  plan.sessions_per_week =
      plan.maintenance ? routine.dosage.maintenance_per_week : routine.dosage.days_per_week;
  plan.rest_day_suggested = plan.days_practised_this_week >= plan.sessions_per_week;
  const std::string since_monday = fmt::format("this week (since Monday {})", date_text(monday));
  if (plan.rest_day_suggested) {
    plan.week_explanation = fmt::format(
        "You have practised on {} {}, which meets the target of {}, so today is a good day to rest.",
        count_of(plan.days_practised_this_week, "day", "days"), since_monday, plan.sessions_per_week);
  } else {
    plan.week_explanation =
        fmt::format("You have practised on {} of {} {}{}, {} minutes a day{}.", plan.days_practised_this_week,
                    count_of(plan.sessions_per_week, "day", "days"), since_monday,
                    plan.practised_today ? ", today included" : "", fmt::format("{:g}", plan.minutes),
                    plan.evening_suggested ? ", best as the last thing before bed" : "");
  }
}

double mean_pain(std::span<const PastSession> sessions) {
  const double sum = std::accumulate(sessions.begin(), sessions.end(), 0.0,
                                     [](double total, const PastSession& s) { return total + *s.max_pain; });
  return sum / static_cast<double>(sessions.size());
}

void decide_clinician(const ProgressionRules& rules, const std::vector<PastSession>& counted, Plan& plan) {
  std::vector<PastSession> rated;
  std::copy_if(counted.begin(), counted.end(), std::back_inserter(rated),
               [](const PastSession& s) { return s.max_pain.has_value(); });
  const auto window = static_cast<std::size_t>(kPainWindowSessions);
  if (rated.size() < 2 * window) return;
  const std::span<const PastSession> recent{rated.end() - static_cast<std::ptrdiff_t>(window), rated.end()};
  const sys_days cutoff = recent.back().date - days{rules.clinician_after_days};
  std::vector<PastSession> earlier;
  for (auto it = rated.rbegin() + static_cast<std::ptrdiff_t>(window);
       it != rated.rend() && earlier.size() < window; ++it) {
    if (it->date <= cutoff) earlier.push_back(*it);
  }
  if (earlier.size() < window) return;
  const double recent_mean = mean_pain(recent);
  const double earlier_mean = mean_pain(earlier);
  const std::string numbers = fmt::format(
      "an average of {:.1f}/10 in your latest {} sessions against {:.1f}/10 at least {} days before",
      recent_mean, kPainWindowSessions, earlier_mean, rules.clinician_after_days);
  if (recent_mean - earlier_mean >= kMeaningfulPainChange && recent_mean > rules.painless_max_pain) {
    plan.clinician = ClinicianAdvice::kWorsening;
    plan.clinician_explanation = fmt::format(
        "Your pain has grown over {} days ({}), so please see a clinician before going on; velum cannot tell "
        "what is behind it.",
        rules.clinician_after_days, numbers);
  } else if (earlier_mean - recent_mean < kMeaningfulPainChange && recent_mean > rules.advance_max_pain) {
    plan.clinician = ClinicianAdvice::kNoImprovement;
    plan.clinician_explanation = fmt::format(
        "Your pain has not eased over {} days ({}), so please see a clinician about it; velum cannot tell "
        "what is behind it.",
        rules.clinician_after_days, numbers);
  }
}

// While clinician advice is due, the plan never moves on: advancing (or even
// saying "keep building") beside "please see a clinician" would contradict it.
// Rules that go back a stage or pause are already cautious and keep their word.
void hold_for_clinician(const Plan& plan, const std::vector<PastSession>& counted, int clinician_after_days,
                        StageDecision& decision) {
  if (plan.clinician == ClinicianAdvice::kNone || counted.empty()) return;
  switch (decision.rule) {
    case PlanRule::kAdvance:
    case PlanRule::kTopStage:
    case PlanRule::kKeepBuilding:
    case PlanRule::kModeratePain:
    case PlanRule::kNoPainRating:
    case PlanRule::kMaintenance:
      break;
    default:
      return;
  }
  decision.rule = PlanRule::kSeeClinician;
  decision.stage = counted.back().stage;
  decision.explanation = fmt::format(
      "Stage {} again today, and no further until a clinician has looked at the pain, since it has {} over "
      "{} days.",
      decision.stage, plan.clinician == ClinicianAdvice::kWorsening ? "grown" : "not eased",
      clinician_after_days);
}

}  // namespace

std::string_view to_string(SessionOutcome value) {
  switch (value) {
    case SessionOutcome::kCompleted:
      return "completed";
    case SessionOutcome::kStopped:
      return "stopped";
    case SessionOutcome::kInterrupted:
      return "interrupted";
  }
  return "unknown";
}

std::string_view to_string(PlanRule value) {
  switch (value) {
    case PlanRule::kFirstSession:
      return "first-session";
    case PlanRule::kNoFinishedSession:
      return "no-finished-session";
    case PlanRule::kAdvance:
      return "advance";
    case PlanRule::kTopStage:
      return "top-stage";
    case PlanRule::kKeepBuilding:
      return "keep-building";
    case PlanRule::kModeratePain:
      return "moderate-pain";
    case PlanRule::kNoPainRating:
      return "no-pain-rating";
    case PlanRule::kRegressPain:
      return "regress-pain";
    case PlanRule::kRegressStop:
      return "regress-stop";
    case PlanRule::kStayAfterStop:
      return "stay-after-stop";
    case PlanRule::kPaused:
      return "paused";
    case PlanRule::kResumed:
      return "resumed";
    case PlanRule::kMaintenance:
      return "maintenance";
    case PlanRule::kSeeClinician:
      return "see-clinician";
  }
  return "unknown";
}

std::string_view to_string(HoldRule value) {
  switch (value) {
    case HoldRule::kNoBuildUp:
      return "no-build-up";
    case HoldRule::kNotUnlocked:
      return "not-unlocked";
    case HoldRule::kStart:
      return "start";
    case HoldRule::kKeep:
      return "keep";
    case HoldRule::kAdvance:
      return "advance";
    case HoldRule::kLongest:
      return "longest";
    case HoldRule::kRegress:
      return "regress";
  }
  return "unknown";
}

std::string_view to_string(ClinicianAdvice value) {
  switch (value) {
    case ClinicianAdvice::kNone:
      return "none";
    case ClinicianAdvice::kNoImprovement:
      return "no-improvement";
    case ClinicianAdvice::kWorsening:
      return "worsening";
  }
  return "unknown";
}

PlanResult plan_today(const Routine& routine, std::span<const PastSession> history, const PlanState& state,
                      sys_days today) {
  PlanResult result;
  const int top_stage = std::max(1, routine.stage_count());
  result.diagnostics = check_history(routine, history, today, top_stage);
  const bool any_error = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
  if (any_error) return result;

  std::vector<PastSession> sessions;
  for (const auto& session : history) {
    if (session.routine_id != routine.id) continue;
    sessions.push_back(session);
    sessions.back().stage = std::min(session.stage, top_stage);
  }
  std::vector<PastSession> counted;
  std::copy_if(sessions.begin(), sessions.end(), std::back_inserter(counted), counts);

  Plan plan;
  decide_clinician(routine.progression, counted, plan);
  StageDecision stage = decide_stage(sessions, counted, state, routine.progression, top_stage);
  hold_for_clinician(plan, counted, routine.progression.clinician_after_days, stage);
  plan.routine_id = routine.id;
  plan.stage = stage.stage;
  plan.rule = stage.rule;
  plan.explanation = stage.explanation;
  plan.paused = stage.paused;
  plan.maintenance = stage.maintenance;
  plan.evening_suggested = stage.maintenance;
  plan.next_state = state;
  plan.next_state.stage = stage.stage;
  plan.next_state.paused = stage.paused;
  plan.next_state.maintenance = stage.maintenance;
  std::size_t last_counted_index = 0;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    if (counts(sessions[i])) last_counted_index = i;
  }
  const bool last_is_new =
      !counted.empty() && last_counted_index >= static_cast<std::size_t>(std::max(0, state.sessions_seen));
  plan.next_state.sessions_seen = static_cast<int>(sessions.size());
  decide_hold(routine, counted, last_is_new, state, stage, today, plan);
  decide_week(routine, sessions, today, plan);
  result.plan = std::move(plan);
  return result;
}

}  // namespace velum::practice
