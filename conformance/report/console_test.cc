#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <sstream>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

std::string run_console(const Report& report, bool colour = false) {
  std::ostringstream out;
  ConsoleReporter console(out, colour);
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

TEST(ConsoleReporter, NumbersEachLineAgainstThePlannedCount) {
  std::vector<std::string> output = lines(run_console(testing::failing_report()));
  EXPECT_EQ(output[3], "[ 1/11] BLOCKED  flows/pullUserRepository (12 ms)");
  std::size_t last = 0;
  for (std::size_t i = 0; i < output.size(); ++i) {
    if (output[i].starts_with("[11/11] ")) last = i;
  }
  EXPECT_GT(last, 3u) << "no [11/11] line";
}

TEST(ConsoleReporter, SummaryOpensWithTheFeatureMatrixThenTheCauses) {
  std::string output = run_console(testing::failing_report());
  std::size_t features = output.find("\nfeatures:\n");
  std::size_t causes = output.find("\ncauses (3):\n");
  std::size_t counts = output.find("\n1 errors, 2 blocked, 1 disabled");
  ASSERT_NE(features, std::string::npos) << output;
  ASSERT_NE(causes, std::string::npos) << output;
  EXPECT_LT(output.rfind("[11/11]"), features);
  EXPECT_LT(features, causes);
  EXPECT_LT(causes, counts);
  EXPECT_NE(output.find("  ping        supported\n"), std::string::npos) << output;
  EXPECT_NE(output.find("  push        broken: index/repositories/put-user-repository/ok\n"),
            std::string::npos);
  EXPECT_NE(output.find("  ranges      not supported: "
                        "registry/images/get-image-layer/partial-content\n"),
            std::string::npos);
  EXPECT_NE(output.find("  library     not checked\n"), std::string::npos);
}

TEST(ConsoleReporter, SaysEachCauseOnceWithWhatItBlocksAndACurlCommand) {
  std::string output = run_console(testing::failing_report());
  EXPECT_NE(
      output.find("  1. [fail, 3 checks] the reply has no X-Docker-Token header\n"
                  "     index/repositories/put-user-repository/ok\n"
                  "     blocked: flows/pullUserRepository, registry/images/get-image-json/ok\n"
                  "     reproduce (index/repositories/put-user-repository/ok):\n"
                  "       # DRYDOCK_USER, DRYDOCK_PASSWORD: the account's name and password\n"
                  "       curl -sS -i -X 'PUT' 'http://index.test/v1/repositories/bob/"
                  "dd-1a2b3c4d/' -u \"$DRYDOCK_USER:$DRYDOCK_PASSWORD\""),
      std::string::npos)
      << output;
  // The two layer mismatches differ only in their digests: one cause, both IDs.
  EXPECT_NE(output.find("[fail, 2 checks] the layer's bytes differ"), std::string::npos);
  EXPECT_NE(output.find("     registry/images/get-image-layer/not-modified, "
                        "registry/images/get-image-layer/ok\n"),
            std::string::npos);
  EXPECT_EQ(output.find(std::string(testing::kBasicCredential)), std::string::npos);
}

TEST(ConsoleReporter, ListsAFewIdsOfALargeCause) {
  Report report = testing::failing_report();
  for (int i = 0; i < 10; ++i) {
    CheckResult blocked = report.results[0];  // flows/pullUserRepository, blocked by the push
    blocked.id = "registry/tags/blocked-" + std::to_string(i);
    report.results.push_back(blocked);
  }
  std::string output = run_console(report);
  EXPECT_NE(output.find("  1. [fail, 13 checks] the reply has no X-Docker-Token header\n"),
            std::string::npos)
      << output;
  EXPECT_NE(
      output.find("     blocked: flows/pullUserRepository, registry/images/get-image-json/ok, "
                  "registry/tags/blocked-0, registry/tags/blocked-1 and 8 more\n"),
      std::string::npos)
      << output;
  EXPECT_NE(output.find("  tags        broken: registry/tags/blocked-0, registry/tags/blocked-1, "
                        "registry/tags/blocked-2, registry/tags/blocked-3 and 6 more\n"),
            std::string::npos);
}

TEST(ConsoleReporter, ColoursOutcomesOnlyWhenAsked) {
  std::string plain = run_console(testing::failing_report());
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  std::string coloured = run_console(testing::failing_report(), true);
  EXPECT_NE(coloured.find("\x1b[1;31mFAIL    \x1b[0m index/repositories/put-user-repository/ok"),
            std::string::npos)
      << coloured;
  EXPECT_NE(coloured.find("\x1b[32mPASS    \x1b[0m registry/ping/ping/ok"), std::string::npos);
  EXPECT_NE(coloured.find("  push        \x1b[1;31mbroken\x1b[0m"), std::string::npos);
  // The contract line stays plain whatever the terminal.
  EXPECT_EQ(lines(coloured).back(), "2 passed, 3 failed, 2 skipped");
}

TEST(ConsoleColour, OnlyOnATerminalAndWithoutNoColor) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  int terminal = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(terminal, 0);
  ASSERT_EQ(::grantpt(terminal), 0);
  ASSERT_EQ(::unlockpt(terminal), 0);
  int replica = ::open(::ptsname(terminal), O_RDWR | O_NOCTTY);
  ASSERT_GE(replica, 0);

  ::unsetenv("NO_COLOR");
  EXPECT_TRUE(console_colour(replica));
  EXPECT_FALSE(console_colour(pipe_fds[1]));
  ::setenv("NO_COLOR", "", 1);  // set but empty: no effect (no-color.org)
  EXPECT_TRUE(console_colour(replica));
  ::setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(console_colour(replica));
  ::unsetenv("NO_COLOR");
  for (int fd : {pipe_fds[0], pipe_fds[1], terminal, replica}) ::close(fd);
}

TEST(ConsoleReporter, AFatalRunIsOneErrorNotAMatrix) {
  Report fatal;
  fatal.summary.fatal = "http://r.test/v1/_ping answered 404 text/html: not a v1 registry";
  std::string output = run_console(fatal);
  EXPECT_NE(output.find("ERROR    no check ran: http://r.test/v1/_ping answered 404"),
            std::string::npos);
  EXPECT_EQ(output.find("features:"), std::string::npos) << output;
  EXPECT_EQ(lines(output).back(), "0 passed, 0 failed, 0 skipped");
}

TEST(ConsoleReporter, AnInterruptedRunSaysSoAndHowFarItGot) {
  Report report = testing::failing_report();
  report.info.planned = 303;
  report.summary.interrupted = true;
  std::string output = run_console(report);
  EXPECT_NE(output.find("INTERRUPTED: the run was stopped by a signal; these are the results so "
                        "far (11 of 303 checks)"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("[ 11/303] "), std::string::npos);
}

}  // namespace
}  // namespace drydock::conformance
