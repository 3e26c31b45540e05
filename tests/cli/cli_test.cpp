// Runs the real `velum` binary as a person would and checks what it prints.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli_runner.hpp"

namespace velum::cli {
namespace {

TEST(Cli, VersionPrintsTheProjectVersion) {
  auto run = run_velum({"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.rfind("velum ", 0), 0u) << run.out;
}

TEST(Cli, UnknownCommandIsAUsageErrorWithAHint) {
  auto run = run_velum({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("frobnicate"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("velum --help"), std::string::npos) << run.err;
}

TEST(Cli, UnknownOptionIsAUsageError) {
  auto run = run_velum({"patterns", "list", "--jsn"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--jsn"), std::string::npos) << run.err;
}

TEST(Cli, PatternsListJsonHasEveryPreset) {
  auto run = run_velum({"patterns", "list", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\"diaphragmatic\""), std::string::npos);
  EXPECT_NE(run.out.find("\"holdless-calm\""), std::string::npos);
}

TEST(CommandTable, EachEntryAddsExactlyTheCommandItNames) {
  const Context context = context_from_environment(std::cout, std::cerr);
  for (const CommandEntry& command : all_commands()) {
    CLI::App app;
    CommandResult result;
    command.add(app, context, result);
    const auto added = app.get_subcommands({});
    ASSERT_EQ(added.size(), 1u) << command.name;
    EXPECT_EQ(added[0]->get_name(), command.name);
  }
}

TEST(CommandTable, ANamedCommandIsBuiltAlone) {
  const Context context = context_from_environment(std::cout, std::cerr);
  CLI::App app;
  CommandResult result;
  const std::array<const char*, 2> args{"protocols", "list"};
  add_commands_for(app, args, context, result);
  const auto added = app.get_subcommands({});
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0]->get_name(), "protocols");
}

TEST(CommandTable, NoCommandOrATypoBuildsEveryCommandForTheHelpList) {
  const Context context = context_from_environment(std::cout, std::cerr);
  for (std::vector<const char*> args : {std::vector<const char*>{}, {"--help"}, {"protocls"}}) {
    CLI::App app;
    CommandResult result;
    add_commands_for(app, args, context, result);
    EXPECT_EQ(app.get_subcommands({}).size(), all_commands().size());
  }
}

TEST(Cli, HelpListsEveryCommand) {
  auto run = run_velum({"--help"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const CommandEntry& command : all_commands())
    EXPECT_NE(run.out.find(std::string(command.name)), std::string::npos) << command.name;
}

}  // namespace
}  // namespace velum::cli
