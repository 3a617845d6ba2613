#pragma once
// `drydock serve`: runs the simulator until SIGINT or SIGTERM.
//   drydock serve [--listen ADDR | --index-listen ADDR --registry-listen ADDR] [--standalone]
//                 [--data DIR | --memory] [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]
//                 [--admin USER:PASS] [--token-ttl SECONDS] [--token-policy reusable|single-use]
//                 [--faults] [--check-responses] [--quiet]
//   drydock serve --list-faults | --list-faults-markdown
// Prints the bound addresses once listening; exit 0 after a clean stop, 2 on a bad option
// combination or a start error.

#include <memory>

#include "command.h"

namespace drydock::cli {

std::unique_ptr<Command> make_serve_command();

}  // namespace drydock::cli
