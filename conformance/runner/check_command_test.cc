// The exit-code contract of `drydock check`, tested on the binary itself.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

int run(const std::string& args) {
  std::string command = std::string(DRYDOCK_BINARY) + " check " + args + " >/dev/null 2>&1";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("drydock-check-" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// What one run of `drydock check` printed, and its exit code.
struct Output {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs `drydock check ARGS` with `environment` ("NAME=value ...") before it, in `dir`'s files.
Output run_in(const std::filesystem::path& dir, const std::string& environment,
              const std::string& args) {
  std::filesystem::create_directories(dir);
  std::string command = environment + " " + std::string(DRYDOCK_BINARY) + " check " + args + " >" +
                        (dir / "stdout").string() + " 2>" + (dir / "stderr").string();
  int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(dir / "stdout"),
          read_file(dir / "stderr")};
}

TEST(CheckCommand, ListExitsZero) {
  EXPECT_EQ(run("--list"), 0);
}

TEST(CheckCommand, SelectionMatchingNothingExitsTwo) {
  auto dir = temp_dir("nothing");
  EXPECT_EQ(run("--only nothing/ --report-dir " + dir.string()), 2);
  EXPECT_TRUE(std::filesystem::exists(dir / "results.json"));
}

TEST(CheckCommand, UnknownFlagExitsTwo) {
  EXPECT_EQ(run("--no-such-flag"), 2);
}

TEST(CheckCommand, BadLargeLayerSizeExitsTwo) {
  auto dir = temp_dir("large");
  EXPECT_EQ(run("--large-layer 12Q --report-dir " + dir.string()), 2);
  EXPECT_EQ(run("--large-layer 0 --report-dir " + dir.string()), 2);
  EXPECT_TRUE(std::filesystem::exists(dir / "results.json"));
}

TEST(CheckCommand, UnreachableIndexExitsTwoWithReports) {
  auto dir = temp_dir("unreachable");
  EXPECT_EQ(run("--index http://127.0.0.1:1 --deadline 20 --report-dir " + dir.string()), 2);
  for (const char* file : {"junit.xml", "results.json", "report.html", "transcript.har"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
}

// A target URL that cannot be one is refused before the run, with reports, naming the flag.
TEST(CheckCommand, MalformedTargetUrlExitsTwoNamingTheFlag) {
  auto dir = temp_dir("bad-url");
  for (const std::string target :
       {"--registry http://127.0.0.1:", "--registry http://127.0.0.1:70000", "--index ftp://host",
        "--index http://", "--registry 127.0.0.1:5000", "--registry http://u:p@host",
        "--index http://host/?q=1"}) {
    Output output = run_in(dir, "", target + " --report-dir " + dir.string());
    EXPECT_EQ(output.code, 2) << target;
    const std::string flag = target.substr(0, target.find(' '));
    EXPECT_NE(output.err.find("drydock: check: " + flag + " "), std::string::npos)
        << target << ": " << output.err;
    EXPECT_EQ(output.out.find("[1/"), std::string::npos) << target << ": no check ran";
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "results.json"));
}

// The same option from three sources: the config file sets "file", the environment "env", the
// command line "cli"; a selection matching nothing exits 2 and writes its reports where the
// winning --report-dir says.
class OptionSources : public ::testing::Test {
 protected:
  void SetUp() override {
    // Each test its own folder: ctest runs them at once.
    dir_ = temp_dir(std::string("sources-") +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
    write_file(dir_ / "drydock.toml", "# a CI configuration\nreport-dir = \"" +
                                          (dir_ / "file").string() + "\"\nonly = \"nothing/\"\n");
  }
  bool wrote_reports_in(const std::string& name) const {
    return std::filesystem::exists(dir_ / name / "results.json");
  }
  std::string config() const { return "--config " + (dir_ / "drydock.toml").string(); }
  std::string env() const { return "DRYDOCK_REPORT_DIR=" + (dir_ / "env").string(); }

  std::filesystem::path dir_;
};

TEST_F(OptionSources, ConfigFileSetsWhatNothingElseDoes) {
  EXPECT_EQ(run_in(dir_, "", config()).code, 2);
  EXPECT_TRUE(wrote_reports_in("file"));
}

TEST_F(OptionSources, EnvironmentWinsOverConfigFile) {
  EXPECT_EQ(run_in(dir_, env(), config()).code, 2);
  EXPECT_TRUE(wrote_reports_in("env"));
  EXPECT_FALSE(wrote_reports_in("file"));
}

TEST_F(OptionSources, CommandLineWinsOverEnvironment) {
  EXPECT_EQ(run_in(dir_, env(), config() + " --report-dir " + (dir_ / "cli").string()).code, 2);
  EXPECT_TRUE(wrote_reports_in("cli"));
  EXPECT_FALSE(wrote_reports_in("env"));
  EXPECT_FALSE(wrote_reports_in("file"));
}

TEST_F(OptionSources, ConfigFileCanComeFromTheEnvironment) {
  EXPECT_EQ(run_in(dir_, "DRYDOCK_CONFIG=" + (dir_ / "drydock.toml").string(), "").code, 2);
  EXPECT_TRUE(wrote_reports_in("file"));
}

TEST_F(OptionSources, IniSectionSetsFlagsAndLists) {
  write_file(dir_ / "drydock.ini", "; INI\n[check]\nlist = true\nonly = registry/ping\n");
  Output output = run_in(dir_, "", "--config " + (dir_ / "drydock.ini").string());
  EXPECT_EQ(output.code, 0) << output.err;
  EXPECT_EQ(output.out.rfind("registry/ping/", 0), 0u) << output.out;
  EXPECT_EQ(output.out.find("index/"), std::string::npos) << output.out;
}

TEST_F(OptionSources, ReportFormatsInTheFileDoNotStopAList) {
  write_file(dir_ / "ci.toml", "format = \"junit,json\"\nonly = \"registry/ping\"\n");
  Output output = run_in(dir_, "", "--list --config " + (dir_ / "ci.toml").string());
  EXPECT_EQ(output.code, 0) << output.err;
  EXPECT_EQ(output.out.rfind("registry/ping/", 0), 0u) << output.out;
  EXPECT_EQ(run_in(dir_, "", "--list --format bogus").code, 2);
}

TEST_F(OptionSources, UnknownKeyIsAUsageErrorNamingFileAndKey) {
  write_file(dir_ / "typo.toml", "report-dri = \"x\"\n");
  Output output = run_in(dir_, "", "--config " + (dir_ / "typo.toml").string());
  EXPECT_EQ(output.code, 2);
  EXPECT_NE(output.err.find((dir_ / "typo.toml").string()), std::string::npos) << output.err;
  EXPECT_NE(output.err.find("\"report-dri\""), std::string::npos) << output.err;
}

TEST_F(OptionSources, RefusedValueIsAUsageErrorNamingTheKey) {
  write_file(dir_ / "bad.toml", "[check]\ntimeout = -3\n");
  Output output = run_in(dir_, "", "--config " + (dir_ / "bad.toml").string());
  EXPECT_EQ(output.code, 2);
  EXPECT_NE(output.err.find("\"check.timeout\""), std::string::npos) << output.err;
}

TEST_F(OptionSources, UnreadableConfigFileIsAUsageError) {
  Output output = run_in(dir_, "", "--config " + (dir_ / "missing.toml").string());
  EXPECT_EQ(output.code, 2);
  EXPECT_NE(output.err.find((dir_ / "missing.toml").string()), std::string::npos) << output.err;
}

TEST(CheckCommand, HelpNamesEachOptionsEnvironmentVariableAndThePrecedence) {
  auto dir = temp_dir("help");
  Output output = run_in(dir, "", "--help");
  EXPECT_EQ(output.code, 0);
  EXPECT_NE(output.out.find("DRYDOCK_REPORT_DIR"), std::string::npos);
  EXPECT_NE(output.out.find("DRYDOCK_PASSWORD"), std::string::npos);
  EXPECT_NE(output.out.find("command line wins over the environment"), std::string::npos);
}

// One check run against the embedded simulator with a baseline listing it (it passes) and an ID
// that names no check: both are warned about, on stderr and in the reports, and the run passes.
TEST(CheckCommand, BaselineWarnsOfUnknownEntriesAndOfChecksThatPass) {
  auto dir = temp_dir("baseline-notes");
  write_file(dir / "baseline.txt", "registry/ping/ping/ok  once broken\nregistry/nope  typo\n");
  Output output =
      run_in(dir, "",
             "--only registry/ping/ping/ok --baseline " + (dir / "baseline.txt").string() +
                 " --report-dir " + (dir / "reports").string());
  EXPECT_EQ(output.code, 0) << output.err;
  EXPECT_NE(output.err.find("baseline line 1: registry/ping/ping/ok passes: remove it from the "
                            "baseline"),
            std::string::npos)
      << output.err;
  EXPECT_NE(output.err.find("baseline line 2: \"registry/nope\" names no check"), std::string::npos)
      << output.err;
  nlohmann::json results = nlohmann::json::parse(read_file(dir / "reports" / "results.json"));
  EXPECT_EQ(results["summary"]["notes"].size(), 2u) << results["summary"].dump();
}

TEST(CheckCommand, ReadOnlyWithATargetNeedsRegistryAndRepository) {
  auto dir = temp_dir("read-only-usage");
  EXPECT_EQ(run("--read-only --registry http://127.0.0.1:1 --report-dir " + dir.string()), 2);
  EXPECT_EQ(
      run("--read-only --index http://127.0.0.1:1 --repository a/b --report-dir " + dir.string()),
      2);
  EXPECT_EQ(run("--read-only --registry http://127.0.0.1:1 --repository a/b/c --report-dir " +
                dir.string()),
            2);
  EXPECT_EQ(run("--repository a/b --report-dir " + dir.string()), 2);  // without --read-only
  EXPECT_TRUE(std::filesystem::exists(dir / "results.json"));
}

// With no target, --read-only pushes a repository to the in-process simulator and then reads
// it: the run's transcript holds reads only.
TEST(CheckCommand, ReadOnlyWithNoTargetReadsAPushedRepositoryWithGetsOnly) {
  auto dir = temp_dir("read-only");
  Output output = run_in(dir, "", "--read-only --report-dir " + (dir / "reports").string());
  EXPECT_EQ(output.code, 0) << output.out << output.err;
  EXPECT_NE(output.out.find("read-only/registry/layer"), std::string::npos) << output.out;
  nlohmann::json har = nlohmann::json::parse(read_file(dir / "reports" / "transcript.har"));
  ASSERT_FALSE(har["log"]["entries"].empty());
  for (const nlohmann::json& entry : har["log"]["entries"]) {
    EXPECT_EQ(entry["request"]["method"], "GET") << entry["request"]["url"];
  }
}

}  // namespace
