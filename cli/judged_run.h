#pragma once
// What the commands that judge traffic as it comes (`drydock serve --judge`, `drydock proxy`)
// share: they run until SIGINT or SIGTERM, write their reports on SIGUSR1 too, and end with the
// exit status the reports give, as `drydock check` does.

#include <signal.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "drydock/common/result.h"
#include "drydock/conformance/reporter.h"

namespace drydock::cli {

// Blocks SIGINT and SIGTERM (and SIGUSR1 when `reports_on_demand`) in this thread, and so in every
// thread started after it, so that wait_for_signal() receives them with sigwait instead of a
// handler. Call before any server thread starts.
sigset_t block_stop_signals(bool reports_on_demand);

// Waits for one of `signals`; returns its number.
int wait_for_signal(const sigset_t& signals);

// Creates `dir` if needed and proves it writable (a file written and removed), so that a bad
// report directory is an error at start rather than lost reports at exit.
Result<void> writable_directory(const std::string& dir);

// Writes `report` into `dir` in the four formats and prints one line on stderr:
//   "<command>: <summary>; reports in DIR".
// Returns kExitError when the reports could not be written, kExitCheckFailed when a result
// failed, else kExitOk.
int write_verdicts(const conformance::Report& report, const std::string& dir,
                   std::string_view command, std::string_view summary);

// "N <noun> passed, N failed, N skipped" over the results whose ID starts with one of `prefixes`.
std::string count_outcomes(const conformance::Report& report,
                           std::initializer_list<std::string_view> prefixes, std::string_view noun);

}  // namespace drydock::cli
