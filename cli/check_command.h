#pragma once
// `drydock check`: runs the conformance suite against a server, or, with no --index/--registry,
// against an in-process simulator. Exit codes (exit_codes.h): 0 no check failed (baselined
// failures do not count), 1 a check failed, 2 usage, configuration, connection or internal error,
// or a selection that matched no check. Reports are written on every exit path.

#include <memory>

#include "command.h"

namespace drydock::cli {

std::unique_ptr<Command> make_check_command();

}  // namespace drydock::cli
