// Every workflow of the embedded spec against a real in-process simulator, over libcurl.

#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/conformance/curl_client.h"
#include "drydock/conformance/flows/flow_runner.h"
#include "drydock/fixtures/users.h"
#include "drydock/simulator/simulator.h"

namespace drydock::conformance {
namespace {

constexpr char kAdmin[] = "drydock_admin";
constexpr char kAdminPassword[] = "admin-password";

class FlowsAgainstSimulator : public ::testing::TestWithParam<std::string> {
 protected:
  // Starts a simulator with `policy` and registers an ordinary account on it.
  void start(simulator::TokenPolicyOption policy) {
    simulator::Options options;
    options.listen = "127.0.0.1:0";
    options.memory = true;
    options.admin = std::string(kAdmin) + ":" + kAdminPassword;
    options.token_policy = policy;
    options.password_iterations = 1;  // every Basic-authenticated request verifies a hash
    options.check_responses = true;
    auto bound = simulator_.start(options);
    ASSERT_TRUE(bound.ok()) << bound.error().message;
    target_ = {bound->index_url, bound->registry_url};
    fixtures::TestUser user = fixtures::make_user("flows-simulator/" + fixtures::unique_suffix());
    nlohmann::json body = {
        {"username", user.username}, {"password", user.password}, {"email", user.email}};
    auto registered = client_.send("POST", target_.index_url + "/v1/users/",
                                   {{"Content-Type", "application/json"}}, body.dump());
    ASSERT_TRUE(registered.ok()) << registered.error().message;
    ASSERT_EQ(registered->status, 201) << registered->body;
    fixtures_.account = FlowAccount{user.username, user.password};
    fixtures_.admin = FlowAccount{kAdmin, kAdminPassword};
    fixtures_.mint_expired_token = [this](const std::string& repository,
                                          const std::string& access) -> std::optional<std::string> {
      auto token = simulator_.issue_token_expiring(repository, access, -std::chrono::hours(1));
      return token.ok() ? std::optional<std::string>(*token) : std::nullopt;
    };
  }

  static std::string describe(const FlowRun& run) {
    std::string text = run.message;
    for (const FlowStepReport& step : run.steps) {
      text += "\n  " + step.step_id + ": " + std::to_string(static_cast<int>(step.outcome)) + " " +
              step.observed + " " + step.message;
    }
    return text;
  }

  simulator::Simulator simulator_{spec::Spec::embedded()};
  CurlClient client_;
  FlowTarget target_;
  FlowFixtures fixtures_;
};

TEST_P(FlowsAgainstSimulator, WorkflowPasses) {
  const spec::Spec& spec = spec::Spec::embedded();
  const spec::Workflow& workflow = *spec.workflow(GetParam());
  const bool single_use = workflow.extensions.value("x-drydock-policy", "") == "single-use";
  start(single_use ? simulator::TokenPolicyOption::kSingleUse
                   : simulator::TokenPolicyOption::kReusable);
  if (HasFatalFailure()) return;
  FlowInputs inputs = make_flow_inputs(workflow, fixtures_);
  if (!inputs.skip_reason.empty()) GTEST_SKIP() << inputs.skip_reason;
  FlowRunOptions options;
  options.strict = true;
  if (single_use) options.policies = {"single-use"};
  FlowRun run = run_workflow(spec, workflow, inputs, client_, target_, options);
  EXPECT_EQ(run.outcome, Outcome::kPass) << describe(run);
  EXPECT_EQ(simulator_.response_violations(), 0u);
}

std::vector<std::string> workflow_ids() {
  std::vector<std::string> ids;
  for (const spec::Workflow& workflow : spec::Spec::embedded().workflows()) {
    ids.push_back(workflow.id);
  }
  return ids;
}

INSTANTIATE_TEST_SUITE_P(EmbeddedSpec, FlowsAgainstSimulator, ::testing::ValuesIn(workflow_ids()),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace drydock::conformance
