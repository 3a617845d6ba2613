// `drydock check` interrupted (README, Exit codes): the first SIGINT or SIGTERM stops the run,
// which cleans up and writes every report marked as interrupted, and exits 128 + the signal; a
// second signal exits at once. Tested on the binary, against its embedded simulator and, where
// the cleanup matters, a `drydock serve` that outlives the run.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

// `drydock ARGS...` running as a child, its stdout read through a pipe.
class CheckProcess {
 public:
  // `drydock check --report-dir DIR` against its embedded simulator, or `targets`; its stderr
  // comes through the same pipe.
  explicit CheckProcess(const std::string& report_dir, std::vector<std::string> targets = {}) {
    std::vector<std::string> args{"check", "--report-dir", report_dir};
    args.insert(args.end(), targets.begin(), targets.end());
    start(args, /*with_stderr=*/true);
  }
  explicit CheckProcess(const std::vector<std::string>& args) { start(args); }
  ~CheckProcess() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ != nullptr) fclose(out_);
  }

  bool started() const { return pid_ > 0 && out_ != nullptr; }
  // Reads its output until `count` checks passed (ran: the ones skipped for what the target
  // lacks come first); false at the end of output.
  bool wait_for_results(int count) {
    return wait_for(
        count, [](const std::string& text) { return text.find("PASS ") != std::string::npos; });
  }
  // Reads its output until a line starts with `prefix`; false at the end of output.
  bool wait_for_line(const std::string& prefix) {
    return wait_for(1, [&prefix](const std::string& text) { return text.rfind(prefix, 0) == 0; });
  }
  // Reads one line of its output ("" at the end of output).
  std::string read_line() {
    char line[4096];
    return fgets(line, sizeof(line), out_) != nullptr ? std::string(line) : std::string();
  }
  // Reads the rest of its output, to its end.
  std::string rest() {
    std::string text;
    for (std::string line = read_line(); !line.empty(); line = read_line()) text += line;
    return text;
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
  template <typename Match>
  bool wait_for(int count, Match match) {
    char line[4096];
    int seen = 0;
    while (seen < count && fgets(line, sizeof(line), out_) != nullptr) {
      if (match(std::string(line))) ++seen;
    }
    return seen == count;
  }

  void start(const std::vector<std::string>& args, bool with_stderr = false) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      if (with_stderr) dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> argv{const_cast<char*>(DRYDOCK_BINARY)};
      for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      execv(DRYDOCK_BINARY, argv.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
  }

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

// The URL a `drydock serve` line "index    http://..." names, or "".
std::string url_of(const std::string& line, const std::string& side) {
  if (line.rfind(side, 0) != 0) return "";
  const size_t at = line.find("http://");
  return at == std::string::npos ? "" : line.substr(at, line.find_last_not_of("\r\n") + 1 - at);
}

TEST(Interrupt, FirstSignalCleansUpAndWritesEveryReportMarkedInterrupted) {
  // A server that outlives the run, so what the run created must go (the embedded simulator
  // ends with the run and is not cleaned up).
  // With an administrator, as the embedded simulator has, so that few checks skip.
  CheckProcess serve({"serve", "--memory", "--password-iterations", "1", "--admin",
                      "admin:interrupt-pw", "--index-listen", "127.0.0.1:0", "--registry-listen",
                      "127.0.0.1:0"});
  ASSERT_TRUE(serve.started());
  const std::string index = url_of(serve.read_line(), "index");
  const std::string registry = url_of(serve.read_line(), "registry");
  ASSERT_FALSE(index.empty());
  ASSERT_FALSE(registry.empty());
  auto dir = fresh_dir("first");
  CheckProcess check(dir.string(), {"--index", index, "--registry", registry, "--admin", "admin",
                                    "--admin-password", "interrupt-pw"});
  ASSERT_TRUE(check.started());
  ASSERT_TRUE(check.wait_for_results(20)) << "the run ended before 20 results";
  check.signal(SIGINT);
  const auto signalled = Clock::now();
  EXPECT_NE(check.rest().find("interrupted: finishing, cleaning up and writing the reports"),
            std::string::npos);
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
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait(), 0);
}

// A signal before the first check (the embedded simulator is up, the accounts not yet made)
// stops the run as well: nothing runs, every report is written and says so.
TEST(Interrupt, SignalBeforeTheFirstCheckStillWritesTheReports) {
  auto dir = fresh_dir("early");
  CheckProcess check(dir.string());
  ASSERT_TRUE(check.started());
  ASSERT_TRUE(check.wait_for_line("checking the in-process simulator"));
  check.signal(SIGTERM);
  // The embedded simulator ends with the run: there is nothing to clean up, and it says so.
  EXPECT_NE(check.rest().find("interrupted: finishing and writing the reports"), std::string::npos);
  EXPECT_EQ(check.wait(), 128 + SIGTERM);
  for (const char* file : {"junit.xml", "results.json", "report.html", "transcript.har"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  std::ifstream in(dir / "results.json");
  nlohmann::json results = nlohmann::json::parse(in);
  EXPECT_EQ(results["summary"]["interrupted"], true);
  EXPECT_LT(results["results"].size(), 50u) << "the run went on after the signal";
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
