#include <gtest/gtest.h>

#include <sstream>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

std::string run_console(const Report& report) {
  std::ostringstream out;
  ConsoleReporter console(out);
  console.begin(report.info);
  for (const CheckResult& r : report.results) console.record(r);
  console.end(report.summary);
  return out.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(ConsoleReporter, LastLineIsPassedFailedSkipped) {
  std::vector<std::string> output = lines(run_console(testing::sample_report()));
  ASSERT_GE(output.size(), 2u);
  EXPECT_EQ(output.back(), "1 passed, 2 failed, 1 skipped");
  EXPECT_TRUE(output[output.size() - 2].starts_with("1 errors, 0 blocked, 1 disabled, 1 baselined"))
      << output[output.size() - 2];
}

TEST(ConsoleReporter, PrintsAProgressLinePerCheck) {
  std::string output = run_console(testing::sample_report());
  EXPECT_NE(output.find("PASS     registry/ping/ok (12 ms)"), std::string::npos) << output;
  EXPECT_NE(output.find("SKIP     index/search/paging"), std::string::npos);
  EXPECT_NE(output.find("DISABLED registry/tags/delete/should"), std::string::npos);
  EXPECT_NE(output.find("[baseline: known: ticket 12]"), std::string::npos);
}

TEST(ConsoleReporter, ExplainsFailures) {
  std::string output = run_console(testing::sample_report());
  EXPECT_NE(output.find("FAIL     registry/images/put-layer/missing-json"), std::string::npos);
  EXPECT_NE(output.find("requirement: MUST: The server answers as documented"), std::string::npos);
  EXPECT_NE(output.find("acceptable: 400 | 401 with WWW-Authenticate"), std::string::npos);
  EXPECT_NE(output.find("observed: 500"), std::string::npos);
  EXPECT_NE(output.find("hint: Refuse a layer whose JSON was never PUT"), std::string::npos);
  EXPECT_NE(output.find("< HTTP/1.1 500 Internal Server Error"), std::string::npos);
}

TEST(ConsoleReporter, EmptyRunStillEndsWithTheCountsLine) {
  Report empty;
  EXPECT_EQ(lines(run_console(empty)).back(), "0 passed, 0 failed, 0 skipped");
}

}  // namespace
}  // namespace drydock::conformance
