// The token-flow checks: one per Arazzo workflow of spec/flows, "flows/<workflowId>", run by the
// flows library. A SHOULD step that fails fails the workflow only with --strict; a MAY step never.

#include <chrono>
#include <string>

#include "derive.h"
#include "drydock/conformance/flows/flow_inputs.h"
#include "drydock/conformance/flows/flow_runner.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance::checks {

namespace {

// How long ago the token of flows/tokenExpiry expired: far past any clock skew or grace.
constexpr std::chrono::seconds kLongExpired{3600};

spec::Level level_of(const spec::Workflow& workflow) {
  auto it = workflow.extensions.find("x-drydock-level");
  if (it == workflow.extensions.end() || !it->is_string()) return spec::Level::kMust;
  if (*it == "SHOULD") return spec::Level::kShould;
  if (*it == "MAY") return spec::Level::kMay;
  return spec::Level::kMust;
}

spec::Source source_of(const spec::Workflow& workflow) {
  auto it = workflow.extensions.find("x-drydock-source");
  if (it == workflow.extensions.end() || !it->is_object()) return {workflow.file, workflow.pointer};
  return {it->value("document", ""), it->value("section", "")};
}

bool needs_admin(const spec::Workflow& workflow) {
  return workflow.inputs.contains("properties") &&
         workflow.inputs["properties"].contains("adminBasicAuth");
}

// Registers the repositories a workflow run names for cleanup.
void track_inputs(CheckContext& ctx, const FlowInputs& inputs) {
  for (auto& [key, value] : inputs.values.items()) {
    if (key.rfind("repository", 0) != 0 || !value.is_string()) continue;
    Repository repo;
    repo.namespace_name = inputs.values.value("namespace", std::string("library"));
    repo.library = repo.namespace_name == "library";
    repo.name = value.get<std::string>();
    ctx.track(repo);
  }
}

Verdict verdict_of(const FlowRun& run) {
  Verdict verdict;
  verdict.outcome = run.outcome;
  verdict.message = run.message;
  for (const FlowStepReport& step : run.steps) {
    if (step.outcome == Outcome::kFail || step.outcome == Outcome::kError) {
      verdict.acceptable.push_back(step.step_id + ": " + step.requirement);
      verdict.observed = step.step_id + ": " + step.observed;
      break;
    }
  }
  if (verdict.acceptable.empty()) verdict.acceptable.push_back("every step's success criteria");
  if (verdict.observed.empty()) {
    verdict.observed = std::to_string(run.steps.size()) + " steps, " + run.message;
  }
  return verdict;
}

void run_flow(const spec::Workflow& workflow, CheckContext& ctx, const std::string& id) {
  FlowFixtures fixtures;
  if (!ctx.user().empty()) fixtures.account = FlowAccount{ctx.user().username, ctx.user().password};
  if (!ctx.admin().empty()) {
    fixtures.admin = FlowAccount{ctx.admin().username, ctx.admin().password};
  }
  if (ctx.options().mint_token) {
    fixtures.mint_expired_token = [&ctx](const std::string& repository, const std::string& access) {
      return ctx.options().mint_token(repository, access, -kLongExpired);
    };
  }
  FlowInputs inputs = make_flow_inputs(workflow, fixtures);
  if (!inputs.skip_reason.empty()) {
    ctx.skip(inputs.skip_reason);
    return;
  }
  track_inputs(ctx, inputs);
  FlowRunOptions options;
  options.strict = ctx.strict();
  options.label = id;
  options.label_deliberate = ctx.options().label_deliberate;
  options.timeout = ctx.options().timeout;
  if (ctx.options().token_policy == "single-use") options.policies = {"single-use"};
  FlowTarget target{ctx.options().index_url, ctx.options().registry_target()};
  FlowRun run = run_workflow(ctx.spec(), workflow, inputs, ctx.client(), target, options);
  ctx.conclude(verdict_of(run), std::move(run.exchanges));
}

}  // namespace

std::vector<Check> flow_checks(const spec::Spec& spec) {
  std::vector<Check> checks;
  for (const spec::Workflow& workflow : spec.workflows()) {
    Check check;
    check.id = "flows/" + workflow.id;
    check.title = "Runs the " + workflow.id + " workflow (" + workflow.file + ")";
    check.requirement = workflow.summary.empty() ? workflow.description : workflow.summary;
    check.cite(level_of(workflow), source_of(workflow));
    check.hint =
        "Follow the steps of " + workflow.file + "; the failing step names what to change.";
    check.needs = {std::string(kNeedsIndex), std::string(kNeedsRegistry),
                   std::string(kNeedsAccounts)};
    if (needs_admin(workflow)) check.needs.push_back(std::string(kNeedsAdmin));
    auto policy = workflow.extensions.find("x-drydock-policy");
    if (policy != workflow.extensions.end() && *policy == "single-use") {
      check.needs.push_back(std::string(kNeedsSingleUse));
    }
    const spec::Workflow* w = &workflow;
    check.run = [w, id = check.id](CheckContext& ctx) { run_flow(*w, ctx, id); };
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace drydock::conformance::checks
