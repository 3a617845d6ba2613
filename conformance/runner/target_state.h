#pragma once
// What the runner does around the checks: reach the targets, provide accounts, and clean up the
// repositories the run created (target_state.cc).

#include <string>
#include <vector>

#include "run_environment.h"

namespace drydock::conformance {

// Sends GET /v1/_ping to each target. Returns an Error naming the first target that gave no
// HTTP answer at all.
Result<void> probe_targets(RunEnvironment& env);

// Registers the accounts the options lack (user, user2) when an index is checked. Returns notes
// for the report, e.g. "could not register a second account: ...".
std::vector<std::string> provide_accounts(RunEnvironment& env);

// Deletes every repository the run created: on an index, DELETE (202 and a delete token), the
// registry DELETE with it, the final index DELETE; on a standalone registry, the registry
// DELETE. Returns "ns/name: why" for each one left behind.
std::vector<std::string> clean_up(RunEnvironment& env);

}  // namespace drydock::conformance
