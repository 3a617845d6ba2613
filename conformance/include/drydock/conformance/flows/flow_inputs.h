#pragma once
// The inputs of an Arazzo workflow (spec/flows), built from deterministic fixtures.
//
// Plain inputs (names, ids, credentials, image JSON objects) are JSON values; binary inputs
// (layers: a `contentMediaType` that is not JSON in the workflow's inputs schema) are blobs kept
// apart, so their bytes are never forced through JSON strings and can be streamed to the server.
//
// Every call of make_flow_inputs() uses fresh names (repositories, the registered account, the
// images' seed), so runs never collide with each other or with an earlier run.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "drydock/spec/flow.h"

namespace drydock::conformance {

struct FlowInputs {
  nlohmann::json values = nlohmann::json::object();  // plain inputs by name
  // Binary inputs by name; a step whose payload is exactly "$inputs.NAME" (under a media type
  // that is not JSON) streams the blob.
  std::map<std::string, std::shared_ptr<const std::string>> blobs;
  // Non-empty when the inputs could not be built (no account given, no expired token): the run
  // is skipped with this reason.
  std::string skip_reason;

  // Returns whether `name` is a plain input or a blob.
  bool has(const std::string& name) const { return values.contains(name) || blobs.count(name); }
};

struct FlowAccount {
  std::string username;
  std::string password;
};

// What make_flow_inputs() cannot invent: accounts that already exist on the target, and a way to
// obtain an expired token.
struct FlowFixtures {
  // An active, non-admin account on the target (--user/--password, or one provisioned for the
  // run). The workflows' repositories live in its namespace.
  std::optional<FlowAccount> account;
  // An active admin account (library repositories; the simulator's --admin).
  std::optional<FlowAccount> admin;
  // Returns a token for `repository` ("namespace/name") with `access` ("read") whose expiry has
  // passed, exactly as the index issues it; nullopt if it cannot. Unset: workflows that need one
  // are skipped. (The embedded simulator can mint one.)
  std::function<std::optional<std::string>(const std::string& repository,
                                           const std::string& access)>
      mint_expired_token;
};

// Returns the inputs `workflow` declares (its inputs schema's properties), each generated from
// fixtures: a fresh account for a register workflow, Basic credentials (base64 of "user:pass")
// of the right account, the account's namespace, repository names "drydock-<suffix>-...", an
// image chain with its ids, JSON, layers (blobs), layer sizes and payload checksums, a unique
// search term, a forged token signature and an expired token. A required input no fixture can
// provide sets skip_reason instead.
FlowInputs make_flow_inputs(const spec::Workflow& workflow, const FlowFixtures& fixtures);

}  // namespace drydock::conformance
