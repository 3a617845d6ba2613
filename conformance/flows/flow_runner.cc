#include "drydock/conformance/flows/flow_runner.h"

#include <algorithm>
#include <exception>
#include <regex>

#include <nlohmann/json.hpp>

#include "cookie_jar.h"
#include "drydock/conformance/transcript.h"
#include "drydock/spec/expression.h"
#include "flow_context.h"
#include "step_request.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

constexpr std::size_t kObservedBodyBytes = 200;  // of a response body, in a step's `observed`

spec::Level level_of(const json& extensions, spec::Level fallback) {
  auto it = extensions.find("x-drydock-level");
  if (it == extensions.end() || !it->is_string()) return fallback;
  const std::string& text = it->get_ref<const std::string&>();
  if (text == "SHOULD") return spec::Level::kShould;
  if (text == "MAY") return spec::Level::kMay;
  return spec::Level::kMust;
}

spec::Source source_of(const json& extensions, spec::Source fallback) {
  auto it = extensions.find("x-drydock-source");
  if (it == extensions.end() || !it->is_object()) return fallback;
  return {it->value("document", ""), it->value("section", "")};
}

std::string criterion_text(const spec::Criterion& criterion) {
  if (criterion.type == "regex")
    return criterion.context + " matches /" + criterion.condition + "/";
  return criterion.condition;
}

std::string requirement_of(const spec::FlowStep& step) {
  std::string criteria;
  for (const spec::Criterion& criterion : step.success_criteria) {
    criteria += (criteria.empty() ? "" : " and ") + criterion_text(criterion);
  }
  if (criteria.empty()) criteria = "a 2xx status";
  return step.description.empty() ? criteria : step.description + " Criteria: " + criteria + ".";
}

// Returns why `step` failed against the current exchange, or "" when every criterion holds.
// A regex on "$response.body" matches the raw bytes (spec/README.md, Flows 2).
std::string failed_criteria(const spec::FlowStep& step, const FlowContext& context,
                            const Response& response) {
  if (step.success_criteria.empty()) {
    bool ok = response.status >= 200 && response.status < 300;
    return ok ? "" : "expected a 2xx status";
  }
  std::string why;
  for (const spec::Criterion& criterion : step.success_criteria) {
    Result<bool> holds = false;
    if (criterion.type == "regex" && criterion.context == "$response.body") {
      holds = spec::regex_holds(criterion.condition, response.body);
    } else {
      holds = spec::evaluate_criterion(criterion, context);
    }
    if (holds.ok() && holds.value()) continue;
    why +=
        (why.empty() ? "" : "; ") + std::string("criterion failed: ") + criterion_text(criterion);
    if (!holds.ok()) why += " (" + holds.error().message + ")";
  }
  return why;
}

// Returns "<status> <reason>" and the start of the body of a recorded (redacted) exchange.
std::string observed_of(const Exchange& exchange) {
  if (exchange.failed()) return "no response: " + exchange.error;
  std::string text = std::to_string(exchange.response.status);
  if (!exchange.response.reason.empty()) text += " " + exchange.response.reason;
  std::string body = exchange.response.body.substr(0, kObservedBodyBytes);
  for (char& c : body) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '.';
  }
  if (!body.empty()) text += " with body " + body;
  if (exchange.response.body_size > body.size()) {
    text += "... (" + std::to_string(exchange.response.body_size) + " bytes)";
  }
  return text;
}

class WorkflowRun {
 public:
  WorkflowRun(const spec::Spec& spec, const spec::Workflow& workflow, const FlowInputs& inputs,
              HttpClient& client, const FlowTarget& target, const FlowRunOptions& options)
      : spec_(spec),
        workflow_(workflow),
        inputs_(inputs),
        client_(client),
        target_(target),
        options_(options),
        transcript_(options.redactor),
        context_(inputs) {}

  FlowRun run() {
    run_.outcome = Outcome::kPass;
    for (const spec::FlowStep& step : workflow_.steps) run_.steps.push_back(report_of(step));
    if (std::string reason = reason_not_to_run(); !reason.empty()) {
      stop(Outcome::kSkip, reason);
    } else if (std::string missing = missing_input(); !missing.empty()) {
      stop(Outcome::kError, "input " + missing + " is not given");
    }
    for (std::size_t i = 0; i < workflow_.steps.size() && stop_reason_.empty(); ++i) {
      run_step(workflow_.steps[i], run_.steps[i]);
    }
    for (FlowStepReport& report : run_.steps) {
      if (report.outcome == Outcome::kSkip && report.message.empty()) {
        report.message = "not run: " + stop_reason_;
      }
    }
    if (run_.outcome == Outcome::kPass) read_workflow_outputs();
    run_.exchanges = transcript_.exchanges();
    return std::move(run_);
  }

 private:
  FlowStepReport report_of(const spec::FlowStep& step) const {
    const spec::Operation* operation = spec_.find(step.operation_id);
    FlowStepReport report;
    report.step_id = step.id;
    report.operation_id = step.operation_id;
    report.requirement = requirement_of(step);
    spec::Level fallback = level_of(workflow_.extensions, spec::Level::kMust);
    report.level = level_of(step.extensions, fallback);
    report.source = source_of(step.extensions, operation ? operation->source : spec::Source{});
    return report;
  }

  // Returns why the workflow cannot run as given, or "".
  std::string reason_not_to_run() const {
    auto policy = workflow_.extensions.find("x-drydock-policy");
    if (policy != workflow_.extensions.end() && policy->is_string() &&
        std::find(options_.policies.begin(), options_.policies.end(), *policy) ==
            options_.policies.end()) {
      return "the target does not follow the " + policy->get<std::string>() +
             " token policy this workflow needs (x-drydock-policy)";
    }
    if (!inputs_.skip_reason.empty()) return inputs_.skip_reason;
    for (const spec::FlowStep& step : workflow_.steps) {
      const spec::Operation* operation = spec_.find(step.operation_id);
      if (operation != nullptr && base_url(*operation).empty()) {
        return "no " + std::string(spec::to_string(operation->side)) + " to check (step " +
               step.id + ")";
      }
    }
    return "";
  }

  // Returns the first required input the caller did not give, or "".
  std::string missing_input() const {
    auto required = workflow_.inputs.find("required");
    if (required == workflow_.inputs.end() || !required->is_array()) return "";
    for (const json& name : *required) {
      if (name.is_string() && !inputs_.has(name.get<std::string>())) return name.get<std::string>();
    }
    return "";
  }

  const std::string& base_url(const spec::Operation& operation) const {
    return operation.side == spec::Side::kIndex ? target_.index_url : target_.registry_url;
  }

  void stop(Outcome outcome, std::string reason) {
    run_.outcome = outcome;
    run_.message = reason;
    stop_reason_ = std::move(reason);
  }

  void run_step(const spec::FlowStep& step, FlowStepReport& report) {
    const spec::Operation* operation = spec_.find(step.operation_id);
    if (operation == nullptr) {  // the loader checks this; a workflow step is not supported here
      report.outcome = Outcome::kError;
      report.message =
          "no operation '" + step.operation_id + "' (nested workflows are unsupported)";
      return stop(Outcome::kError, "step " + step.id + ": " + report.message);
    }
    Result<Request> request =
        build_step_request(step, *operation, base_url(*operation), inputs_, context_, jar_);
    if (!request.ok()) {
      return judge(step, report, "cannot build the request: " + request.error().message);
    }
    request->label =
        (options_.label.empty() ? "flows/" + workflow_.id : options_.label) + "/" + step.id;
    if (options_.label_deliberate && expects_refusal(step)) {
      request->headers.set(kCheckHeader, request->label);
    }
    request->transcript = &transcript_;
    request->timeout = options_.timeout;
    const std::size_t before = transcript_.size();
    Result<Response> response = client_.send(request.value());
    std::vector<Exchange> sent = transcript_.since(before);
    if (!sent.empty()) report.observed = observed_of(sent.back());
    if (!response.ok()) {
      report.outcome = Outcome::kError;
      report.message = response.error().message;
      return stop(Outcome::kError, "step " + step.id + ": " + response.error().message);
    }
    for (const std::string& cookie : response->headers.get_all("Set-Cookie")) {
      jar_.store(request->url, cookie);
    }
    context_.set_exchange(&request.value(), &response.value());
    std::string why = failed_criteria(step, context_, response.value());
    read_step_outputs(step, report);
    context_.set_exchange(nullptr, nullptr);
    judge(step, report, why);
  }

  // Records the step's outcome; `why` is empty when it passed.
  void judge(const spec::FlowStep& step, FlowStepReport& report, const std::string& why) {
    if (why.empty()) {
      report.outcome = Outcome::kPass;
      return;
    }
    report.message = why + (report.message.empty() ? "" : "; " + report.message);
    // RFC 2119: a MAY step that is not done is "not supported", never a failure.
    report.outcome = report.level == spec::Level::kMay ? Outcome::kSkip : Outcome::kFail;
    if (report.level == spec::Level::kMust ||
        (report.level == spec::Level::kShould && options_.strict)) {
      return stop(Outcome::kFail, "step " + step.id + " failed: " + why);
    }
    run_.message += (run_.message.empty() ? "" : "; ") +
                    std::string(spec::to_string(report.level)) + " step " + step.id +
                    " failed: " + why;
  }

  // Stores the outputs that can be read; a missing one is noted and fails whoever uses it.
  void read_step_outputs(const spec::FlowStep& step, FlowStepReport& report) {
    for (const auto& [name, expression] : step.outputs) {
      Result<json> value = spec::evaluate(expression, context_);
      if (value.ok()) {
        context_.set_step_output(step.id, name, std::move(value.value()));
      } else {
        report.message += (report.message.empty() ? "" : "; ") + std::string("output ") + name +
                          " not set: " + value.error().message;
      }
    }
  }

  void read_workflow_outputs() {
    for (const auto& [name, expression] : workflow_.outputs) {
      Result<json> value = spec::evaluate(expression, context_);
      if (!value.ok()) continue;
      context_.set_workflow_output(name, value.value());
      run_.outputs[name] = std::move(value.value());
    }
  }

  const spec::Spec& spec_;
  const spec::Workflow& workflow_;
  const FlowInputs& inputs_;
  HttpClient& client_;
  const FlowTarget& target_;
  const FlowRunOptions& options_;
  Transcript transcript_;
  FlowContext context_;
  CookieJar jar_;
  FlowRun run_;
  std::string stop_reason_;  // why the remaining steps are not run; empty while running
};

}  // namespace

bool expects_refusal(const spec::FlowStep& step) {
  static const std::regex kStatus(R"(\$statusCode\s*==\s*(\d{3}))");
  bool named = false;
  for (const spec::Criterion& criterion : step.success_criteria) {
    for (std::sregex_iterator it(criterion.condition.begin(), criterion.condition.end(), kStatus),
         end;
         it != end; ++it) {
      named = true;
      if (std::stoi((*it)[1].str()) < 400) return false;
    }
  }
  return named;
}

FlowRun run_workflow(const spec::Spec& spec, const spec::Workflow& workflow,
                     const FlowInputs& inputs, HttpClient& client, const FlowTarget& target,
                     const FlowRunOptions& options) {
  try {
    return WorkflowRun(spec, workflow, inputs, client, target, options).run();
  } catch (const std::exception& e) {
    FlowRun run;
    run.outcome = Outcome::kError;
    run.message = std::string("internal error: ") + e.what();
    return run;
  }
}

}  // namespace drydock::conformance
