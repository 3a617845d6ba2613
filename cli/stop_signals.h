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
  // REQUIRES: `stop` outlives this object; one StopOnSignals at a time.
  explicit StopOnSignals(conformance::StopRequest& stop);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace drydock::cli
