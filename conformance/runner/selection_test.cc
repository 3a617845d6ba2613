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

TEST(BaselineNotes, EntryNamingNoCheckIsWarnedWithItsLine) {
  auto baseline = parse_baseline("index/users/login-user/ok  known\nregistry/nope/x  typo\n");
  ASSERT_TRUE(baseline.ok());
  std::vector<std::string> warnings = unknown_entries(*baseline, three());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "baseline line 2: \"registry/nope/x\" names no check");
}

TEST(BaselineNotes, JsonEntryNamingNoCheckIsWarned) {
  auto baseline = parse_baseline(R"({"flows/gone": "why", "index/users/login-user/ok": "ok"})");
  ASSERT_TRUE(baseline.ok());
  std::vector<std::string> warnings = unknown_entries(*baseline, three());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("\"flows/gone\" names no check"), std::string::npos);
}

TEST(BaselineNotes, PassingBaselinedCheckIsToldToLeaveTheBaseline) {
  auto baseline = parse_baseline("flows/a  known\nflows/b  known\n");
  ASSERT_TRUE(baseline.ok());
  baseline->warnings = {"an earlier warning"};
  CheckResult passed, failed;
  passed.id = "flows/a";
  failed.id = "flows/b";
  failed.outcome = Outcome::kFail;
  for (CheckResult* r : {&passed, &failed}) apply_baseline(*baseline, *r);
  std::vector<std::string> notes = baseline_notes(*baseline, {passed, failed});
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "an earlier warning");
  EXPECT_EQ(notes[1], "baseline line 1: flows/a passes: remove it from the baseline");
}

}  // namespace
}  // namespace drydock::conformance
