// `velum screen`: the safety screen of PRACTICE.md, asked one question at a time
// on standard input (read line by line, so it can be scripted), or given whole
// with --answers; `velum screen --status` tells whether the last one still counts.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/journal_access.hpp"
#include "cli/screen_access.hpp"
#include "cli/text.hpp"
#include "practice/safety.hpp"

namespace velum::cli {
namespace {

struct ScreenOptions {
  std::string answers;
  bool status = false;
  bool json = false;
  DataOptions data_dir;
};

std::string trimmed_lower(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  std::string out{text.substr(first, last - first + 1)};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "y", "yes", "n", "no" in any case; nullopt for anything else.
std::optional<bool> parse_yes_no(std::string_view text) {
  const std::string word = trimmed_lower(text);
  if (word == "y" || word == "yes") return true;
  if (word == "n" || word == "no") return false;
  return std::nullopt;
}

// "id=no,id=yes,..." into answers, in the order given; completeness is checked
// by evaluate_screen, so only the form of each item is checked here.
std::optional<std::vector<practice::ScreenAnswer>> parse_answers(const std::string& text,
                                                                 std::string& error) {
  std::vector<practice::ScreenAnswer> answers;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const auto equals = item.find('=');
    const auto yes = equals == std::string::npos ? std::nullopt : parse_yes_no(item.substr(equals + 1));
    if (!yes) {
      error = fmt::format(
          "--answers takes QUESTION=yes or QUESTION=no for every question, separated by commas "
          "(for example recent-surgery-or-injury=no,...); '{}' is not of that form",
          item);
      return std::nullopt;
    }
    answers.push_back({trimmed_lower(item.substr(0, equals)), *yes});
    start = comma + 1;
  }
  return answers;
}

int text_width(const Context& context) { return std::min(context.terminal_columns, kMaxTextColumns); }

// Asks every question on `out`, reading one line per answer from `in`; a line
// that is not y or n is asked again. nullopt when the input ends first.
std::optional<std::vector<practice::ScreenAnswer>> ask_questions(std::istream& in, std::ostream& out,
                                                                 int width, std::string& error) {
  const auto questions = practice::screen_questions();
  out << wrap(fmt::format("Safety screen: {} questions, each answered y (yes) or n (no).", questions.size()),
              width, 0)
      << wrap("A yes is not a diagnosis; it means a clinician should be asked before you start.", width, 0)
      << '\n';
  std::vector<practice::ScreenAnswer> answers;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    std::optional<bool> yes;
    while (!yes) {
      // Wrapped at word boundaries under the question's first word; the answer
      // is typed after the last line.
      const auto number = fmt::format("{}/{}  ", i + 1, questions.size());
      const auto hanging = static_cast<int>(number.size());
      auto prompt = number + wrap(fmt::format("{} [y/n]", questions[i].question), width, hanging)
                                 .substr(static_cast<std::size_t>(hanging));
      if (!prompt.empty()) prompt.back() = ' ';
      out << prompt << std::flush;
      std::string line;
      if (!std::getline(in, line)) {
        out << '\n';
        error = fmt::format(
            "the screen was not finished (the input ended at question {} of {}); nothing was saved", i + 1,
            questions.size());
        return std::nullopt;
      }
      yes = parse_yes_no(line);
      if (!yes) out << "Please answer y or n.\n";
    }
    answers.push_back({std::string{questions[i].id}, *yes});
  }
  out << '\n';
  return answers;
}

void print_outcome(std::ostream& out, const practice::ScreenEvaluation& evaluation,
                   const practice::ScreenStatusReport& status, int width) {
  if (evaluation.blocking_ids.empty()) {
    out << "Thank you. None of your answers stands in the way of the routine.\n"
        << wrap(status.sentence, width, 0);
    return;
  }
  out << "Thank you for answering honestly. The routine waits for now:\n\n";
  for (const auto& id : evaluation.blocking_ids) {
    const auto* question = practice::find_screen_question(id);
    out << "- " << wrap(question->question, width, 2).substr(2) << wrap(question->advice, width, 2) << '\n';
  }
  out << wrap(practice::kScreenBlockedClosing, width, 0);
}

void show_status(const Context& context, const ScreenOptions& options, CommandResult& result) {
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  const auto lookup = look_up_screen(*store, local_day(journal::system_now()), context, result);
  if (!lookup) return;
  const auto& report = lookup->report;
  if (options.json) {
    nlohmann::json json = {{"status", practice::to_string(report.status)},
                           {"sentence", report.sentence},
                           {"allows_practice", report.allows_practice()},
                           {"current_question_set_version", practice::kScreenQuestionSetVersion}};
    json["valid_through"] =
        report.valid_through
            ? nlohmann::json(journal::to_date_text(std::chrono::year_month_day{*report.valid_through}))
            : nlohmann::json(nullptr);
    if (lookup->last) {
      json["taken_on"] = journal::to_date_text(std::chrono::year_month_day{lookup->last->taken_on});
      json["question_set_version"] = lookup->last->question_set_version;
      json["blocking_ids"] = lookup->last->blocking_ids;
    }
    *context.out << json.dump(2) << '\n';
    return;
  }
  *context.out << wrap(report.sentence, text_width(context), 0);
}

void take_screen(const Context& context, const ScreenOptions& options, CommandResult& result) {
  std::vector<practice::ScreenAnswer> answers;
  std::string error;
  if (!options.answers.empty()) {
    auto parsed = parse_answers(options.answers, error);
    if (!parsed) return fail(context, result, kExitInvalid, error);
    answers = std::move(*parsed);
    const auto given = practice::evaluate_screen(answers);
    if (!given.diagnostics.empty()) {
      *context.err << "velum: the screen answers are incomplete or wrong; nothing was saved:\n";
      for (const auto& diagnostic : given.diagnostics) {
        *context.err << fmt::format("  {}: {}\n    hint: {}\n", diagnostic.field, diagnostic.message,
                                    diagnostic.hint);
      }
      result.exit_code = kExitInvalid;
      return;
    }
  }
  // Open the journal before asking, so a journal that cannot be written does not
  // waste the person's answers.
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  if (options.answers.empty()) {
    auto asked = ask_questions(std::cin, *context.out, text_width(context), error);
    if (!asked) return fail(context, result, kExitInvalid, error);
    answers = std::move(*asked);
  }
  const auto evaluation = practice::evaluate_screen(answers);
  if (!evaluation.result) {
    return fail(context, result, kExitInvalid, "the screen answers are incomplete; nothing was saved");
  }

  const auto now = journal::system_now();
  const auto screening = common::make_screening(answers, evaluation, now);
  if (auto saved = store->add_screening(screening); !saved) {
    return fail(context, result, exit_code_for(saved.error()), saved.error().message);
  }
  const auto status = practice::screen_status(to_screen_record(screening), local_day(now));
  print_outcome(*context.out, evaluation, status, text_width(context));
}

}  // namespace

void add_screen_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<ScreenOptions>();
  auto* command = app.add_subcommand(
      "screen",
      "The safety screen: a few yes-or-no questions to answer before practising (again every 30 days)");
  auto* answers = command->add_option(
      "--answers", options->answers,
      "Every answer at once: QUESTION=yes|no,... (the question ids are listed when one is missing)");
  auto* status = command->add_flag("--status", options->status, "Show whether your last screen still counts");
  command->add_flag("--json", options->json, "With --status: print JSON")->needs(status);
  answers->excludes(status);
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] {
    if (options->status) return show_status(context, *options, result);
    take_screen(context, *options, result);
  });
}

}  // namespace velum::cli
