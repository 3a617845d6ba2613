#pragma once
// Failures grouped by cause, so that one cause is said once.
//
// - A check that failed or ended in error is grouped with the others whose message is the same
//   once what is unique to the run is masked (mask_run_specific): "the layer differs at byte 0
//   (sha256:ab.. received)" of two checks is one cause, named by both IDs.
// - A blocked check is listed under the cause of the check that blocks it (CheckResult::blocked_by,
//   followed through blocked checks to the one that failed). When that check is not among the
//   results (not selected), the blocked checks form a cause of their own, named by it.
//
// Causes come most checks first; within one, checks keep the order of the results.

#include <string>
#include <vector>

#include "drydock/conformance/check_result.h"

namespace drydock::conformance::report {

struct Cause {
  // The message the checks share, as the first of them said it (or the observed answer when it
  // has none); for a cause made only of blocked checks, that of the first blocked check.
  std::string message;
  Outcome outcome = Outcome::kFail;  // the worst outcome among `failures` (kBlocked if none)
  std::vector<const CheckResult*> failures;  // failed or errored this way
  std::vector<const CheckResult*> blocked;   // blocked by one of `failures`, or by `blocked_by`
  // When `failures` is empty: the check that blocks `blocked`, which this run did not report.
  std::string blocked_by;

  std::size_t size() const { return failures.size() + blocked.size(); }
  // The failure that stands for the cause (its curl command): the first of `failures`, else the
  // first blocked check.
  const CheckResult& example() const {
    return failures.empty() ? *blocked.front() : *failures.front();
  }
};

// Returns `message` with what differs from run to run masked, so equal causes compare equal:
// numbers of four digits or more (sizes, offsets, ports) and words of letters and digits that
// look generated (hex ids and digests, "dd-1a2b3c4d" repository names) become "#". Statuses and
// other short numbers stay: "answered 404" and "answered 500" are two causes.
std::string mask_run_specific(std::string_view message);

// Returns the causes of every failed, errored and blocked result. REQUIRES: `results` outlives
// the causes (they point into it).
std::vector<Cause> group_by_cause(const std::vector<CheckResult>& results);

}  // namespace drydock::conformance::report
