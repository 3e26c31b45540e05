// `velum serve [--host H] [--allowed-host NAME]... [--port N] [--data DIR [--init]]
//              [--lan] [--tls-cert F --tls-key F]`:
// the local web app, and on the network the pairing of a phone.

#include <ostream>

#include "cli/journal_access.hpp"
#include "server/server.hpp"

namespace velum::cli {
namespace {

struct ServeOptions {
  server::ServerOptions server;
  DataOptions data_dir;
  std::string tls_certificate;
  std::string tls_key;
  int pairing_code_lifetime_seconds = 10 * 60;
};

}  // namespace

void add_serve_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<ServeOptions>();
  auto* command = app.add_subcommand("serve", "Start the local web app and print its address");
  command->add_option("--host", options->server.host,
                      "Address to listen on (default 127.0.0.1: this machine only). Any other address "
                      "serves HTTPS to paired devices only, as --lan does");
  command->add_option("--allowed-host", options->server.allowed_hosts,
                      "Another name this server may be reached by (a reverse proxy, an /etc/hosts alias); "
                      "repeatable. Requests naming any other host are refused");
  command->add_option("--port", options->server.port, "Port to listen on; 0 picks a free one")
      ->default_str(std::to_string(server::kDefaultPort))
      ->check(CLI::Range(0, 65535));
  command->add_flag("--lan", options->server.lan,
                    "Also serve the home network over HTTPS, to a phone paired with a one-time code");
  auto* certificate = command
                          ->add_option("--tls-cert", options->tls_certificate,
                                       "Your own certificate (PEM) for HTTPS, instead of a self-signed one")
                          ->check(CLI::ExistingFile);
  auto* key = command->add_option("--tls-key", options->tls_key, "The private key (PEM) of --tls-cert")
                  ->check(CLI::ExistingFile);
  certificate->needs(key);
  key->needs(certificate);
  // For tests: a pairing code that expires in seconds instead of ten minutes.
  command->add_option("--pairing-code-lifetime", options->pairing_code_lifetime_seconds)
      ->check(CLI::Range(1, 24 * 60 * 60))
      ->group("");
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] {
    // The same rule as every journal command: a folder named with --data must
    // hold a journal already, or --init must say to start one there.
    if (const auto refusal = refuse_new_journal(context, options->data_dir); !refusal.empty()) {
      return fail(context, result, kExitUnreadable, refusal);
    }
    auto server_options = options->server;
    if (!options->tls_certificate.empty()) server_options.tls_certificate = options->tls_certificate;
    if (!options->tls_key.empty()) server_options.tls_key = options->tls_key;
    server_options.pairing_code_lifetime = std::chrono::seconds(options->pairing_code_lifetime_seconds);
    server_options.data_dir = data_folder(context, options->data_dir);
    server_options.bundled_protocols = context.bundled_protocols;
    server_options.user_protocols = context.user_protocols;
    result.exit_code = server::run_server(server_options, *context.out, *context.err);
  });
}

}  // namespace velum::cli
