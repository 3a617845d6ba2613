#pragma once
// RunOptions: the whole configuration of one conformance run (what `drydock check` parsed), filled
// once and passed down. Secrets live here in clear; RunOptions::redacted_json() is what reports
// show.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "drydock/conformance/stop.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance {

// An account on the index: given on the command line, or registered by the run.
struct Account {
  std::string username;
  std::string password;
  std::string email;

  bool empty() const { return username.empty(); }
  // Returns the value of an Authorization header: "Basic base64(user:password)".
  std::string basic_auth() const;
};

struct RunOptions {
  // Targets. Both empty is a configuration error (the CLI starts a simulator first). With only
  // `registry_url`, the registry is standalone: no index, no tokens. With only `index_url`, the
  // registry operations go to the index URL (a combined server).
  std::string index_url;
  std::string registry_url;

  Account user;   // empty: the run registers one
  Account user2;  // a second account for permission checks; empty: the run registers one
  Account admin;  // an index administrator (library repositories); empty: those checks skip
  // An account the index has but has not activated (its requests answer 403); empty: the
  // inactive-account checks skip, since no API makes one.
  Account inactive;

  spec::Profile profile = spec::Profile::kCompat;
  bool strict = false;  // also run SHOULD-level checks

  std::vector<std::string> only;  // check-ID prefixes to run; empty: all
  std::vector<std::string> skip;  // check-ID prefixes not to run

  std::chrono::milliseconds timeout{10'000};    // per request
  std::chrono::milliseconds deadline{300'000};  // the whole run, setup and cleanup included
  int jobs = 2;                                 // checks run at once

  std::string cacert;
  bool insecure = false;
  std::string client_cert;
  std::string client_key;

  // The target's token policy: "reusable" or "single-use" (a token is good for one request,
  // a session cookie after it). Checks of single-use behaviour run only under "single-use".
  std::string token_policy = "reusable";

  // Returns a token for `repository` ("ns/name") with `access`, exactly as the target's index
  // signs it, expiring `expires_in` from now (negative: expired that long ago); nullopt if it
  // cannot. Only a server whose signing key the runner holds can do this (the in-process
  // simulator); unset, the token-expiry checks skip.
  std::function<std::optional<std::string>(const std::string& repository, const std::string& access,
                                           std::chrono::seconds expires_in)>
      mint_token;

  // Bytes of the layer the large-layer check pushes and pulls, streamed both ways (0: that check
  // is disabled).
  std::uint64_t large_layer = 0;

  // Read-only checking (--read-only): the run registers, pushes and deletes nothing, and the read
  // checks (make_read_only_catalogue) read `repository`, "ns/name" or "ns/name:tag", which is
  // already on the target.
  bool read_only = false;
  std::string repository;

  // Whether the run ends by deleting the repositories it created. false only for a target
  // thrown away with everything on it when the run ends (the CLI's in-process simulator).
  bool clean_up = true;

  // Added as `X-Drydock-Fault: NAME` to every request (proves checks against `serve --faults`).
  std::string inject_fault;

  // Labels deliberate bad input with `X-Drydock-Check: <check id>` (kCheckHeader, check.h): every
  // request of a check whose condition is a refusal, and the refused steps of workflows, so a
  // client judge (`drydock serve --judge`) does not hold them against the runner. Off only to
  // prove the labels matter.
  bool label_deliberate = true;

  // Asked by a signal to stop early (stop.h); null: the run is never interrupted.
  StopRequest* stop = nullptr;

  // Returns the configuration as JSON with every password replaced by "<redacted>".
  nlohmann::json redacted_json() const;
  // Returns whether an index is checked (token mode) rather than a standalone registry.
  bool has_index() const { return !index_url.empty(); }
  // Returns the URL registry operations go to.
  const std::string& registry_target() const {
    return registry_url.empty() ? index_url : registry_url;
  }
};

}  // namespace drydock::conformance
