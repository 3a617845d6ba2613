// The whole conformance suite of `drydock check`, in process, sent through `drydock proxy` to the
// simulator: every check gets the answer it would get directly (the proxy changes no byte that
// matters: 0 checks fail), and the proxy judges both sides clean (the runner's client rules, the
// simulator's every operation), while its X-Docker-Endpoints keep the runner coming through it.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/runner.h"
#include "drydock/proxy/proxy.h"
#include "drydock/simulator/simulator.h"

namespace drydock::proxy {
namespace {

constexpr char kAdmin[] = "dd_admin";
constexpr char kAdminPassword[] = "admin-password-1";

std::string failures_of(const std::vector<conformance::CheckResult>& results) {
  std::ostringstream out;
  for (const conformance::CheckResult& r : results) {
    if (r.outcome != conformance::Outcome::kFail) continue;
    out << r.id << ": " << r.message << "\n";
    for (const conformance::Exchange& e : r.exchanges) {
      out << "  " << e.request.method << " " << e.request.url << " -> " << e.response.status
          << "\n";
    }
  }
  return out.str();
}

TEST(ProxySuite, EveryCheckPassesThroughTheProxyAndBothSidesAreJudgedClean) {
  simulator::Simulator sim(spec::Spec::embedded());
  simulator::Options o;
  o.index_listen = "127.0.0.1:0";
  o.registry_listen = "127.0.0.1:0";
  o.memory = true;
  o.password_iterations = 1;  // sanitizer builds: PBKDF2 at full strength is slow
  o.admin = std::string(kAdmin) + ":" + kAdminPassword;
  auto bound = sim.start(o);
  ASSERT_TRUE(bound.ok()) << bound.error().message;

  ProxyOptions proxy_options;
  proxy_options.index_url = bound->index_url;
  proxy_options.registry_url = bound->registry_url;
  Proxy proxy(spec::Spec::embedded(), proxy_options);
  auto addresses = proxy.start();
  ASSERT_TRUE(addresses.ok()) << addresses.error().message;

  conformance::RunOptions options;
  options.index_url = addresses->index_url;
  options.registry_url = addresses->registry_url;
  options.admin = {kAdmin, kAdminPassword, ""};
  options.jobs = 4;
  options.deadline = std::chrono::seconds(500);
  options.mint_token = [&sim](const std::string& repository, const std::string& access,
                              std::chrono::seconds expires_in) -> std::optional<std::string> {
    auto token = sim.issue_token_expiring(repository, access, expires_in);
    return token.ok() ? std::optional<std::string>(*token) : std::nullopt;
  };
  const std::vector<conformance::Check> checks =
      conformance::make_catalogue(spec::Spec::embedded());
  auto selection = conformance::select_checks(checks, {}, {});
  ASSERT_TRUE(selection.ok()) << selection.error().message;
  conformance::RunReport run = conformance::run_checks(spec::Spec::embedded(), selection->checks,
                                                       options, conformance::Baseline{}, {});
  ASSERT_TRUE(run.fatal.empty()) << run.fatal;
  EXPECT_EQ(run.summary.count(conformance::Outcome::kFail), 0u) << failures_of(run.results);
  EXPECT_GT(run.summary.count(conformance::Outcome::kPass), 300u);

  conformance::Report judged = proxy.report({});
  EXPECT_EQ(judged.summary.count(conformance::Outcome::kFail), 0u) << failures_of(judged.results);
  std::size_t client_passed = 0, server_passed = 0;
  for (const auto& result : judged.results) {
    if (result.outcome != conformance::Outcome::kPass) continue;
    ++(result.id.starts_with("client/") ? client_passed : server_passed);
  }
  EXPECT_GE(client_passed, 25u);
  EXPECT_GE(server_passed, 35u);  // nearly every operation of both sides was seen and held
}

}  // namespace
}  // namespace drydock::proxy
