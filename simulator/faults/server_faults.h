#pragma once
// Server-level faults: the ones that break the HTTP exchange itself rather than one operation's
// behaviour, so they apply to any reply of either side. With Options::faults, a request carrying
// `X-Drydock-Fault: NAME` gets its reply changed after the handler ran:
//
//   error-html          a 4xx/5xx reply becomes a text/html page (as a misconfigured proxy sends)
//   content-type-wrong  a JSON reply says Content-Type: text/plain
//   conn-hang           nothing is answered; the connection is held until the server stops
//   conn-reset          the connection is reset instead of answered
//   conn-garbage        bytes that are not HTTP are sent, then the connection is closed
//   body-endless        the body becomes an endless chunked stream
//   body-unchecked      the Router does not hold JSON bodies to the request schema
//                       (RequestValidator skips it; nothing to change afterwards)
//
// The index and registry handlers keep their own faults (index_fault_names(),
// registry_fault_names()); the catalogue (catalogue.h) lists all of them.

#include <string_view>
#include <vector>

#include "core/fault_info.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/simulator/http/request_validator.h"

namespace drydock::simulator::faults {

// The server-level faults, in the order --list-faults shows them.
const std::vector<FaultInfo>& server_fault_names();

// True if `name` is a server-level fault.
bool is_server_fault(std::string_view name);

// Applies the server-level fault `name` to `reply`. Returns false (and leaves `reply` alone) when
// `name` is not a server-level fault. A fault whose condition does not hold (error-html on a 2xx,
// content-type-wrong on a non-JSON reply) returns true and changes nothing.
bool apply_server_fault(std::string_view name, http::Reply& reply);

}  // namespace drydock::simulator::faults
