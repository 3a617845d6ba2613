#pragma once
// The results of a run, as every reporter sees them: one CheckResult per check, a Summary of the
// run, and RunInfo describing what ran against what. Everything here is already redacted.

#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/conformance/exchange.h"
#include "drydock/conformance/outcome.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance {

struct CheckResult {
  std::string id;           // "registry/images/put-layer/missing-json": area first, a stable name
  std::string title;        // what the check sends: "PUT a layer before its JSON"
  std::string requirement;  // what the spec requires: "The registry refuses the layer"
  spec::Source source;      // where the requirement comes from
  spec::Level level = spec::Level::kMust;
  spec::Profile profile = spec::Profile::kCompat;
  Outcome outcome = Outcome::kPass;
  std::vector<std::string> acceptable;  // every outcome the profile accepts: "404", "401 with ..."
  std::string observed;                 // what came back: "200 with body {...}"
  std::string hint;                     // what to change in the server
  std::string message;                  // why this outcome (for skip and error, the reason)
  // kBlocked: the ID of the check whose operation failed as a step of this one (that check
  // carries the failure: "index/repositories/put-user-repository/ok").
  std::string blocked_by;
  bool baselined = false;  // listed in the --baseline file
  std::string baseline_reason;
  double duration_ms = 0;
  std::vector<Exchange> exchanges;  // in the order sent

  // Returns the area: the ID up to its first '/' ("registry"), or the whole ID.
  std::string area() const;
};

struct Summary {
  std::array<std::size_t, kOutcomeCount> counts{};  // indexed by Outcome
  double total_ms = 0;
  std::size_t requests = 0;  // exchanges over the whole run
  std::size_t baselined = 0;
  // Why the run could not start (a target unreachable, or not a v1 server), naming the URL and
  // what came back; empty when it ran. No check ran then.
  std::string fatal;
  // The run was stopped by a signal (SIGINT, SIGTERM): the results are those so far, and checks
  // not started are missing.
  bool interrupted = false;
  // Warnings about the run's configuration that change no outcome: a baseline entry that names no
  // check, a baselined check that now passes.
  std::vector<std::string> notes;

  std::size_t count(Outcome outcome) const { return counts[static_cast<std::size_t>(outcome)]; }
  std::size_t total() const;
  // Returns the worst outcome counted, or kDisabled for an empty run.
  Outcome overall() const;
  // Counts `result` and its exchanges (total_ms is the caller's: checks may overlap in time).
  void add(const CheckResult& result);
  static Summary of(const std::vector<CheckResult>& results);
};

struct RunInfo {
  std::string tool_version;  // drydock's version
  std::string spec_version;  // spec::Spec::version()
  nlohmann::json config =
      nlohmann::json::object();  // the effective configuration, secrets redacted
  std::chrono::system_clock::time_point started_at;
  std::string index_url;     // empty when not checked
  std::string registry_url;  // empty when not checked
  spec::Profile profile = spec::Profile::kCompat;
  bool strict = false;
  std::size_t planned = 0;  // how many results the run will record (for progress: [n/N])
};

}  // namespace drydock::conformance
