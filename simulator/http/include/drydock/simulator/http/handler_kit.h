#pragma once
// What the index's and the registry's handlers share: the repository a route names, the one
// refusal gate (an operation's error reply for a condition, with the 401 challenge of its side),
// and whether a request asked for a fault.

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

// The current operation's error reply for `condition` (error_reply). A 401 carries
// WWW-Authenticate: `challenge`, by default its side's (Basic on the index, Token on the registry).
Reply refuse(const Context& context, std::string_view condition, std::string_view message = {},
             std::optional<std::string_view> challenge = std::nullopt);
// The operation's error reply for a storage error (condition_for its code).
Reply refuse(const Context& context, const Error& error);

// Whether the request asked for fault `name` (the Router fills Context::fault only when faults
// are enabled).
bool has_fault(const Context& context, std::string_view name);

}  // namespace drydock::simulator::http
