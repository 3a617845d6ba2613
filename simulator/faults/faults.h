#pragma once
// The simulator's faults, as data: ONE table (faults.cc), a row per fault. With Options::faults, a
// request carrying `X-Drydock-Fault: NAME` has the behaviour row NAME names broken, so the
// conformance suite can prove its checks notice (design.md "Faults"). A row says what the fault
// breaks and where it is applied, at one of the seams every request passes:
//
//   suppress    the refusal gate (http/handler_kit.h gate()) lets named conditions of named
//               operations pass: the handler goes on as if its check had passed
//   token       the token check is lenient in one named way (Context::token_leniency)
//   request     the request is rewritten after its validation, before its handler runs
//   reply       the reply is rewritten after its handler (an operation's fault) or after the
//               whole dispatch (a server fault)
//   storage     FaultyStorage (storage/faulty_storage.h) breaks a storage call for the request
//   database    the index's database fails or is slow for the request's calls
//               (accounts/database_breakage.h)
//   connection  the connection breaks (reset, hang, garbage) or its body never ends
//   validation  the Router does not hold JSON bodies to the request schema (RequestValidator)
//
// Handlers hold no fault logic. The checks that must catch a fault are derived where it
// suppresses condition C of operation O (the check of O under C), and declared otherwise;
// catalogue.h assembles them; `drydock serve --list-faults` and README.md's table print it.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/simulator/accounts/database_breakage.h"
#include "drydock/simulator/http/context.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/simulator/http/request.h"
#include "drydock/simulator/http/router.h"
#include "drydock/simulator/storage/faulty_storage.h"
#include "drydock/simulator/storage/storage.h"

namespace drydock::simulator::faults {

enum class FaultSide {
  kIndex,     // an index operation misbehaves
  kRegistry,  // a registry operation misbehaves
  kServer,    // the HTTP exchange itself breaks, on either side
};

enum class Seam {
  kSuppress,
  kToken,
  kRequest,
  kReply,
  kStorage,
  kDatabase,
  kConnection,
  kValidation
};

// "index", "registry", "server".
std::string_view side_name(FaultSide side);
// "suppress", "token", "request", "reply", "storage", "database", "connection", "validation".
std::string_view seam_name(Seam seam);

// A condition of an operation that the refusal gate lets pass.
struct Waiver {
  std::string_view operation;  // operationId; "*": every operation
  std::string_view
      condition;  // as the handler raises it: "parent-missing", "invalid-body/id-mismatch"
};

using RequestTransform = void (*)(http::Context& context, http::Request& request);
using ReplyTransform = void (*)(http::Reply& reply);

struct Fault {
  std::string_view name;  // the X-Drydock-Fault value: "layer-truncated"
  FaultSide side = FaultSide::kServer;
  Seam seam = Seam::kReply;
  std::string_view breaks;  // one line: the behaviour it breaks
  // suppress: the conditions waived; each names a check (derived_checks()) that must catch it.
  std::vector<Waiver> waives = {};
  // suppress: where else the condition is waived, naming no check ("*" operations among them).
  std::vector<Waiver> also_waives = {};
  http::TokenLeniency leniency = {};  // token
  // request, reply: the operations the transform applies to; empty: every one.
  std::vector<std::string_view> on = {};
  RequestTransform request = nullptr;
  ReplyTransform reply = nullptr;
  storage::Breakage breakage = storage::Breakage::kNone;                    // storage
  accounts::DatabaseBreakage database = accounts::DatabaseBreakage::kNone;  // database
  // The checks beyond the derived ones (IDs of `drydock check --list`) that must fail under it.
  std::vector<std::string_view> catches = {};
  // A fault the simulator survives (a slow backend) is proven the other way: these checks must
  // still pass under it. A row names either what catches it or what survives it, never both.
  std::vector<std::string_view> survives = {};
  // The profile those checks run under (drydock check --profile) to catch it: compat, unless the
  // fault breaks what only one profile's source requires (docker-registry's 304 to any
  // If-Modified-Since, protocol-notes 2). The simulator answers that profile too.
  std::string_view profile = "compat";
};

// Every fault: index first, then registry, then server-level.
const std::vector<Fault>& fault_table();
// The row named `name`, or null.
const Fault* find_row(std::string_view name);

// Whether `fault` waives `condition` (as raised) of `operation`.
bool waives(const Fault& fault, const spec::Operation& operation, std::string_view condition);

// Arms a Router with the seams: each request that names a fault of the table (Context::fault) has
// it applied (waivers, token leniency, request and reply transforms, its storage breakage).
// `options.faults` must be set; storage faults need the services' storage wrapped in
// FaultyStorage (faulty()).
void install(http::RouterOptions& options);
// Wraps `storage` so that storage faults apply to it.
std::shared_ptr<storage::Storage> faulty(std::shared_ptr<storage::Storage> storage);

}  // namespace drydock::simulator::faults
