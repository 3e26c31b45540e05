#include "cli/parse_errors.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "journal/records.hpp"

namespace velum::cli {
namespace {

// The command reached (the last subcommand named) and its spelling "velum a b".
struct Reached {
  const CLI::App* command = nullptr;
  std::string path;
};

Reached deepest_command(const CLI::App& app) {
  Reached reached{&app, "velum"};
  for (;;) {
    const auto selected = reached.command->get_subcommands();
    if (selected.empty()) return reached;
    reached.command = selected.front();
    reached.path += ' ' + reached.command->get_name();
  }
}

std::vector<std::string> option_spellings(const CLI::App& command) {
  std::vector<std::string> spellings;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) spellings.push_back("--" + name);
    for (const auto& name : option->get_snames()) spellings.push_back("-" + name);
  }
  return spellings;
}

std::vector<std::string> subcommand_spellings(const CLI::App& command) {
  std::vector<std::string> spellings;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    if (!sub->get_name().empty()) spellings.push_back(sub->get_name());
  }
  return spellings;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& spellings) {
  const std::vector<std::string_view> choices(spellings.begin(), spellings.end());
  const auto closest = journal::closest_spelling(word, choices);
  return closest ? fmt::format(" (did you mean '{}'?)", *closest) : std::string();
}

// One line on the first word the command did not take, or "" when every word was used.
std::string describe_leftover(const Reached& reached) {
  const auto leftover = reached.command->remaining(false);
  if (leftover.empty()) return {};
  const std::string& word = leftover.front();
  if (word.starts_with('-')) {
    const auto name = word.substr(0, word.find('='));
    return fmt::format("velum: '{}' has no option {}{}\n", reached.path, name,
                       did_you_mean(name, option_spellings(*reached.command)));
  }
  const auto subcommands = subcommand_spellings(*reached.command);
  if (subcommands.empty()) {
    return fmt::format("velum: '{}' did not expect '{}'\n", reached.path, word);
  }
  return fmt::format("velum: '{}' is not a command of '{}'{}\n", word, reached.path,
                     did_you_mean(word, subcommands));
}

}  // namespace

std::string describe_parse_error(const CLI::App& app, const CLI::ParseError& error) {
  const Reached reached = deepest_command(app);
  std::string message = describe_leftover(reached);
  if (message.empty()) message = fmt::format("velum: {}\n", error.what());
  const bool top = reached.command == &app;
  message += fmt::format("(run '{} --help' to see {})\n", reached.path,
                         top ? "the commands and options" : "its options");
  return message;
}

}  // namespace velum::cli
