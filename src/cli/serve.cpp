// `velum serve [--host H] [--allowed-host NAME]... [--port N] [--data DIR [--init]]`: the local web app.

#include <ostream>

#include "cli/journal_access.hpp"
#include "server/server.hpp"

namespace velum::cli {
namespace {

struct ServeOptions {
  server::ServerOptions server;
  DataOptions data_dir;
};

}  // namespace

void add_serve_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<ServeOptions>();
  auto* command = app.add_subcommand("serve", "Start the local web app and print its address");
  command->add_option("--host", options->server.host,
                      "Address to listen on (default 127.0.0.1: this machine only)");
  command->add_option("--allowed-host", options->server.allowed_hosts,
                      "Another name this server may be reached by (a reverse proxy, an /etc/hosts alias); "
                      "repeatable. Requests naming any other host are refused");
  command->add_option("--port", options->server.port, "Port to listen on; 0 picks a free one")
      ->default_str(std::to_string(server::kDefaultPort))
      ->check(CLI::Range(0, 65535));
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] {
    // The same rule as every journal command: a folder named with --data must
    // hold a journal already, or --init must say to start one there.
    if (const auto refusal = refuse_new_journal(context, options->data_dir); !refusal.empty()) {
      return fail(context, result, kExitUnreadable, refusal);
    }
    auto server_options = options->server;
    server_options.data_dir = data_folder(context, options->data_dir);
    server_options.bundled_protocols = context.bundled_protocols;
    server_options.user_protocols = context.user_protocols;
    result.exit_code = server::run_server(server_options, *context.out, *context.err);
  });
}

}  // namespace velum::cli
