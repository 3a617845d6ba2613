// Selection by ID prefix and the baseline.

#include <gtest/gtest.h>

#include "drydock/conformance/runner.h"

namespace drydock::conformance {
namespace {

std::vector<Check> three() {
  std::vector<Check> checks(3);
  checks[0].id = "index/users/login-user/ok";
  checks[1].id = "registry/images/get-image-json/ok";
  checks[2].id = "registry/images/get-image-json/image-not-found";
  return checks;
}

TEST(Selection, EmptyOnlySelectsAll) {
  auto checks = three();
  auto s = select_checks(checks, {}, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->checks.size(), 3u);
}

TEST(Selection, OnlyAndSkipArePrefixes) {
  auto checks = three();
  auto s = select_checks(checks, {"registry/"}, {"registry/images/get-image-json/ok"});
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->checks.size(), 1u);
  EXPECT_EQ(s->checks[0]->id, "registry/images/get-image-json/image-not-found");
}

TEST(Selection, MatchingNothingIsAnError) {
  auto checks = three();
  EXPECT_FALSE(select_checks(checks, {"nothing/"}, {}).ok());
}

TEST(Baseline, ParsesText) {
  auto b = parse_baseline("# known\nindex/users/login-user/ok   answers 201\n\nflows/x\n");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->reasons.at("index/users/login-user/ok"), "answers 201");
  EXPECT_TRUE(b->contains("flows/x"));
}

TEST(Baseline, ParsesJsonObjectAndArray) {
  auto a = parse_baseline(R"({"flows/a": "why"})");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->reasons.at("flows/a"), "why");
  auto b = parse_baseline(R"([{"id": "flows/b", "reason": "because"}])");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->reasons.at("flows/b"), "because");
  EXPECT_FALSE(parse_baseline("[{\"reason\": 1}]").ok());
  EXPECT_FALSE(parse_baseline("{broken").ok());
}

TEST(Baseline, BaselinedFailureDoesNotFailTheRun) {
  Baseline baseline;
  baseline.reasons["flows/a"] = "known";
  CheckResult failed;
  failed.id = "flows/a";
  failed.outcome = Outcome::kFail;
  apply_baseline(baseline, failed);
  EXPECT_TRUE(failed.baselined);
  RunReport report;
  report.results = {failed};
  report.summary = Summary::of(report.results);
  EXPECT_EQ(exit_code(report), 0);
  report.failed_unbaselined = 1;
  EXPECT_EQ(exit_code(report), 1);
}

TEST(Baseline, BaselinedPassIsReported) {
  Baseline baseline;
  baseline.reasons["flows/a"] = "known";
  CheckResult passed;
  passed.id = "flows/a";
  passed.outcome = Outcome::kPass;
  apply_baseline(baseline, passed);
  EXPECT_NE(passed.message.find("baselined but passed"), std::string::npos);
}

}  // namespace
}  // namespace drydock::conformance
