#pragma once
// The runner: selects checks, runs them against a target and hands results to reporters.
//
//   RunOptions options = ...;                       // options.h
//   std::vector<Check> checks = make_catalogue(spec);   // catalogue.h
//   Result<Selection> selection = select_checks(checks, options.only, options.skip);
//   Result<Baseline> baseline = load_baseline("known-failures.txt");
//   RunReport report = run_checks(spec, selection->checks, options, *baseline, reporters);
//
// run_checks() prepares the run (probes the targets, finds or registers the accounts), runs the
// checks ordered by their needs on `options.jobs` threads, each check on its own repositories,
// everything under `options.deadline` (checks not started by then are errors "deadline passed"),
// cleans up every repository the run created, and calls every reporter's begin/record/end.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/conformance/check.h"
#include "drydock/conformance/check_result.h"
#include "drydock/conformance/options.h"
#include "drydock/conformance/reporter.h"

namespace drydock::conformance {

// The checks a run will consider, in catalogue order.
struct Selection {
  std::vector<const Check*> checks;
};

// Returns the checks whose ID starts with one of `only` (all when empty) and with none of
// `skip`. A prefix matches whole segments or a part of one: "registry/images" matches
// "registry/images/..." and "registry/images-x". Returns an Error (kInvalidArgument) when the
// selection matched no check.
Result<Selection> select_checks(const std::vector<Check>& checks,
                                const std::vector<std::string>& only,
                                const std::vector<std::string>& skip);

// Known failures: check ID -> reason. A baselined failure is reported as a failure but does not
// fail the run; a baselined check that passes is reported as "baselined but passed".
struct Baseline {
  std::map<std::string, std::string> reasons;
  // Where each entry is: "baseline line 3", or "baseline entry" for JSON.
  std::map<std::string, std::string> origins;
  // Warnings found before the run (unknown_entries()), carried into the report's notes.
  std::vector<std::string> warnings;

  bool contains(std::string_view id) const { return reasons.count(std::string(id)) != 0; }
};

// Parses a baseline: JSON (an object {"ID": "reason"} or an array of {"id", "reason"}), or text
// with one "ID  reason" per line ('#' starts a comment, blank lines are ignored).
Result<Baseline> parse_baseline(std::string_view text);
// Reads and parses the baseline file at `path` (kIo when it cannot be read).
Result<Baseline> load_baseline(const std::string& path);
// Marks `result` baselined when the baseline lists it, with the reason and a message.
void apply_baseline(const Baseline& baseline, CheckResult& result);
// Returns a warning for each entry of `baseline` that names no check of `catalogue`, with where
// it is: "baseline line 3: \"registry/nope\" names no check".
std::vector<std::string> unknown_entries(const Baseline& baseline,
                                         const std::vector<Check>& catalogue);
// Returns the baseline's warnings and one for each baselined check of `results` that passed
// ("... passes: remove it from the baseline"). Neither changes the exit code.
std::vector<std::string> baseline_notes(const Baseline& baseline,
                                        const std::vector<CheckResult>& results);

// What a run produced.
struct RunReport {
  RunInfo info;
  std::vector<CheckResult> results;  // sorted by ID
  Summary summary;
  std::vector<Exchange> transcript;      // every exchange, setup and cleanup included
  std::vector<std::string> not_cleaned;  // "ns/name: why" for each repository left behind
  std::string fatal;                     // why the run could not start (connection...); or empty
  bool interrupted = false;              // a signal stopped it (RunOptions::stop)
  int stop_signal = 0;                   // which one
  std::size_t failed_unbaselined = 0;    // failures that count for the exit code
};

// Runs `checks` (with the shared HttpClient made from `options`, or `client` when given).
// Never throws; a target that cannot be reached, or does not speak v1, makes `fatal` non-empty and
// runs no check.
RunReport run_checks(const spec::Spec& spec, const std::vector<const Check*>& checks,
                     const RunOptions& options, const Baseline& baseline,
                     const std::vector<Reporter*>& reporters, HttpClient* client = nullptr);

// Returns the exit code of a finished run: 0 nothing failed (baselined failures do not count),
// 1 a check failed (or was blocked by a failed step), 2 the run could not start or a check
// errored, 128 + the signal when a signal interrupted it (130 for SIGINT, 143 for SIGTERM).
int exit_code(const RunReport& report);

// Prints `checks` one per line: "ID  LEVEL  title", the level under `profile` (for --list).
void list_checks(std::ostream& out, const std::vector<const Check*>& checks, spec::Profile profile);
// Prints `checks` as a Markdown table (for --list --format markdown): per check, its level,
// acceptable statuses and source under each profile. The committed audit (conformance/CHECKS.md)
// is this table.
void list_checks_markdown(std::ostream& out, const std::vector<const Check*>& checks);

}  // namespace drydock::conformance
