#pragma once
// `drydock spec`: the spec as the binary sees it.
//   drydock spec list [--spec-dir DIR]   every operation: method, path, operationId, side, source
//   drydock spec lint [--spec-dir DIR]   the loader's checks, every problem with file and pointer;
//                                        exit 0 clean, 1 lint problems, 2 unreadable or malformed
// Without --spec-dir, both use the files compiled into the binary.

#include <memory>

#include "command.h"

namespace drydock::cli {

std::unique_ptr<Command> make_spec_command();

}  // namespace drydock::cli
