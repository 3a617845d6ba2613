#include "commands.h"

#include "check_command.h"
#include "export_command.h"
#include "proxy_command.h"
#include "serve_command.h"
#include "spec_command.h"

namespace drydock::cli {

std::vector<std::unique_ptr<Command>> make_commands() {
  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(make_check_command());
  commands.push_back(make_serve_command());
  commands.push_back(make_proxy_command());
  commands.push_back(make_export_command());
  commands.push_back(make_spec_command());
  return commands;
}

}  // namespace drydock::cli
