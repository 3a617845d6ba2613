// drydock: a conformance suite and reference simulator for the Docker Hub (index) v1 and Docker
// Registry v1 APIs. Subcommands: check, serve, export, spec.

#include <exception>
#include <iostream>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.h"
#include "commands.h"
#include "exit_codes.h"

int main(int argc, char** argv) {
  using namespace drydock::cli;
  CLI::App app{
      "drydock: conformance suite and reference simulator for the Docker Hub (index) v1 and "
      "Docker Registry v1 APIs",
      "drydock"};
  app.set_version_flag("--version", DRYDOCK_VERSION);
  app.require_subcommand(1);

  std::vector<std::unique_ptr<Command>> commands = make_commands();
  for (auto& command : commands) command->add_to(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and usage
    return kExitError;
  }
  try {
    for (auto& command : commands) {
      if (command->chosen()) return command->run();
    }
  } catch (const std::exception& e) {
    std::cerr << "drydock: internal error: " << e.what() << "\n";
    return kExitError;
  }
  std::cerr << "drydock: no command chosen (see --help)\n";
  return kExitError;
}
