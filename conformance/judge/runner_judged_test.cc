// The runner judged by the client judge, in process: `drydock check` against the simulator with
// a Judge fed every exchange (as `drydock serve --judge` wires it). With its deliberate bad input
// labelled X-Drydock-Check, the runner is judged clean: no rule fails, MUST rules are exercised
// and held, and the labelled requests are counted as deliberate. Without the labels, the judge
// holds the provocations against it: the labels are what makes it clean.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/runner.h"
#include "drydock/judge/judge.h"
#include "drydock/simulator/simulator.h"

namespace drydock::judge {
namespace {

constexpr char kAdmin[] = "dd_admin";
constexpr char kAdminPassword[] = "admin-password-1";

// A simulator on two loopback listeners (or one) whose every exchange a Judge sees.
class JudgedSimulator {
 public:
  JudgedSimulator(bool split, simulator::TokenPolicyOption policy)
      : sim_(spec::Spec::embedded()),
        judge_(spec::Spec::embedded(),
               JudgeOptions{spec::Profile::kDockerRegistry, true,
                            policy == simulator::TokenPolicyOption::kSingleUse,
                            JudgeOptions{}.kept_exchanges, simulator::Options{}.token_ttl}) {
    simulator::Options o;
    if (split) {
      o.index_listen = "127.0.0.1:0";
      o.registry_listen = "127.0.0.1:0";
    } else {
      o.listen = "127.0.0.1:0";
    }
    o.memory = true;
    o.password_iterations = 1;  // sanitizer builds: PBKDF2 at full strength is slow
    o.admin = std::string(kAdmin) + ":" + kAdminPassword;
    o.token_policy = policy;
    o.on_exchange = [this](const ObservedExchange& e) { judge_.observe(e); };
    o.body_digest_seed = [this](const ObservedExchange& e) { return judge_.digest_seed(e); };
    Result<simulator::BoundAddresses> bound = sim_.start(o);
    if (!bound.ok()) {
      start_error_ = bound.error().message;
      return;
    }
    options_.index_url = bound->index_url;
    options_.registry_url = bound->registry_url;
    options_.admin = {kAdmin, kAdminPassword, ""};
    options_.jobs = 4;
    options_.deadline = std::chrono::seconds(500);
    if (policy == simulator::TokenPolicyOption::kSingleUse) options_.token_policy = "single-use";
    options_.mint_token = [this](const std::string& repository, const std::string& access,
                                 std::chrono::seconds expires_in) -> std::optional<std::string> {
      auto token = sim_.issue_token_expiring(repository, access, expires_in);
      return token.ok() ? std::optional<std::string>(*token) : std::nullopt;
    };
  }

  const std::string& start_error() const { return start_error_; }
  conformance::RunOptions options() const { return options_; }
  conformance::Report judged() const { return judge_.report({}); }

 private:
  simulator::Simulator sim_;
  Judge judge_;
  std::string start_error_;
  conformance::RunOptions options_;
};

conformance::RunReport run(const conformance::RunOptions& options) {
  static const std::vector<conformance::Check> checks =
      conformance::make_catalogue(spec::Spec::embedded());
  Result<conformance::Selection> selection =
      conformance::select_checks(checks, options.only, options.skip);
  if (!selection.ok()) {
    conformance::RunReport report;
    report.fatal = selection.error().message;
    return report;
  }
  return conformance::run_checks(spec::Spec::embedded(), selection->checks, options,
                                 conformance::Baseline{}, {});
}

std::string failures_of(const conformance::Report& report) {
  std::ostringstream out;
  for (const conformance::CheckResult& r : report.results) {
    if (r.outcome != conformance::Outcome::kFail) continue;
    out << r.id << ": " << r.message << "\n";
    for (const conformance::Exchange& e : r.exchanges) {
      out << "  " << e.request.method << " " << e.request.url << " -> " << e.response.status
          << "\n";
    }
  }
  return out.str();
}

// How the judge saw a run.
struct Judgement {
  std::size_t failed = 0;
  std::size_t must_passed = 0;  // MUST rules exercised and never broken
  std::size_t deliberate = 0;   // rules that listed deliberate requests
  std::string failures;
  std::string differences;  // MAY rules broken: how the runner differs from Docker 1.x
};

Judgement judgement_of(const conformance::Report& report) {
  Judgement j;
  for (const conformance::CheckResult& r : report.results) {
    if (r.outcome == conformance::Outcome::kFail) ++j.failed;
    if (r.outcome == conformance::Outcome::kPass && r.level == spec::Level::kMust) ++j.must_passed;
    if (r.message.find("deliberate (X-Drydock-Check") != std::string::npos) ++j.deliberate;
    if (r.outcome == conformance::Outcome::kSkip && r.message.rfind("differs from", 0) == 0) {
      j.differences += (j.differences.empty() ? "" : " ") + r.id;
    }
  }
  j.failures = failures_of(report);
  return j;
}

class RunnerJudged
    : public ::testing::TestWithParam<std::tuple<bool, simulator::TokenPolicyOption>> {};

TEST_P(RunnerJudged, TheWholeSuiteIsJudgedClean) {
  auto [split, policy] = GetParam();
  JudgedSimulator target(split, policy);
  ASSERT_EQ(target.start_error(), "");
  conformance::RunReport run_report = run(target.options());
  ASSERT_TRUE(run_report.fatal.empty()) << run_report.fatal;
  EXPECT_EQ(run_report.summary.count(conformance::Outcome::kFail), 0u);
  EXPECT_GT(run_report.summary.count(conformance::Outcome::kPass), 200u);

  // A provocation's every request is labelled; a good check's none.
  for (const conformance::CheckResult& r : run_report.results) {
    const bool provocation = r.id == "registry/images/put-image-layer/image-not-found";
    if (!provocation && r.id != "registry/images/get-image-layer/ok") continue;
    ASSERT_FALSE(r.exchanges.empty()) << r.id;
    for (const conformance::Exchange& e : r.exchanges) {
      EXPECT_EQ(e.request.headers.get(conformance::kCheckHeader),
                provocation ? std::optional<std::string>(r.id) : std::nullopt)
          << r.id << ": " << e.request.method << " " << e.request.url;
    }
  }

  Judgement j = judgement_of(target.judged());
  EXPECT_EQ(j.failed, 0u) << j.failures;
  RecordProperty("must_rules_passed", static_cast<int>(j.must_passed));
  RecordProperty("rules_with_deliberate_requests", static_cast<int>(j.deliberate));
  RecordProperty("may_rules_differing", j.differences);
  EXPECT_GE(j.must_passed, 8u);
  EXPECT_GT(j.deliberate, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Deployments, RunnerJudged,
    ::testing::Values(std::make_tuple(true, simulator::TokenPolicyOption::kReusable),
                      std::make_tuple(false, simulator::TokenPolicyOption::kReusable),
                      std::make_tuple(true, simulator::TokenPolicyOption::kSingleUse)),
    [](const auto& param_info) {
      return std::string(std::get<0>(param_info.param) ? "Split" : "Combined") +
             (std::get<1>(param_info.param) == simulator::TokenPolicyOption::kSingleUse
                  ? "SingleUse"
                  : "Reusable");
    });

// The same provocations unlabelled: the judge holds them against the runner.
TEST(RunnerJudgedWithoutLabels, ProvocationsAreHeldAgainstIt) {
  JudgedSimulator target(true, simulator::TokenPolicyOption::kReusable);
  ASSERT_EQ(target.start_error(), "");
  conformance::RunOptions options = target.options();
  options.label_deliberate = false;
  options.only = {"registry/images/put-image-layer/image-not-found",
                  "registry/images/put-image-json/parent-missing",
                  "registry/images/put-image-checksum/checksum-header-missing",
                  "flows/tokenForged"};
  conformance::RunReport run_report = run(options);
  ASSERT_TRUE(run_report.fatal.empty()) << run_report.fatal;
  EXPECT_EQ(run_report.summary.count(conformance::Outcome::kFail), 0u);

  Judgement j = judgement_of(target.judged());
  EXPECT_EQ(j.deliberate, 0u);
  EXPECT_GE(j.failed, 3u) << j.failures;
  for (const char* rule : {"client/push/json-before-layer", "client/push/parent-first",
                           "client/push/checksum-headers", "client/request/token-issued"}) {
    EXPECT_NE(j.failures.find(std::string(rule) + ":"), std::string::npos) << rule;
  }
}

}  // namespace
}  // namespace drydock::judge
