// End to end, against the in-process simulator:
//   - the whole suite passes the clean simulator (only the single-use workflow skips, since the
//     simulator runs reusable tokens; it passes under the single-use policy, tested apart);
//   - every fault of the simulator's catalogue makes each check its entry names fail (or, for a
//     broken connection, error), within the run's deadline: the checks can fail.

#include <chrono>
#include <set>
#include <sstream>
#include <string>
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

// A simulator on loopback ports (index and registry apart, or on one port when
// `sim_options.listen` is "combined"), and run options pointing at it (the admin known, expired
// tokens minted with its key).
class SimulatorTarget {
 public:
  explicit SimulatorTarget(simulator::Options sim_options) : sim_(spec::Spec::embedded()) {
    if (sim_options.listen == "combined") {
      sim_options.listen = "127.0.0.1:0";
    } else {
      sim_options.index_listen = "127.0.0.1:0";  // apart, as `drydock check` runs it
      sim_options.registry_listen = "127.0.0.1:0";
    }
    sim_options.memory = true;
    sim_options.admin = std::string(kAdmin) + ":" + kAdminPassword;
    Result<simulator::BoundAddresses> bound = sim_.start(sim_options);
    if (!bound.ok()) {
      start_error_ = bound.error().message;
      return;
    }
    options_.index_url = bound->index_url;
    options_.registry_url = bound->registry_url;
    options_.admin = {kAdmin, kAdminPassword, ""};
    options_.jobs = 4;                              // mostly waiting on the network
    options_.deadline = std::chrono::seconds(500);  // sanitizer builds on shared cores are slow
    options_.mint_expired_token = [this](const std::string& repository,
                                         const std::string& access) -> std::optional<std::string> {
      auto token = sim_.issue_expired_token(repository, access);
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
void expect_clean(const RunReport& report, const SimulatorTarget& target,
                  const std::set<std::string>& may_disable = {}) {
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
    if (r.outcome == Outcome::kSkip) {
      EXPECT_EQ(may_skip.count(r.id), 1u) << describe(r);
    }
    if (r.outcome == Outcome::kDisabled) {  // --strict: SHOULD checks run too
      EXPECT_EQ(may_disable.count(r.id), 1u) << describe(r);
    }
  }
  EXPECT_GT(report.summary.count(Outcome::kPass), 280u);
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

// The profiles differ where the spec says they do: the documents' checks fail a server answering
// as docker-registry did (success bodies `true`, no version header), and the other way round.
TEST(SuiteAgainstSimulator, EachProfileFailsTheOtherProfilesAnswers) {
  for (auto [checks, served] :
       {ProfilePair{spec::Profile::kDocs, spec::Profile::kDockerRegistry},
        ProfilePair{spec::Profile::kDockerRegistry, spec::Profile::kDocs}}) {
    simulator::Options sim_options;
    sim_options.profile = served;
    SimulatorTarget target(sim_options);
    ASSERT_EQ(target.start_error(), "");
    RunOptions options = target.options();
    options.profile = checks;
    options.strict = true;  // Content-Range's form is a MAY
    options.only = {"registry/ping/ping/ok", "registry/images/put-image-json/ok",
                    "registry/images/get-image-layer/partial-content"};
    RunReport report = run(options);
    for (const CheckResult& r : report.results) {
      EXPECT_EQ(r.outcome, Outcome::kFail) << to_string(checks) << ": " << describe(r);
    }
    EXPECT_EQ(report.results.size(), 3u);
  }
}

TEST(SuiteAgainstSimulator, SingleUseWorkflowPassesUnderTheSingleUsePolicy) {
  simulator::Options sim_options;
  sim_options.token_policy = simulator::TokenPolicyOption::kSingleUse;
  SimulatorTarget target(sim_options);
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.token_policy = "single-use";
  options.only = {"flows/tokenSingleUse"};
  RunReport report = run(options);

  ASSERT_EQ(report.results.size(), 1u);
  EXPECT_EQ(report.results[0].outcome, Outcome::kPass) << describe(report.results[0]);
}

TEST(SuiteAgainstSimulator, RegistryChecksPassOnOneCombinedListenerToo) {
  // One listener: the registry judges tokens itself and reads the index's image lists directly.
  simulator::Options sim_options;
  sim_options.listen = "combined";
  sim_options.check_responses = true;
  SimulatorTarget target(sim_options);
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.strict = true;
  options.only = {"registry/images/", "flows/pushUserRepository", "flows/tokenExpiry"};
  RunReport report = run(options);
  EXPECT_EQ(report.summary.count(Outcome::kFail), 0u) << problems_of(report);
  EXPECT_EQ(report.summary.count(Outcome::kError), 0u) << problems_of(report);
  EXPECT_GT(report.summary.count(Outcome::kPass), 50u);
  EXPECT_EQ(target.response_violations(), 0u);
}

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
}

// The faults that break the connection itself: the checks meeting them end in error, not fail.
bool breaks_the_connection(const simulator::faults::CatalogueEntry& fault) {
  return fault.side == simulator::faults::FaultSide::kServer &&
         (fault.name.rfind("conn-", 0) == 0 || fault.name == "body-endless");
}

class FaultIsCaught : public testing::TestWithParam<simulator::faults::CatalogueEntry> {};

TEST_P(FaultIsCaught, ByEveryCheckItNames) {
  const simulator::faults::CatalogueEntry& fault = GetParam();
  ASSERT_FALSE(fault.catches.empty()) << fault.name << " names no check that catches it";
  for (const std::string& id : fault.catches) {
    bool known = false;
    for (const Check& check : catalogue()) known = known || check.id == id;
    EXPECT_TRUE(known) << fault.name << " names the unknown check " << id;
  }

  simulator::Options sim_options;
  sim_options.faults = true;
  SimulatorTarget target(sim_options);
  ASSERT_EQ(target.start_error(), "");
  RunOptions options = target.options();
  options.only = fault.catches;
  options.inject_fault = fault.name;
  options.strict = true;                      // some catching checks are SHOULD-level
  options.timeout = std::chrono::seconds(2);  // a hung connection ends in error quickly
  options.deadline = std::chrono::seconds(120);
  auto started = std::chrono::steady_clock::now();
  RunReport report = run(options);
  auto took = std::chrono::steady_clock::now() - started;

  EXPECT_LT(took, options.deadline) << "the run overran its deadline";
  Outcome expected = breaks_the_connection(fault) ? Outcome::kError : Outcome::kFail;
  for (const std::string& id : fault.catches) {
    const CheckResult* result = nullptr;
    for (const CheckResult& r : report.results) {
      if (r.id == id) result = &r;
    }
    ASSERT_NE(result, nullptr) << id << " did not run";
    EXPECT_EQ(result->outcome, expected)
        << "under " << fault.name << ": " << describe(*result) << report.fatal;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Catalogue, FaultIsCaught, testing::ValuesIn(simulator::faults::fault_catalogue()),
    [](const testing::TestParamInfo<simulator::faults::CatalogueEntry>& entry) {
      std::string name;
      for (char c : entry.param.name) name += c == '-' ? '_' : c;
      return name;
    });

}  // namespace
}  // namespace drydock::conformance
