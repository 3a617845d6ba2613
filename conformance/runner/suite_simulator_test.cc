// End to end, against the in-process simulator:
//   - the whole suite passes the clean simulator, under either token policy (the single-use
//     workflow skips under reusable tokens);
//   - every fault of the simulator's catalogue makes each check its entry names fail (or, for a
//     broken connection, error), within the run's deadline, under either token policy: the checks
//     can fail.

#include <chrono>
#include <functional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/runner.h"
#include "drydock/simulator/simulator.h"
#include "faults/catalogue.h"

namespace drydock::simulator::faults {
// Names a fault in test output (instead of its bytes).
void PrintTo(const CatalogueEntry& entry, std::ostream* out) {
  *out << entry.name;
}
}  // namespace drydock::simulator::faults

namespace drydock::conformance {
namespace {

constexpr char kAdmin[] = "dd_admin";
constexpr char kAdminPassword[] = "admin-password-1";
constexpr char kInactive[] = "dd_inactive";
// A layer mismatch: the first differing offset, then size and digest received, size and digest
// pushed.
constexpr char kLayerMismatch[] =
    "differs? from the (?:pushed )?layer(?: pushed)? from offset ([0-9]+) \\(([0-9]+) bytes "
    "received, sha256:([0-9a-f]{64}); ([0-9]+) pushed, sha256:([0-9a-f]{64})\\)";

// How the simulator is deployed (design.md): index and registry on two listeners, as `drydock
// check` runs it; both on one; or a standalone registry, with no index and no tokens.
enum class Deployment { kSplit, kCombined, kStandalone };

// A simulator on loopback ports, deployed as asked, and run options pointing at it (the admin and
// an inactive account known, tokens minted with its key).
class SimulatorTarget {
 public:
  explicit SimulatorTarget(simulator::Options sim_options,
                           Deployment deployment = Deployment::kSplit)
      : sim_(spec::Spec::embedded()) {
    if (deployment == Deployment::kSplit) {
      sim_options.index_listen = "127.0.0.1:0";
      sim_options.registry_listen = "127.0.0.1:0";
    } else {
      sim_options.listen = "127.0.0.1:0";
      sim_options.standalone = deployment == Deployment::kStandalone;
    }
    sim_options.memory = true;
    // Every Basic-authenticated request verifies a password hash: at the default 100,000
    // PBKDF2 rounds (each a few allocations, which the sanitizers make slow) a fault's run took
    // seconds where it now takes a fraction of one.
    sim_options.password_iterations = 1;
    if (deployment != Deployment::kStandalone) {
      sim_options.admin = std::string(kAdmin) + ":" + kAdminPassword;
      sim_options.inactive = std::string(kInactive) + ":" + kAdminPassword;
    }
    Result<simulator::BoundAddresses> bound = sim_.start(sim_options);
    if (!bound.ok()) {
      start_error_ = bound.error().message;
      return;
    }
    options_.registry_url = bound->registry_url;
    if (deployment != Deployment::kStandalone) {
      options_.index_url = bound->index_url;
      options_.admin = {kAdmin, kAdminPassword, ""};
      options_.inactive = {kInactive, kAdminPassword, ""};
    }
    options_.jobs = 4;                              // mostly waiting on the network
    options_.deadline = std::chrono::seconds(500);  // sanitizer builds on shared cores are slow
    options_.mint_token = [this](const std::string& repository, const std::string& access,
                                 std::chrono::seconds expires_in) -> std::optional<std::string> {
      auto token = sim_.issue_token_expiring(repository, access, expires_in);
      return token.ok() ? std::optional<std::string>(*token) : std::nullopt;
    };
  }

  const std::string& start_error() const { return start_error_; }
  size_t response_violations() const { return sim_.response_violations(); }
  RunOptions options() const { return options_; }

 private:
  simulator::Simulator sim_;
  std::string start_error_;
  RunOptions options_;
};

const std::vector<Check>& catalogue() {
  static const std::vector<Check> checks = make_catalogue(spec::Spec::embedded());
  return checks;
}

RunReport run(const RunOptions& options) {
  Result<Selection> selection = select_checks(catalogue(), options.only, options.skip);
  if (!selection.ok()) {
    RunReport report;
    report.fatal = selection.error().message;
    return report;
  }
  return run_checks(spec::Spec::embedded(), selection->checks, options, Baseline{}, {});
}

std::string describe(const CheckResult& r) {
  return r.id + " [" + std::string(to_string(r.outcome)) + "]: " + r.message + " | observed " +
         r.observed + "\n";
}

std::string problems_of(const RunReport& report) {
  std::ostringstream out;
  for (const CheckResult& r : report.results) {
    if (r.outcome == Outcome::kFail || r.outcome == Outcome::kError) out << describe(r);
  }
  return out.str();
}

// A run with nothing to complain of: no failure or error, nothing left behind, only the known
// skips, and every check run but those in `may_disable`.
using SkipRule = std::function<bool(const CheckResult&)>;

void expect_clean(const RunReport& report, const SimulatorTarget& target,
                  const std::set<std::string>& may_disable = {},
                  const SkipRule& deployment_skip = nullptr, std::size_t min_passed = 280) {
  EXPECT_TRUE(report.fatal.empty()) << report.fatal;
  EXPECT_EQ(report.summary.count(Outcome::kFail), 0u) << problems_of(report);
  EXPECT_EQ(report.summary.count(Outcome::kError), 0u) << problems_of(report);
  std::string left;
  for (const std::string& line : report.not_cleaned) left += line + "\n";
  EXPECT_TRUE(report.not_cleaned.empty()) << left;
  // What skips, and why: the single-use workflow (this simulator reuses tokens), and asking the
  // index about a repository it lacks, for which no token can be had to ask with.
  const std::set<std::string> may_skip{
      "flows/tokenSingleUse",
      "index/authorization/get-user-repository-layer-access/repository-not-found",
      "index/authorization/put-user-repository-auth/repository-not-found",
      "index/authorization/put-library-repository-auth/repository-not-found",
      "index/images/get-user-repository-images/repository-not-found",
      "index/images/get-library-repository-images/repository-not-found"};
  for (const CheckResult& r : report.results) {
    // A MAY the simulator's profile does not do (docker-registry validated no names on registry
    // routes, protocol-notes 3) is "not supported", as the level says it may be.
    bool not_supported = r.level == spec::Level::kMay && r.message.rfind("not supported", 0) == 0;
    bool deployment = deployment_skip && deployment_skip(r);
    if (r.outcome == Outcome::kSkip && !not_supported && !deployment) {
      EXPECT_EQ(may_skip.count(r.id), 1u) << describe(r);
    }
    if (r.outcome == Outcome::kDisabled) {  // --strict: SHOULD checks run too
      EXPECT_EQ(may_disable.count(r.id), 1u) << describe(r);
    }
  }
  EXPECT_GT(report.summary.count(Outcome::kPass), min_passed);
  EXPECT_EQ(target.response_violations(), 0u);
}

TEST(SuiteAgainstSimulator, EveryCheckPasses) {
  simulator::Options sim_options;
  sim_options.check_responses = true;  // the simulator judges each of its own replies too
  SimulatorTarget target(sim_options);
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.strict = true;
  options.large_layer = 2 << 20;  // the streamed round trip runs too
  expect_clean(run(options), target);
}

// `drydock check`'s own simulator: split listeners whose registry checks tokens with the index's
// signer in process (Options::in_process_token_checks), under either policy.
TEST(SuiteAgainstSimulator, EveryCheckPassesWithTokensCheckedInProcess) {
  for (auto policy :
       {simulator::TokenPolicyOption::kReusable, simulator::TokenPolicyOption::kSingleUse}) {
    simulator::Options sim_options;
    sim_options.check_responses = true;
    sim_options.in_process_token_checks = true;
    sim_options.token_policy = policy;
    SimulatorTarget target(sim_options);
    ASSERT_EQ(target.start_error(), "");
    RunOptions options = target.options();
    options.strict = true;
    if (policy == simulator::TokenPolicyOption::kSingleUse) options.token_policy = "single-use";
    expect_clean(run(options), target, {"registry/images/large-layer/round-trip"});
  }
}

// Each profile's checks pass the simulator answering that profile (drydock serve --profile), and
// the simulator's own check of its replies holds it to that profile.
struct ProfilePair {
  spec::Profile checks;
  spec::Profile served;
};
void PrintTo(const ProfilePair& pair, std::ostream* out) {
  *out << to_string(pair.checks);
}

struct ProfilePairName {
  std::string operator()(const ::testing::TestParamInfo<ProfilePair>& info) const {
    return info.param.checks == spec::Profile::kDocs ? "Docs" : "DockerRegistry";
  }
};

class ProfileSuite : public ::testing::TestWithParam<ProfilePair> {};

TEST_P(ProfileSuite, EveryCheckPassesTheSimulatorServingThatProfile) {
  simulator::Options sim_options;
  sim_options.check_responses = true;
  sim_options.profile = GetParam().served;
  SimulatorTarget target(sim_options);
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.strict = true;
  options.profile = GetParam().checks;
  expect_clean(run(options), target, {"registry/images/large-layer/round-trip"});
}

INSTANTIATE_TEST_SUITE_P(Profiles, ProfileSuite,
                         ::testing::Values(ProfilePair{spec::Profile::kDocs, spec::Profile::kDocs},
                                           ProfilePair{spec::Profile::kDockerRegistry,
                                                       spec::Profile::kDockerRegistry}),
                         ProfilePairName());

// The profiles differ where the spec says they do: each profile's distinctive checks fail a server
// answering as the other profile's source says (success bodies `true` or `""`, the version header,
// Content-Range's unit, an unfinished image "being uploaded" (400) or "not found" (404), 412 for a
// checksum call without the payload header).
TEST(SuiteAgainstSimulator, EachProfileFailsTheOtherProfilesAnswers) {
  struct Case {
    spec::Profile checks;
    spec::Profile served;
    std::vector<std::string> failing;
  };
  const std::vector<std::string> both{"registry/ping/ping/ok",
                                      "registry/images/put-image-json/ok",
                                      "registry/images/get-image-layer/partial-content",
                                      "registry/images/get-image-json/image-in-progress",
                                      "registry/images/get-image-layer/image-in-progress",
                                      "registry/images/get-image-ancestry/image-in-progress"};
  std::vector<std::string> real_only = both;
  real_only.push_back("registry/images/put-image-checksum/checksum-header-missing");
  for (const Case& c : {Case{spec::Profile::kDocs, spec::Profile::kDockerRegistry, both},
                        Case{spec::Profile::kDockerRegistry, spec::Profile::kDocs, real_only}}) {
    simulator::Options sim_options;
    sim_options.profile = c.served;
    SimulatorTarget target(sim_options);
    ASSERT_EQ(target.start_error(), "");
    RunOptions options = target.options();
    options.profile = c.checks;
    options.strict = true;  // Content-Range's form is a MAY
    options.only = c.failing;
    RunReport report = run(options);
    for (const CheckResult& r : report.results) {
      EXPECT_EQ(r.outcome, Outcome::kFail) << to_string(c.checks) << ": " << describe(r);
    }
    EXPECT_EQ(report.results.size(), c.failing.size());
  }
}

// Under the single-use policy a token is spent on its first use and the registry's session cookie
// carries on, as Docker 1.x clients kept it: the whole suite passes, the single-use workflow too.
TEST(SuiteAgainstSimulator, EveryCheckPassesUnderTheSingleUsePolicy) {
  simulator::Options sim_options;
  sim_options.check_responses = true;
  sim_options.token_policy = simulator::TokenPolicyOption::kSingleUse;
  SimulatorTarget target(sim_options);
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.strict = true;
  options.token_policy = "single-use";
  RunReport report = run(options);
  expect_clean(report, target, {"registry/images/large-layer/round-trip"});
  for (const CheckResult& r : report.results) {
    if (r.id == "flows/tokenSingleUse") {
      EXPECT_EQ(r.outcome, Outcome::kPass) << describe(r);
    }
  }
}

// The whole suite, strict, against the other two deployments: one listener, where the registry
// judges tokens itself and reads the index's image lists directly; and a standalone registry,
// which checks no token and has no index.
class DeploymentSuite : public ::testing::TestWithParam<Deployment> {};

TEST_P(DeploymentSuite, EveryCheckPasses) {
  simulator::Options sim_options;
  sim_options.check_responses = true;
  SimulatorTarget target(sim_options, GetParam());
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.strict = true;
  const bool standalone = GetParam() == Deployment::kStandalone;
  // What each deployment cannot do, and says so: a standalone registry has no index (every check
  // that needs one skips) and no tokens; on one listener a request without credentials cannot
  // name its side of the repository DELETE both sides have.
  SkipRule deployment_skip = [standalone](const CheckResult& r) {
    if (standalone) {
      return r.message.rfind("needs ", 0) == 0 ||
             r.message == "a standalone registry needs no token";
    }
    return r.message.find("cannot name its side") != std::string::npos;
  };
  expect_clean(run(options), target, {"registry/images/large-layer/round-trip"}, deployment_skip,
               standalone ? 50 : 280);
}

INSTANTIATE_TEST_SUITE_P(Deployments, DeploymentSuite,
                         ::testing::Values(Deployment::kCombined, Deployment::kStandalone),
                         [](const ::testing::TestParamInfo<Deployment>& deployment) {
                           return deployment.param == Deployment::kCombined ? "Combined"
                                                                            : "Standalone";
                         });

TEST(SuiteAgainstSimulator, LargeLayerCheckCatchesATruncatedLayer) {
  simulator::Options sim_options;
  sim_options.faults = true;
  SimulatorTarget target(sim_options);
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.only = {"registry/images/large-layer/round-trip"};
  options.large_layer = 3 << 20;
  RunReport clean = run(options);
  ASSERT_EQ(clean.results.size(), 1u);
  EXPECT_EQ(clean.results[0].outcome, Outcome::kPass) << describe(clean.results[0]);

  options.inject_fault = "layer-truncated";
  RunReport truncated = run(options);
  ASSERT_EQ(truncated.results.size(), 1u);
  EXPECT_EQ(truncated.results[0].outcome, Outcome::kFail) << describe(truncated.results[0]);
  // Half the layer came: it differs where it ends, and both digests are named.
  std::smatch m;
  const std::string& message = truncated.results[0].message;
  ASSERT_TRUE(std::regex_search(message, m, std::regex(kLayerMismatch))) << message;
  EXPECT_EQ(m[1], m[2]) << "a cut layer differs where it ends";
  EXPECT_LT(std::stoull(m[2]), std::stoull(m[4]));
  EXPECT_NE(m[3], m[5]);
}

TEST(SuiteAgainstSimulator, ALayerMismatchSaysWhereItStartsAndBothDigests) {
  simulator::Options sim_options;
  sim_options.faults = true;
  SimulatorTarget target(sim_options);
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.only = {"registry/images/get-image-layer/ok"};
  options.inject_fault = "layer-corrupted";  // the first byte flipped
  RunReport report = run(options);
  ASSERT_EQ(report.results.size(), 1u);
  const CheckResult& result = report.results[0];
  EXPECT_EQ(result.outcome, Outcome::kFail) << describe(result);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(result.message, m, std::regex(kLayerMismatch))) << result.message;
  EXPECT_EQ(m[1], "0");
  EXPECT_EQ(m[2], m[4]) << "as many bytes received as pushed";
  EXPECT_NE(m[3], m[5]);
}

// The faults that break the connection itself: the checks meeting them end in error, not fail.
bool breaks_the_connection(const simulator::faults::CatalogueEntry& fault) {
  return fault.side == simulator::faults::FaultSide::kServer &&
         (fault.name.rfind("conn-", 0) == 0 || fault.name == "body-endless");
}

using FaultAndPolicy = std::tuple<simulator::faults::CatalogueEntry, simulator::TokenPolicyOption>;

// Runs `checks` against a simulator asked for `fault` under `policy`, in the fault's profile.
RunReport run_under_fault(const FaultAndPolicy& param, const std::vector<std::string>& checks) {
  const simulator::faults::CatalogueEntry& fault = std::get<0>(param);
  const simulator::TokenPolicyOption policy = std::get<1>(param);
  for (const std::string& id : checks) {
    bool known = false;
    for (const Check& check : catalogue()) known = known || check.id == id;
    EXPECT_TRUE(known) << fault.name << " names the unknown check " << id;
  }

  const spec::Profile profile = *spec::parse_profile(fault.profile);
  simulator::Options sim_options;
  sim_options.faults = true;
  sim_options.profile = profile;  // compat answers as docker-registry
  sim_options.token_policy = policy;
  SimulatorTarget target(sim_options);
  EXPECT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.profile = profile;
  if (policy == simulator::TokenPolicyOption::kSingleUse) options.token_policy = "single-use";
  options.only = checks;
  options.inject_fault = fault.name;
  options.strict = true;  // some catching checks are SHOULD-level
  // A hung connection ends in error soon; other requests get room for a loaded machine (a password
  // hash under the sanitizers takes half a second, and the run registers its accounts first).
  options.timeout = std::chrono::seconds(breaks_the_connection(fault) ? 5 : 10);
  options.deadline = std::chrono::seconds(120);
  auto started = std::chrono::steady_clock::now();
  RunReport report = run(options);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, options.deadline) << "the run overran its deadline";
  return report;
}

// Expects every check of `checks` to have run and ended in `expected`.
void expect_outcomes(const RunReport& report, const std::vector<std::string>& checks,
                     Outcome expected, const std::string& fault) {
  for (const std::string& id : checks) {
    const CheckResult* result = nullptr;
    for (const CheckResult& r : report.results) {
      if (r.id == id) result = &r;
    }
    ASSERT_NE(result, nullptr) << id << " did not run";
    EXPECT_EQ(result->outcome, expected)
        << "under " << fault << ": " << describe(*result) << report.fatal;
  }
}

std::vector<simulator::faults::CatalogueEntry> faults_proven_by(bool caught) {
  std::vector<simulator::faults::CatalogueEntry> faults;
  for (const auto& fault : simulator::faults::fault_catalogue()) {
    if (fault.catches.empty() != caught) faults.push_back(fault);
  }
  return faults;
}

std::string fault_test_name(const testing::TestParamInfo<FaultAndPolicy>& entry) {
  std::string name;
  for (char c : std::get<0>(entry.param).name) name += c == '-' ? '_' : c;
  bool single_use = std::get<1>(entry.param) == simulator::TokenPolicyOption::kSingleUse;
  return name + (single_use ? "_SingleUse" : "_Reusable");
}

const auto kBothPolicies = testing::Values(simulator::TokenPolicyOption::kReusable,
                                           simulator::TokenPolicyOption::kSingleUse);

// A fault the checks must catch: each check its row names fails under it (or ends in error, when
// the connection itself breaks).
class FaultIsCaught : public testing::TestWithParam<FaultAndPolicy> {};

TEST_P(FaultIsCaught, ByEveryCheckItNames) {
  const simulator::faults::CatalogueEntry& fault = std::get<0>(GetParam());
  ASSERT_FALSE(fault.catches.empty()) << fault.name << " names no check that catches it";
  RunReport report = run_under_fault(GetParam(), fault.catches);
  expect_outcomes(report, fault.catches,
                  breaks_the_connection(fault) ? Outcome::kError : Outcome::kFail, fault.name);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, FaultIsCaught,
                         testing::Combine(testing::ValuesIn(faults_proven_by(true)), kBothPolicies),
                         fault_test_name);

// A fault the simulator survives (a slow backend): each check its row names still passes.
class FaultIsSurvived : public testing::TestWithParam<FaultAndPolicy> {};

TEST_P(FaultIsSurvived, ByEveryCheckItNames) {
  const simulator::faults::CatalogueEntry& fault = std::get<0>(GetParam());
  ASSERT_FALSE(fault.survives.empty()) << fault.name << " names no check that survives it";
  RunReport report = run_under_fault(GetParam(), fault.survives);
  expect_outcomes(report, fault.survives, Outcome::kPass, fault.name);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, FaultIsSurvived,
                         testing::Combine(testing::ValuesIn(faults_proven_by(false)),
                                          kBothPolicies),
                         fault_test_name);

}  // namespace
}  // namespace drydock::conformance
