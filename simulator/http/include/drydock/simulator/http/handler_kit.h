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
#include "drydock/spec/vocabulary.h"

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

// A condition a handler raises (spec/conditions.json), and optionally which of its cases: the
// check the refusal answers. Handlers name it by enumerator: `Condition::kImageNotFound`, or with
// a case `{Condition::kInvalidBody, "id-mismatch"}` (the check invalid-body/id-mismatch); the
// reply is the condition's whatever the case.
struct Raised {
  Raised(spec::Condition raised) : condition(raised) {}  // NOLINT: implicit by design
  Raised(spec::Condition raised, std::string_view which) : condition(raised), case_name(which) {}

  spec::Condition condition;
  std::string case_name;  // empty: the condition as a whole

  // "invalid-body", or "invalid-body/id-mismatch": as a fault's waiver and a check ID name it.
  std::string name() const;
  bool operator==(const Raised&) const = default;
};
// Parses a condition named by data ("token-expired", "invalid-body/id-mismatch": a token
// validator's failure, a fault's waiver). nullopt when the vocabulary has no such condition.
std::optional<Raised> parse_raised(std::string_view name);
// parse_raised() where data hands a handler a condition name: the one boundary where names become
// Raised. A name outside the vocabulary is a bug, refused loudly: 500 internal-error naming it.
Checked<Raised> raised_from(const Context& context, std::string_view name);

// The one function every refusal of a handler goes through: the current operation's error reply
// for `raised`'s condition (error_reply); the case says which of the condition's checks the
// refusal answers. A 401 carries WWW-Authenticate: `challenge`, by default its side's (Basic on
// the index, Token on the registry). A refusal made here ends the handler: nothing waives it.
Reply refuse(const Context& context, const Raised& raised, std::string_view message = {},
             std::optional<std::string_view> challenge = std::nullopt);
// The operation's error reply for a storage error (condition_for its code).
Reply refuse(const Context& context, const Error& error);

// The refusal gate: a check the handler makes and could go on past. Returns the refusal for
// `raised` (refuse()), or nullopt when the request's fault waives it for the operation
// (Context::waives, asked with raised.name()): the handler then goes on as if the check had
// passed.
std::optional<Reply> gate(const Context& context, const Raised& raised,
                          std::string_view message = {},
                          std::optional<std::string_view> challenge = std::nullopt);
// The gate with a refusal the condition's error_reply does not give (a body of its own).
std::optional<Reply> gate(const Context& context, const Raised& raised, Reply refusal);

}  // namespace drydock::simulator::http
