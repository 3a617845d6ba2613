#pragma once
// What the index's and the registry's handlers share: the repository a route names, and the one
// refusal gate (an operation's error reply for a condition, with the 401 challenge of its side).
// Handlers know nothing of faults: a fault that waives a condition does so in gate().

#include <optional>
#include <string>
#include <string_view>

#include "drydock/common/result.h"
#include "drydock/simulator/http/context.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/simulator/http/request.h"

namespace drydock::simulator::http {

// protocol-notes 4.1: the index's 401 challenge for Basic operations; token operations, the
// registry's and the index's, challenge with "Token".
inline constexpr std::string_view kBasicChallenge = "Basic realm=\"auth required\",Token";
inline constexpr std::string_view kTokenChallenge = "Token";

// "namespace/repository" of a repository route; library routes have no {namespace} parameter and
// map to "library" (protocol-notes 2). `name` is empty on routes that name no repository.
struct RepositoryName {
  std::string ns;
  std::string name;

  std::string full() const { return ns + "/" + name; }  // "ns/name", as tokens scope it
};
RepositoryName repository_name(const Request& request);

// The one function every refusal of a handler goes through: the current operation's error reply
// for `condition` (error_reply). `condition` may name a case after a slash
// ("invalid-body/id-mismatch"): which of the condition's checks the refusal answers; the reply is
// the condition's. A 401 carries WWW-Authenticate: `challenge`, by default its side's (Basic on the
// index, Token on the registry). A refusal made here ends the handler: nothing waives it.
Reply refuse(const Context& context, std::string_view condition, std::string_view message = {},
             std::optional<std::string_view> challenge = std::nullopt);
// The operation's error reply for a storage error (condition_for its code).
Reply refuse(const Context& context, const Error& error);

// The refusal gate: a check the handler makes and could go on past. Returns the refusal for
// `condition` (refuse()), or nullopt when the request's fault waives that condition of the
// operation (Context::waives): the handler then goes on as if the check had passed.
std::optional<Reply> gate(const Context& context, std::string_view condition,
                          std::string_view message = {},
                          std::optional<std::string_view> challenge = std::nullopt);
// The gate with a refusal the condition's error_reply does not give (a body of its own).
std::optional<Reply> gate(const Context& context, std::string_view condition, Reply refusal);

}  // namespace drydock::simulator::http
