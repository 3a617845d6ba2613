#pragma once
// Runs the Arazzo workflows of spec/flows against a server, following the conventions of
// spec/README.md ("Flows"): steps in order, parameters and payloads resolved from inputs and
// earlier steps' outputs, each step judged by its success criteria, a cookie jar per run.
//
// run_workflow() never throws and is reentrant: independent runs may share one HttpClient from
// several threads (each run keeps its own cookies and transcript).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/conformance/exchange.h"
#include "drydock/conformance/flows/flow_inputs.h"
#include "drydock/conformance/http_client.h"
#include "drydock/conformance/outcome.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance {

class Redactor;

// Where the workflow's sources live: the index ("index" sourceDescription) and the registry
// ("registry"). Base URLs without a trailing slash: "http://127.0.0.1:5000". Equal for a
// combined server; an empty URL skips the workflows that need that side.
struct FlowTarget {
  std::string index_url;
  std::string registry_url;
};

struct FlowRunOptions {
  // A SHOULD step that fails also fails the workflow (a MAY step never does: it is not supported).
  bool strict = false;
  // The server policies the target follows ("single-use"): a workflow whose x-drydock-policy is
  // not listed is skipped.
  std::vector<std::string> policies;
  // The label of every exchange: "<label>/<stepId>". Default: "flows/<workflowId>".
  std::string label;
  // Sends a step whose success criteria admit only refusals (every `$statusCode == N` it names
  // is 4xx or 5xx: a forged, expired or misused token) with "X-Drydock-Check: <label>/<stepId>",
  // the deliberate bad input a client judge does not hold against the client.
  bool label_deliberate = false;
  // Redacts the run's exchanges; shared with the run's other transcripts. Null: a fresh one.
  std::shared_ptr<Redactor> redactor;
  // Per-request timeout; unset: the client's.
  std::optional<std::chrono::milliseconds> timeout;
};

// Whether `step` expects a refusal: its criteria name statuses, and every one is 4xx or 5xx.
bool expects_refusal(const spec::FlowStep& step);

struct FlowStepReport {
  std::string step_id;
  std::string operation_id;
  Outcome outcome = Outcome::kSkip;  // kPass, kFail, kError, or kSkip when not run
  std::string requirement;           // the step's description, then its success criteria
  std::string observed;              // "<status> <reason>" and the body's start (redacted)
  std::string message;               // why it failed or was not run; notes on missing outputs
  spec::Level level = spec::Level::kMust;
  spec::Source source;
};

struct FlowRun {
  // kPass: every step passed (SHOULD/MAY steps may have failed, see `steps`, unless strict);
  // kFail: a step failed; kError: a request could not be sent or answered; kSkip: not run.
  Outcome outcome = Outcome::kSkip;
  std::string message;  // names the step that decided the outcome, and why
  std::vector<FlowStepReport> steps;
  std::vector<Exchange> exchanges;                    // redacted, in the order sent
  nlohmann::json outputs = nlohmann::json::object();  // the workflow outputs that could be read
};

// Runs `workflow` of `spec` with `inputs`, sending through `client` to `target`. A step that
// fails stops the run (the rest are reported as skipped), except a SHOULD or MAY step when not
// `options.strict`. A transport failure is kError naming the step. Never throws.
FlowRun run_workflow(const spec::Spec& spec, const spec::Workflow& workflow,
                     const FlowInputs& inputs, HttpClient& client, const FlowTarget& target,
                     const FlowRunOptions& options = {});

}  // namespace drydock::conformance
