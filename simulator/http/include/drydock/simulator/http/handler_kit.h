#pragma once
// What the index's and the registry's handlers share: the repository a route names, the one
// refusal gate (an operation's error reply for a condition, with the 401 challenge of its side),
// the result that carries a refusal, and the user/library twins of a route.
// Handlers know nothing of faults: a fault that waives a condition does so in gate().

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

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

// A value, or the reply that refuses the request: what a step of a handler (authentication, a
// body read, an image's state) returns, so the handler answers the refusal as it is.
template <typename T>
class Checked {
 public:
  Checked(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Checked(Reply refusal) : v_(std::move(refusal)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  // REQUIRES: ok().
  T& value() { return std::get<T>(v_); }
  // REQUIRES: !ok().
  Reply& refusal() { return std::get<Reply>(v_); }

 private:
  std::variant<T, Reply> v_;
};

// User and library operations differ only in the word: "getUserRepositoryTags" and
// "getLibraryRepositoryTags" share a handler (the library form names no {namespace};
// repository_name()), so one route row stands for both.
enum class Forms {
  kOne,             // the row's operation alone
  kUserAndLibrary,  // the row's user operation and its library twin
};
// The operation IDs of a route row: `operation_id`, and for kUserAndLibrary its library twin
// ("getUserRepositoryTags" -> "getLibraryRepositoryTags").
std::vector<std::string> operation_ids(std::string_view operation_id, Forms forms);

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
