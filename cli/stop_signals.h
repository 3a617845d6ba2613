#pragma once
// SIGINT and SIGTERM during `drydock check`: the first asks the run to stop (it starts no new
// check, abandons the ones in flight, cleans up and writes every report, marked as interrupted);
// a second exits at once with 128 + its number.

#include <signal.h>

#include "drydock/conformance/stop.h"

namespace drydock::cli {

class StopOnSignals {
 public:
  // Routes SIGINT and SIGTERM to `stop` until destroyed, when the previous handlers return.
  // `cleans_up`: whether the run deletes what it created on the target, as the message on the
  // first signal says (an embedded simulator ends with the run: nothing to clean).
  // REQUIRES: `stop` outlives this object; one StopOnSignals at a time.
  StopOnSignals(conformance::StopRequest& stop, bool cleans_up);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace drydock::cli
