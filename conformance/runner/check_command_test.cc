// The exit-code contract of `drydock check`, tested on the binary itself.

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

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

}  // namespace
