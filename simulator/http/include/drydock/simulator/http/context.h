#pragma once
// Per-request data shared between the Router, its validation step and the handler. Handlers of
// other components keep their own per-request results (an authenticated user, a token's scope) in
// the open fields below, or derive from Context.

#include <any>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "drydock/spec/spec.h"

namespace drydock::simulator::http {

// The request header that asks for a fault (honoured only when faults are enabled).
inline constexpr std::string_view kFaultHeader = "X-Drydock-Fault";

// How the token check of this request is weakened (a fault asks for it; faults/faults.h): each
// field accepts exactly the one failure it names.
struct TokenLeniency {
  bool any_repository = false;           // a token for another repository passes
  bool any_access = false;               // a token whose access does not allow the method passes
  bool skip_signature = false;           // a token of the right shape passes, whatever its MAC
  std::chrono::seconds expiry_grace{0};  // a token passes until this long after its expiry
};

struct Context {
  virtual ~Context() = default;

  const spec::Operation* operation = nullptr;  // the matched operation; never null in a handler
  // Whose variant to answer where the documents and real servers disagree (RouterOptions).
  spec::Profile profile = spec::Profile::kDockerRegistry;
  // The request body parsed as JSON, when the operation has a request schema and the validation
  // step read it (the body stream is then consumed).
  std::optional<nlohmann::json> json_body;
  // The bytes json_body was parsed from, exactly as sent (image JSON is stored and checksummed
  // byte for byte, protocol-notes 7).
  std::optional<std::string> raw_body;
  std::optional<std::string> user;  // set by authentication: the account name
  bool admin = false;               // set by authentication: the account is an administrator
  std::optional<std::vector<std::string>> token_images;  // the index's list for it, if known
  std::optional<std::string> token_repository;  // set by token checks: "namespace/repository"
  std::optional<std::string> token_access;      // "read", "write" or "delete"
  std::optional<std::string> fault;             // X-Drydock-Fault, when faults are enabled
  // What the request's fault asks of the handlers' seams (set before the handler runs; see
  // faults/faults.h). `waives` says whether the refusal gate lets a raised condition pass
  // ("condition" or "condition/case", as handler_kit.h raises it).
  std::function<bool(std::string_view condition)> waives;
  TokenLeniency token_leniency;
  std::map<std::string, std::any> extra;  // anything else a handler chain needs to carry
};

}  // namespace drydock::simulator::http
