// `velum study plan --earliest DATE --latest DATE`: a randomized-start AB design.
// The day practice begins is drawn at random within the person's window and kept
// in the journal before the baseline begins; `velum stats` then adds the
// randomization test. `velum study show` prints the plan.

#include <fmt/format.h>

#include <charconv>
#include <ostream>
#include <random>

#include "cli/journal_access.hpp"
#include "insight/single_case.hpp"

namespace velum::cli {
namespace {

// With fewer admissible days the randomization test can never reach p < 0.05.
constexpr int kStartsForFivePercent = 20;
constexpr int kSeedHexDigits = 16;

struct StudyOptions {
  std::string earliest;
  std::string latest;
  std::string seed;  // 16 hex digits; random when empty
  DataOptions data_dir;
};

std::optional<std::uint64_t> parse_seed(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<std::chrono::sys_days> parse_day(const Context& context, CommandResult& result,
                                               const std::string& flag, const std::string& text) {
  const auto day = journal::parse_date_text(text);
  if (!day) {
    fail(context, result, kExitInvalid,
         fmt::format("{} must be a calendar day written YYYY-MM-DD, got '{}'", flag, text));
    return std::nullopt;
  }
  return std::chrono::sys_days{*day};
}

void run_plan(const Context& context, const StudyOptions& options, CommandResult& result) {
  const auto earliest = parse_day(context, result, "--earliest", options.earliest);
  if (!earliest) return;
  const auto latest = parse_day(context, result, "--latest", options.latest);
  if (!latest) return;
  const auto now = journal::system_now();
  const std::chrono::sys_days today{journal::local_date(now)};
  if (*earliest <= today) {
    return fail(
        context, result, kExitInvalid,
        fmt::format("--earliest must be after today ({}), so at least one baseline day comes before any "
                    "possible start",
                    journal::to_date_text(journal::local_date(now))));
  }
  std::uint64_t seed = 0;
  if (options.seed.empty()) {
    std::random_device device;
    seed = (static_cast<std::uint64_t>(device()) << 32U) | device();
  } else if (auto parsed = parse_seed(options.seed)) {
    seed = *parsed;
  } else {
    return fail(
        context, result, kExitInvalid,
        fmt::format("--seed must be up to {} hexadecimal digits, got '{}'", kSeedHexDigits, options.seed));
  }
  const auto draw = insight::draw_start_day(*earliest, *latest, seed);
  if (!draw.ok()) {
    return fail(context, result, kExitInvalid,
                fmt::format("--latest {} is before --earliest {}; give the earlier day first", options.latest,
                            options.earliest));
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  auto existing = store->study_plans(std::string(journal::kDefaultUser));
  if (!existing) return fail(context, result, exit_code_for(existing.error()), existing.error().message);
  if (!existing->empty()) {
    return fail(
        context, result, kExitInvalid,
        fmt::format("you already have a study plan: practice starts on {}. A drawn start is kept so the "
                    "test stays fair",
                    journal::to_date_text(existing->back().start)));
  }
  auto sessions = store->sessions(journal::Query{});
  if (!sessions) return fail(context, result, exit_code_for(sessions.error()), sessions.error().message);
  if (!sessions->empty()) {
    return fail(
        context, result, kExitInvalid,
        "the journal already has sessions, so the baseline is over; a randomized start has to be drawn "
        "before the first session");
  }
  journal::StudyPlan plan;
  plan.id = journal::new_record_id();
  plan.earliest = std::chrono::year_month_day{*earliest};
  plan.latest = std::chrono::year_month_day{*latest};
  plan.start = std::chrono::year_month_day{draw.value->start};
  plan.seed = fmt::format("{:016x}", seed);
  plan.drawn_at = now;
  if (auto saved = store->add_study_plan(plan); !saved) {
    return fail(context, result, exit_code_for(saved.error()), saved.error().message);
  }
  std::ostream& out = *context.out;
  out << fmt::format("Practice starts on {} (drawn at random from {} to {}).\n",
                     journal::to_date_text(plan.start), options.earliest, options.latest);
  out << "Until then, check in every day without practising: that is your baseline.\n";
  out << fmt::format(
      "With {} possible start days, the smallest p-value the randomization test can give is {:.3f}.\n",
      draw.value->admissible_starts, draw.value->smallest_possible_p);
  if (draw.value->admissible_starts < kStartsForFivePercent) {
    out << fmt::format("A window of at least {} days lets the test reach p < 0.05.\n", kStartsForFivePercent);
  }
}

void run_show(const Context& context, const StudyOptions& options, CommandResult& result) {
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  auto plans = store->study_plans(std::string(journal::kDefaultUser));
  if (!plans) return fail(context, result, exit_code_for(plans.error()), plans.error().message);
  if (plans->empty()) {
    *context.out << "No study plan. Draw one with: velum study plan --earliest DATE --latest DATE\n";
    return;
  }
  const auto& plan = plans->back();
  *context.out << fmt::format(
      "Practice starts on {} (drawn on {} from {} to {}, seed {}).\n", journal::to_date_text(plan.start),
      journal::to_date_text(journal::local_date(plan.drawn_at)), journal::to_date_text(plan.earliest),
      journal::to_date_text(plan.latest), plan.seed);
}

}  // namespace

void add_study_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<StudyOptions>();
  auto* command = app.add_subcommand("study", "A randomized-start study: draw the day practice begins");
  command->require_subcommand(1);
  auto* plan =
      command->add_subcommand("plan", "Draw the start of practice at random within a window of days");
  plan->add_option("--earliest", options->earliest, "First possible start day, YYYY-MM-DD (after today)")
      ->required();
  plan->add_option("--latest", options->latest, "Last possible start day, YYYY-MM-DD")->required();
  plan->add_option("--seed", options->seed, "Seed of the draw, hexadecimal (default: random)");
  add_data_option(*plan, options->data_dir);
  plan->callback([&context, &result, options] { run_plan(context, *options, result); });
  auto* show = command->add_subcommand("show", "Show your study plan");
  add_data_option(*show, options->data_dir);
  show->callback([&context, &result, options] { run_show(context, *options, result); });
}

}  // namespace velum::cli
