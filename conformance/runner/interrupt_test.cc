// `drydock check` interrupted (README, Exit codes): the first SIGINT or SIGTERM stops the run,
// which cleans up and writes every report marked as interrupted, and exits 128 + the signal; a
// second signal exits at once. Tested on the binary, against its embedded simulator.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

// `drydock check` running as a child, its stdout read through a pipe.
class CheckProcess {
 public:
  explicit CheckProcess(const std::string& report_dir) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      execl(DRYDOCK_BINARY, DRYDOCK_BINARY, "check", "--report-dir", report_dir.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
  }
  ~CheckProcess() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ != nullptr) fclose(out_);
  }

  bool started() const { return pid_ > 0 && out_ != nullptr; }
  // Reads its output until `count` lines name a check's outcome; false at the end of output.
  bool wait_for_results(int count) {
    char line[4096];
    int seen = 0;
    while (seen < count && fgets(line, sizeof(line), out_) != nullptr) {
      std::string text(line);
      // "[ 12/430] PASS     <id> (3 ms)": the outcome follows the progress counter.
      if (text.starts_with("[")) text.erase(0, text.find("] ") + 2);
      if (text.starts_with("PASS") || text.starts_with("SKIP")) ++seen;
    }
    return seen == count;
  }
  void signal(int number) { kill(pid_, number); }
  // Waits for it to exit; returns its exit code, or -1 when it did not exit normally.
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    waited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  bool waited_ = false;
};

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("drydock-interrupt-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(Interrupt, FirstSignalCleansUpAndWritesEveryReportMarkedInterrupted) {
  auto dir = fresh_dir("first");
  CheckProcess check(dir.string());
  ASSERT_TRUE(check.started());
  ASSERT_TRUE(check.wait_for_results(20)) << "the run ended before 20 results";
  check.signal(SIGINT);
  const auto signalled = Clock::now();
  EXPECT_EQ(check.wait(), 128 + SIGINT);
  // In flight abandoned within a second, cleanup within its 10 s: well under a minute even with
  // the sanitizers.
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(60));
  for (const char* file : {"junit.xml", "results.json", "report.html", "transcript.har"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  std::ifstream in(dir / "results.json");
  nlohmann::json results = nlohmann::json::parse(in);
  EXPECT_EQ(results["summary"]["interrupted"], true);
  EXPECT_GE(results["results"].size(), 20u);
  EXPECT_LT(results["results"].size(), 300u) << "the run went on after the signal";
  // Everything the run created was deleted: the cleanup ran after the interrupt.
  std::size_t deletes = 0;
  std::ifstream har(dir / "transcript.har");
  nlohmann::json transcript = nlohmann::json::parse(har);
  for (const auto& entry : transcript["log"]["entries"]) {
    deletes += entry["request"]["method"] == "DELETE";
  }
  EXPECT_GT(deletes, 0u);
  std::filesystem::remove_all(dir);
}

TEST(Interrupt, SecondSignalExitsAtOnce) {
  auto dir = fresh_dir("second");
  CheckProcess check(dir.string());
  ASSERT_TRUE(check.started());
  ASSERT_TRUE(check.wait_for_results(5));
  check.signal(SIGTERM);
  check.signal(SIGTERM);
  const auto signalled = Clock::now();
  EXPECT_EQ(check.wait(), 128 + SIGTERM);
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(5));
  std::filesystem::remove_all(dir);
}

}  // namespace
