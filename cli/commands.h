#pragma once
// The list of drydock's subcommands, in the order --help shows them.

#include <memory>
#include <vector>

#include "command.h"

namespace drydock::cli {

std::vector<std::unique_ptr<Command>> make_commands();

}  // namespace drydock::cli
