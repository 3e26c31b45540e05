// `velum session [ROUTINE]`: the hands-free guided session. Before: today's plan,
// the safety screen, the hygiene checklist. During: the routine's Timeline played
// against the session clock, each step committed to the journal as it ends.
// After: what happened (when stopped), ratings, a summary, and aftercare.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <ostream>
#include <set>
#include <string>

#include "audio/live.hpp"
#include "audio/render.hpp"
#include "audio/speech.hpp"
#include "cli/commands.hpp"
#include "cli/journal_access.hpp"
#include "cli/sample_clock.hpp"
#include "cli/screen_access.hpp"
#include "cli/session_runner.hpp"
#include "cli/terminal.hpp"
#include "cli/text.hpp"
#include "common/plan.hpp"
#include "common/session_start.hpp"
#include "journal/folder_lock.hpp"
#include "journal/store.hpp"
#include "practice/loader.hpp"
#include "practice/safety.hpp"
#include "practice/timeline.hpp"

namespace velum::cli {
namespace {

// The terminal shows the session without sound at this rate; the Timeline is
// counted in its samples either way.
constexpr int kSessionRateHz = 48000;
constexpr int kMinSpeed = 1;
constexpr int kMaxSpeed = 120;
constexpr int kExitOnSignalBase = 128;  // shells report death by signal N as 128 + N

struct SessionOptions {
  std::string routine;
  std::string audio = "auto";
  int speed = 1;
  DataOptions data_dir;
};

// The session through the sound device: spoken cues, the breath sounds and
// the bells of the Timeline. The frames the device has played are the clock.
struct LiveSound {
  std::unique_ptr<audio::SpeechEngine> engine;
  std::optional<audio::PhraseCache> phrases;
  std::unique_ptr<audio::SessionRenderer> renderer;
  std::unique_ptr<audio::LivePlayer> player;
};

class DeviceClock final : public SampleClock {
 public:
  explicit DeviceClock(const audio::LivePlayer& player) : player_(player) {}
  practice::SampleIndex now() override { return player_.frames_delivered(); }

 private:
  const audio::LivePlayer& player_;
};

// Prepares and opens the sound for `timeline`; an error sentence on failure.
std::optional<std::string> open_sound(const practice::Timeline& timeline, LiveSound& sound) {
  auto made = audio::make_speech_engine(audio::SpeechSettings{});
  if (!made) return one_line(made.error());
  sound.engine = std::move(*made);
  sound.phrases.emplace(*sound.engine, timeline.sample_rate_hz);
  audio::RenderSettings settings;
  settings.voice = true;
  auto created = audio::SessionRenderer::create(timeline, settings, &*sound.phrases);
  if (!created) return one_line(created.error());
  sound.renderer = std::move(*created);
  auto opened = audio::LivePlayer::open(*sound.renderer, audio::LiveSettings{});
  if (!opened) return one_line(opened.error());
  sound.player = std::move(*opened);
  if (auto started = sound.player->start()) return one_line(*started);
  return std::nullopt;
}

// Commits each step as it ends (a killed process keeps every finished step)
// and pauses or silences the sound when asked.
class JournalListener final : public GuidedListener {
 public:
  JournalListener(journal::Store& store, std::string session_id, std::ostream& err, audio::LivePlayer* player)
      : store_(store), session_id_(std::move(session_id)), err_(err), player_(player) {}

  void step_ended(const StepTiming& timing) override {
    journal::StepResult step;
    step.session_id = session_id_;
    step.step_id = timing.step_id;
    step.index = timing.index;
    step.planned_seconds = timing.planned_seconds;
    step.actual_seconds = timing.actual_seconds;
    step.hold_seconds = timing.hold_seconds;
    if (auto saved = store_.add_step_result(step); !saved) {
      // The session goes on: stopping a person mid-step because the disk is
      // full would be worse than a missing record. Said once, plainly.
      if (!warned_) err_ << "velum: " << saved.error().message << " (the session goes on)\n";
      warned_ = true;
      return;
    }
    timings_.push_back(timing);
  }
  void pause_changed(bool paused) override {
    if (player_ == nullptr) return;
    if (paused) {
      player_->stop();
    } else if (auto error = player_->start()) {
      err_ << "velum: " << one_line(*error) << '\n';
    }
  }
  void stopped() override {
    if (player_ != nullptr) player_->stop();
  }

  const std::vector<StepTiming>& timings() const { return timings_; }

 private:
  journal::Store& store_;
  std::string session_id_;
  std::ostream& err_;
  audio::LivePlayer* player_;
  std::vector<StepTiming> timings_;
  bool warned_ = false;
};

// The clock seam for --speed: steady time, N times faster.
SteadySampleClock::TimeSource scaled_time(int speed) {
  return [speed] { return SteadySampleClock::steady_now() * speed; };
}

void say_interrupted(journal::Store& store, int count, const Context& context) {
  auto sessions = store.sessions(journal::Query{});
  if (!sessions) return;
  const journal::SessionRecord* last = nullptr;
  for (const auto& session : *sessions) {
    if (session.outcome == journal::SessionOutcome::kInterrupted &&
        (last == nullptr || session.started_at.utc >= last->started_at.utc)) {
      last = &session;
    }
  }
  if (last == nullptr) return;
  const auto steps = store.step_results(last->id);
  const std::size_t saved = steps ? steps->size() : 0;
  *context.out << fmt::format(
      "Your previous session ({}, started {}) was interrupted before it ended. It is kept in your journal as "
      "interrupted, with the {} step{} you finished.{}\n\n",
      last->routine_id, journal::to_date_text(std::chrono::year_month_day{local_day(last->started_at)}),
      saved, saved == 1 ? "" : "s",
      count > 1 ? fmt::format(" ({} sessions were open.)", count) : std::string{});
}

struct RunContext {
  const Context& context;
  CommandResult& result;
  journal::Store& store;
  Prompter& input;
  const SessionOptions& options;
  bool animate;
};

// Whether a session of `routine` may start now (the use-case layer decides, as
// for the web app), with today's plan stored in the journal when it changed. On
// a journal error prints one line, sets the exit code and returns nullopt.
std::optional<common::StartDecision> decide(RunContext& run, const practice::Routine& routine) {
  practice::Catalog just_this;
  just_this.routines.push_back(routine);
  auto decision = common::decide_start(run.store, just_this, common::PlanRequest{routine.id, false},
                                       journal::system_now());
  if (!decision) {
    fail(run.context, run.result, exit_code_for(decision.error()), decision.error().message);
    return std::nullopt;
  }
  decision->today.routine = &routine;  // not into `just_this`, which ends here
  return std::move(*decision);
}

// What the person can do to lift a refusal, as a command to type.
std::string unblock_text(const common::StartRefusal& refusal, const practice::Routine& routine) {
  switch (refusal.unblock) {
    case common::Unblock::kTakeScreen:
      return "Take it with 'velum screen'.";
    case common::Unblock::kClinicianAdvice:
      return "When a clinician has said it is fine, answer the questions again with 'velum screen'.";
    case common::Unblock::kConfirmWell:
      return fmt::format(
          "When you feel well again, say so with 'velum plan --routine {} --confirm-well', then start the "
          "session again.",
          routine.id);
  }
  return {};
}

// Runs one routine from the plan to the summary. Returns false when the
// command should end (not started, stopped, or input ended).
bool run_routine(RunContext& run, const practice::Routine& routine) {
  auto& out = *run.context.out;
  const auto decision = decide(run, routine);
  if (!decision) return false;
  const auto& plan = decision->today.plan;
  if (decision->refusal) {
    out << decision->refusal->message << '\n'
        << decision->refusal->advice << ' ' << unblock_text(*decision->refusal, routine) << '\n';
    run.result.exit_code = kExitInvalid;
    return false;
  }

  // One length, said the same way here, when the session starts and at its end.
  const auto length = format_length(session_length(routine, plan.stage, plan.hold_stage));
  const int width = std::min(run.context.terminal_columns, kMaxTextColumns);
  out << wrap(
             fmt::format("{}: stage {} of {}, {}.", routine.title, plan.stage, routine.stage_count(), length),
             width, 0)
      << wrap(plan.explanation, width, 0);
  if (!plan.hold_explanation.empty()) out << wrap(plan.hold_explanation, width, 0);
  for (const auto& warning : decision->warnings) out << wrap(warning, width, 0);
  for (const auto reminder : decision->reminders) out << wrap(reminder, width, 0);
  out << '\n';

  const auto ready = run_checklist(decision->checklist, run.input, out);
  if (!ready) {
    out << "No answer came, so the session has not started.\n";
    run.result.exit_code = kExitInvalid;
    return false;
  }
  if (!*ready) {
    run.result.exit_code = kExitInvalid;
    return false;
  }

  practice::TimelineSettings settings;
  settings.sample_rate_hz = kSessionRateHz;
  settings.stage = plan.stage;
  settings.hold_stage = plan.hold_stage;
  auto compiled = practice::compile_timeline(routine, settings);
  if (!compiled.timeline) {
    const auto& first = compiled.diagnostics.front();
    fail(run.context, run.result, kExitInvalid,
         fmt::format("the routine '{}' cannot be played: {}{}", routine.id, first.message,
                     first.hint.empty() ? "" : " (" + first.hint + ")"));
    return false;
  }
  const auto& timeline = *compiled.timeline;

  LiveSound sound;
  if (run.options.audio == "auto") {
    if (auto error = open_sound(timeline, sound)) {
      fail(run.context, run.result, kExitInvalid,
           fmt::format(
               "the sound could not start: {}; 'velum session --audio none' runs with the screen alone",
               *error));
      return false;
    }
  }

  journal::SessionRecord record;
  record.id = journal::new_record_id();
  record.routine_id = routine.id;
  record.routine_version = routine.version;
  record.pattern = routine.default_pattern;
  record.stage = plan.stage;
  record.started_at = journal::system_now();
  if (auto begun = run.store.begin_session(record); !begun) {
    fail(run.context, run.result, exit_code_for(begun.error()), begun.error().message);
    return false;
  }

  out << '\n'
      << wrap(fmt::format("The session starts now and runs by itself for {}. Close your eyes if you like.",
                          length),
              width, 0)
      << '\n';
  out.flush();
  SteadySampleClock steady(kSessionRateHz, scaled_time(run.options.speed));
  std::optional<DeviceClock> device;
  if (sound.player) device.emplace(*sound.player);
  SampleClock& clock = device ? static_cast<SampleClock&>(*device) : steady;
  JournalListener listener(run.store, record.id, *run.context.err, sound.player.get());
  GuidedOptions guided;
  guided.columns = run.context.terminal_columns;
  guided.animate = run.animate;
  const auto ran = run_guided(timeline, clock, run.input, out, guided, listener);
  if (sound.player) sound.player->stop();

  if (ran.end == GuidedEnd::kInterrupted) {
    (void)run.store.end_session(record.id, journal::system_now(), journal::SessionOutcome::kInterrupted,
                                std::nullopt);
    out << "The session was interrupted; the steps you finished are in your journal.\n";
    run.result.exit_code = kExitOnSignalBase + g_stop_signal;
    return false;
  }

  if (ran.end == GuidedEnd::kStopped) {
    out << "\nStopped. Take your hand out of your mouth and breathe slowly.\n\n";
    auto reason = ask_stop_reason(run.input, out);
    if (!reason) reason = journal::StopReason{std::nullopt, "no answer given"};
    if (auto ended = run.store.end_session(record.id, journal::system_now(),
                                           journal::SessionOutcome::kStopped, *reason);
        !ended) {
      fail(run.context, run.result, exit_code_for(ended.error()), ended.error().message);
      return false;
    }
    const auto* choice = practice::find_stop_choice(journal::stop_reason_spelling(*reason));
    out << "\nThe session stopped and is saved in your journal (" << journal::stop_reason_spelling(*reason)
        << ").\n"
        << (choice != nullptr ? choice->advice : std::string_view{}) << '\n';
    if (auto after = decide(run, routine)) {
      if (after->today.plan.paused) {
        out << "\n"
            << after->today.plan.explanation << '\n'
            << "Progression is paused. When you feel well again, say so with 'velum plan --routine "
            << routine.id << " --confirm-well'.\n";
      }
    }
    return false;
  }

  if (auto ended = run.store.end_session(record.id, journal::system_now(),
                                         journal::SessionOutcome::kCompleted, std::nullopt);
      !ended) {
    fail(run.context, run.result, exit_code_for(ended.error()), ended.error().message);
    return false;
  }

  out << "\nWell done. Now rate each step (one key each):\n";
  int max_pain = 0;
  std::vector<practice::Sensation> noticed;
  for (const auto& timing : listener.timings()) {
    const auto step = std::find_if(routine.steps.begin(), routine.steps.end(),
                                   [&](const practice::Step& s) { return s.id == timing.step_id; });
    if (step == routine.steps.end()) continue;
    const auto rating = ask_step_rating(*step, run.input, out);
    if (!rating) {
      out << "No more answers came; the steps rated so far are saved.\n";
      break;
    }
    if (auto saved = run.store.rate_step(record.id, timing.index, rating->pain, rating->sensations); !saved) {
      fail(run.context, run.result, exit_code_for(saved.error()), saved.error().message);
      return false;
    }
    max_pain = std::max(max_pain, rating->pain);
    for (const auto s : rating->sensations) {
      if (std::find(noticed.begin(), noticed.end(), s) == noticed.end()) noticed.push_back(s);
    }
  }
  std::string sensations;
  for (const auto s : noticed)
    sensations += (sensations.empty() ? "" : ", ") + std::string(practice::label(s));
  out << fmt::format("\nSession complete: {}, {} steps, highest pain {}/10.\nNoticed: {}.\n", length,
                     listener.timings().size(), max_pain,
                     sensations.empty() ? "nothing in particular" : sensations);
  if (max_pain > practice::kMaxPainCeiling) {
    out << fmt::format(
        "That is above {}/10, so the next session goes back one stage. Gentler is faster here.\n",
        practice::kMaxPainCeiling);
  }
  return true;
}

void run_session(const Context& context, const SessionOptions& options, CommandResult& result) {
  if (options.audio != "auto" && options.audio != "none") {
    return fail(context, result, kExitUnreadable,
                fmt::format("--audio '{}' is not known: use auto or none", options.audio));
  }
  if (options.speed < kMinSpeed || options.speed > kMaxSpeed) {
    return fail(context, result, kExitInvalid,
                fmt::format("--speed {} is out of range: use {} to {}", options.speed, kMinSpeed, kMaxSpeed));
  }
  if (options.audio == "auto") {
    if (options.speed != 1) {
      return fail(context, result, kExitUnreadable,
                  "--speed runs time faster than sound can follow: add --audio none");
    }
    // Checked before anything is asked, so nobody answers a checklist for a
    // session that then cannot be heard.
    if (const auto missing = audio::find_output_device()) {
      return fail(context, result, kExitInvalid,
                  fmt::format("{}; 'velum session --audio none' runs the session with the screen alone",
                              missing->message));
    }
  }

  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  // A running `velum serve` (or another session) owns the folder's open
  // session: closing it as interrupted below would break that one.
  const auto folder_lock = journal::lock_data_folder(data_folder(context, options.data_dir), "velum session");
  if (!folder_lock)
    return fail(context, result, exit_code_for(folder_lock.error()), folder_lock.error().message);
  const auto interrupted = store->mark_interrupted_sessions(journal::system_now());
  if (!interrupted)
    return fail(context, result, exit_code_for(interrupted.error()), interrupted.error().message);
  if (*interrupted > 0) say_interrupted(*store, *interrupted, context);

  const auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  // The plan names the routine when none is given: the one practised last, else the core routine.
  const auto today =
      common::plan_today(*store, catalog, common::PlanRequest{options.routine, false}, journal::system_now());
  if (!today) return fail(context, result, exit_code_for(today.error()), today.error().message);
  const practice::Routine* routine = today->routine;

  StopSignals signals;
  g_stop_signal = 0;
  RawTerminal raw;
  TerminalKeys keys;
  const bool terminal = isatty(STDIN_FILENO) != 0;
  Prompter input(
      keys, !terminal, [&keys] { return keys.ended(); }, &g_stop_signal);
  RunContext run{context, result, *store, input, options, isatty(STDOUT_FILENO) != 0};

  if (!run_routine(run, *routine)) return;
  if (routine->id == common::kAftercareRoutineId) return;
  const practice::Routine* aftercare = catalog.find(std::string{common::kAftercareRoutineId});
  if (aftercare == nullptr) return;
  *context.out << '\n';
  const auto again = ask_yes_no(fmt::format("Go on with the aftercare routine now ({})?", aftercare->title),
                                input, *context.out);
  if (!again || !*again) {
    *context.out << "You can start it later with 'velum session aftercare'.\n";
    return;
  }
  *context.out << '\n';
  run_routine(run, *aftercare);
}

}  // namespace

void add_session_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<SessionOptions>();
  auto* command = app.add_subcommand(
      "session", "A guided session: hands-free and spoken, p pauses, s or space stops at once");
  command->add_option("routine,--routine", options->routine,
                      fmt::format("The routine's id (default: the one you practised last, else {})",
                                  common::kDefaultRoutineId));
  command
      ->add_option("--audio", options->audio, "auto: play through the sound device; none: the screen alone")
      ->default_str("auto");
  command
      ->add_option("--speed", options->speed, "Run time this many times faster (1-120, for demos and tests)")
      ->default_str("1");
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_session(context, *options, result); });
}

}  // namespace velum::cli
