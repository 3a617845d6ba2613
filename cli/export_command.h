#pragma once
// `drydock export`: a simulator's store written out as a read-only registry for a static HTTPS
// server, with its nginx configuration (simulator/export/static_export.h).
//   drydock export --data DIR --out DIR [--repository NS/NAME]... [--include-private] [--force]
//                  [--profile docker-registry|docs]
//                  [--nginx-conf FILE] [--nginx-listen ADDR] [--nginx-cert FILE]
//                  [--nginx-key FILE]
// Prints what it exported and what it left out; exit 0 when the tree is in place, 2 on a bad
// option, a missing store, an unknown repository, an --out that is not empty, or an I/O error.

#include <memory>

#include "command.h"

namespace drydock::cli {

std::unique_ptr<Command> make_export_command();

}  // namespace drydock::cli
