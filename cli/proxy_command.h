#pragma once
// `drydock proxy`: stands between a v1 client and a real index and registry, forwards every
// request unchanged, and judges both sides until SIGINT or SIGTERM.
//   drydock proxy --registry URL [--index URL] [--listen ADDR] [--registry-listen ADDR]
//                 [--registry-endpoint HOST:PORT] [--report-dir DIR] [--profile P] [--strict]
//                 [--token-policy reusable|single-use] [--cacert FILE] [--insecure] [--quiet]
// Prints the addresses to give the client once listening; writes the reports on SIGUSR1 and at
// the end. Exit 0 when nothing failed, 1 when a client rule or a server operation failed, 2 on a
// bad option or a start error.

#include <memory>

#include "command.h"

namespace drydock::cli {

std::unique_ptr<Command> make_proxy_command();

}  // namespace drydock::cli
