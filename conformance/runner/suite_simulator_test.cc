// End to end: the whole suite against the in-process simulator passes every check.

#include <sstream>

#include <gtest/gtest.h>

#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/runner.h"
#include "drydock/simulator/simulator.h"

namespace drydock::conformance {
namespace {

TEST(SuiteAgainstSimulator, EveryCheckPasses) {
  const spec::Spec& spec = spec::Spec::embedded();
  simulator::Simulator sim(spec);
  simulator::Options sim_options;
  sim_options.listen = "127.0.0.1:0";
  sim_options.memory = true;
  sim_options.admin = "dd_admin:admin-password-1";
  Result<simulator::BoundAddresses> bound = sim.start(sim_options);
  ASSERT_TRUE(bound.ok()) << bound.error().message;

  RunOptions options;
  options.index_url = bound->index_url;
  options.registry_url = bound->registry_url;
  options.admin = {"dd_admin", "admin-password-1", ""};
  options.jobs = 4;                              // mostly waiting on the network
  options.deadline = std::chrono::seconds(500);  // sanitizer builds on shared cores are slow
  std::vector<Check> checks = make_catalogue(spec);
  Result<Selection> selection = select_checks(checks, {}, {});
  ASSERT_TRUE(selection.ok());
  RunReport report = run_checks(spec, selection->checks, options, Baseline{}, {});

  EXPECT_TRUE(report.fatal.empty()) << report.fatal;
  std::ostringstream problems;
  for (const CheckResult& r : report.results) {
    if (r.outcome == Outcome::kFail || r.outcome == Outcome::kError) {
      problems << r.id << " [" << to_string(r.outcome) << "]: " << r.message << " | observed "
               << r.observed << "\n";
    }
  }
  EXPECT_EQ(report.summary.count(Outcome::kFail), 0u) << problems.str();
  EXPECT_EQ(report.summary.count(Outcome::kError), 0u) << problems.str();
  std::string left;
  for (const std::string& line : report.not_cleaned) left += line + "\n";
  EXPECT_TRUE(report.not_cleaned.empty()) << left;
  EXPECT_GT(report.summary.count(Outcome::kPass), 100u);
}

}  // namespace
}  // namespace drydock::conformance
