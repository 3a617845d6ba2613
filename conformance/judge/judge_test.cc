// The judge against the simulator in process: a clean Docker 1.x-like client (register, push two
// images, pull them back) is judged clean, and each faulty client of kFaults (one deviation each)
// is caught by exactly the rules its row names (and reported as differing from Docker 1.x in
// exactly the MAY rules it names). The rows are data so that a later
// `drydock check --client-fault NAME` can run the same faults.
#include "drydock/judge/judge.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "drydock/common/base64.h"
#include "drydock/common/digest.h"
#include "drydock/fixtures/images.h"
#include "drydock/simulator/simulator.h"
#include "testing/faulty_client.h"

namespace drydock::judge {
namespace {

using testing::Fault;
using testing::fault_cases;
using testing::FaultCase;
using testing::kShortTtl;
using testing::run_faulty_client;

// A simulator in process whose every exchange goes to a Judge.
class Judged {
 public:
  explicit Judged(bool single_use, bool split = false,
                  spec::Profile profile = spec::Profile::kDockerRegistry,
                  std::chrono::seconds token_ttl = simulator::Options{}.token_ttl)
      : judge_(spec::Spec::embedded(), JudgeOptions{profile, true, single_use, 5, token_ttl}),
        sim_(spec::Spec::embedded()) {
    simulator::Options options;
    options.token_ttl = token_ttl;
    options.listen = "127.0.0.1:0";
    if (split) {  // the registry then checks each token with a request to the index
      options.index_listen = "127.0.0.1:0";
      options.registry_listen = "127.0.0.1:0";
    }
    options.memory = true;
    options.password_iterations = 1;
    if (single_use) options.token_policy = simulator::TokenPolicyOption::kSingleUse;
    options.on_exchange = [this](const ObservedExchange& e) { judge_.observe(e); };
    options.body_digest_seed = [this](const ObservedExchange& e) { return judge_.digest_seed(e); };
    auto bound = sim_.start(options);
    EXPECT_TRUE(bound.ok()) << (bound.ok() ? "" : bound.error().message);
    if (bound.ok()) url_ = bound->index_url;
    if (bound.ok()) registry_url_ = bound->registry_url;
  }

  // Every rule's outcome, by ID.
  std::map<std::string, conformance::Outcome> outcomes() {
    std::map<std::string, conformance::Outcome> out;
    for (const auto& result : judge_.report({}).results) out[result.id] = result.outcome;
    return out;
  }
  std::set<std::string> failed() {
    std::set<std::string> out;
    for (const auto& [id, outcome] : outcomes()) {
      if (outcome == conformance::Outcome::kFail) out.insert(id);
    }
    return out;
  }
  // The MAY rules broken: skips that say how the client differs from Docker 1.x.
  std::set<std::string> differing() {
    std::set<std::string> out;
    for (const auto& result : judge_.report({}).results) {
      if (result.outcome == conformance::Outcome::kSkip && result.message.rfind(kDiffers, 0) == 0) {
        out.insert(result.id);
      }
    }
    return out;
  }
  static constexpr std::string_view kDiffers = "differs from Docker 1.x (MAY): ";

  Judge judge_;
  simulator::Simulator sim_;
  std::string url_;
  std::string registry_url_;
};

TEST(Judge, ACleanClientIsJudgedClean) {
  for (bool single_use : {false, true}) {
    Judged judged(single_use, /*split=*/single_use);
    ASSERT_NO_FATAL_FAILURE(run_faulty_client(judged.url_, judged.registry_url_, Fault::kNone));
    EXPECT_EQ(judged.failed(), std::set<std::string>{}) << "single-use and split " << single_use;
    EXPECT_EQ(judged.differing(), std::set<std::string>{});
    // Every rule a fault names is exercised, and held, by the clean client.
    auto outcomes = judged.outcomes();
    for (const FaultCase& fault : fault_cases()) {
      if (fault.single_use && !single_use) continue;
      for (const auto* rules : {&fault.fails, &fault.differs}) {
        for (const std::string& rule : *rules) {
          EXPECT_EQ(outcomes[rule], conformance::Outcome::kPass)
              << rule << " single-use " << single_use;
        }
      }
    }
  }
}

class JudgeFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(JudgeFault, IsCaughtByExactlyTheRulesItNames) {
  const FaultCase& fault = GetParam();
  // The index pinged on its own listener: only split listeners tell it from the registry's ping.
  Judged judged(fault.single_use, /*split=*/fault.fault == Fault::kPingIndex,
                spec::Profile::kDockerRegistry,
                fault.fault == Fault::kStaleToken ? kShortTtl : simulator::Options{}.token_ttl);
  ASSERT_NO_FATAL_FAILURE(run_faulty_client(judged.url_, judged.registry_url_, fault.fault));
  EXPECT_EQ(judged.failed(), fault.fails) << fault.name << ": " << fault.does;
  EXPECT_EQ(judged.differing(), fault.differs) << fault.name << ": " << fault.does;
}

INSTANTIATE_TEST_SUITE_P(Faults, JudgeFault, ::testing::ValuesIn(fault_cases()),
                         [](const ::testing::TestParamInfo<FaultCase>& param_info) {
                           std::string name = param_info.param.name;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(Judge, ADeliberateRequestIsListedNotHeldAgainstTheClient) {
  Judged judged(false);
  ASSERT_NO_FATAL_FAILURE(
      run_faulty_client(judged.url_, judged.registry_url_, Fault::kDeliberateNoBasic));
  for (const auto& result : judged.judge_.report({}).results) {
    if (result.id != "client/request/basic-auth") continue;
    EXPECT_EQ(result.outcome, conformance::Outcome::kPass);
    EXPECT_NE(result.message.find("deliberate"), std::string::npos) << result.message;
  }
}

// A MAY rule broken is a difference from Docker 1.x, never a failure: under --profile docs the
// final PUT's X-Docker-Endpoints is a MAY (the Hub example has none), under docker-registry a
// SHOULD (the row client-final-put-no-endpoints).
TEST(Judge, AMayRuleBrokenIsReportedAsADifferenceNotAFailure) {
  Judged judged(false, false, spec::Profile::kDocs);
  ASSERT_NO_FATAL_FAILURE(
      run_faulty_client(judged.url_, judged.registry_url_, Fault::kFinalPutNoEndpoints));
  EXPECT_EQ(judged.failed(), std::set<std::string>{});
  for (const auto& result : judged.judge_.report({}).results) {
    if (result.id != "client/push/final-put-headers") continue;
    EXPECT_EQ(result.level, spec::Level::kMay);
    EXPECT_EQ(result.outcome, conformance::Outcome::kSkip);
    EXPECT_EQ(result.message.rfind(Judged::kDiffers, 0), 0u) << result.message;
    EXPECT_FALSE(result.exchanges.empty());  // the request that differs, shown
  }
}

TEST(Judge, TheExpiryRuleIsSkippedWhenTheTokenTtlIsUnknown) {
  Judge judge(spec::Spec::embedded(), JudgeOptions{});
  for (const auto& result : judge.report({}).results) {
    if (result.id != "client/request/token-expired") continue;
    EXPECT_EQ(result.outcome, conformance::Outcome::kSkip);
    EXPECT_EQ(result.message, "the token TTL is unknown");
  }
}

// The simulator never answers 401 to a registration (it has no protected sign-up), so the 401
// fallback is shown with exchanges as an observer would report them.
ObservedExchange index_exchange(std::string method, std::string path, std::string operation,
                                int status) {
  ObservedExchange e;
  e.started_at = std::chrono::system_clock::now();
  e.remote_address = "127.0.0.1";
  e.listener = ListenerSide::kIndex;
  e.method = std::move(method);
  e.path = std::move(path);
  e.operation_id = std::move(operation);
  e.request_headers = {{"Host", "index.test"}, {"User-Agent", "docker/1.5.0 judge-test"}};
  e.status = status;
  return e;
}

conformance::Outcome fallback_401_after(const ObservedExchange& next) {
  Judge judge(spec::Spec::embedded(), JudgeOptions{});
  ObservedExchange posted = index_exchange("POST", "/v1/users/", "registerUser", 401);
  posted.json_body = R"({"username":"judged","password":"secret1","email":"j@x.invalid"})";
  posted.request_headers.emplace_back("Content-Type", "application/json");
  judge.observe(posted);
  judge.observe(next);
  for (const auto& result : judge.report({}).results) {
    if (result.id == "client/login/fallback-401") return result.outcome;
  }
  return conformance::Outcome::kError;
}

TEST(Judge, After401ToARegistrationTheClientLogsInWithTheSameCredentials) {
  ObservedExchange login = index_exchange("GET", "/v1/users/", "loginUser", 200);
  login.request_headers.emplace_back("Authorization", "Basic " + base64_encode("judged:secret1"));
  EXPECT_EQ(fallback_401_after(login), conformance::Outcome::kPass);

  ObservedExchange other = login;
  other.request_headers.back().second = "Basic " + base64_encode("judged:other");
  EXPECT_EQ(fallback_401_after(other), conformance::Outcome::kFail);

  ObservedExchange search = index_exchange("GET", "/v1/search", "searchRepositories", 200);
  search.query = {{"q", "app"}};
  EXPECT_EQ(fallback_401_after(search), conformance::Outcome::kFail);
}

// The simulator's registry asking its own index (split listeners) is no client: an unknown path
// from it breaks nothing, the same from a client breaks known-operation.
TEST(Judge, TheSimulatorsOwnRegistryCallsAreNotJudgedAsAClient) {
  for (const bool from_registry : {true, false}) {
    Judge judge(spec::Spec::embedded(), JudgeOptions{});
    ObservedExchange unknown = index_exchange("GET", "/v1/nothing", "", 404);
    if (from_registry) unknown.request_headers[1].second = std::string(kRegistryCallAgent);
    judge.observe(unknown);
    conformance::Outcome outcome = conformance::Outcome::kError;
    for (const auto& result : judge.report({}).results) {
      if (result.id == "client/request/known-operation") outcome = result.outcome;
    }
    EXPECT_EQ(outcome, from_registry ? conformance::Outcome::kSkip : conformance::Outcome::kFail);
  }
}

TEST(Judge, ReportsAreWrittenInTheFourFormatsWithSecretsRedacted) {
  Judged judged(false);
  // Keeps a request with Basic.
  ASSERT_NO_FATAL_FAILURE(
      run_faulty_client(judged.url_, judged.registry_url_, Fault::kNoLoginFallback));
  auto dir = std::filesystem::temp_directory_path() /
             ("judge-test-" + sha256_hex(judged.url_).substr(0, 8));
  conformance::Report report = judged.judge_.report({});
  EXPECT_EQ(report.summary.requests, 19u);  // every exchange judged, not only those kept
  ASSERT_TRUE(write_judge_reports(dir, report).ok());
  for (const char* file : {"junit.xml", "results.json", "report.html", "transcript.har"}) {
    ASSERT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  std::ifstream har(dir / "transcript.har");
  std::string text((std::istreambuf_iterator<char>(har)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("client/login/fallback-exists"), std::string::npos);
  EXPECT_NE(text.find("Basic <redacted>"), std::string::npos);
  EXPECT_EQ(text.find("secret1"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace drydock::judge
