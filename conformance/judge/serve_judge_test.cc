// `drydock serve --judge DIR` as a process: the reports written on SIGUSR1 and at exit, the exit
// status (1 when a client rule failed, 0 otherwise), and a DIR that cannot be written refused at
// start with status 2.
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "core/testing/drydock_process.h"
#include "core/testing/test_files.h"

namespace drydock::judge {
namespace {

using simulator::testing::appears;
using simulator::testing::DrydockProcess;
using simulator::testing::ProcessSetup;
using simulator::testing::read_file;

std::filesystem::path scratch_dir() {
  return simulator::testing::scratch_dir("drydock-judge");
}

TEST(ServeJudge, WritesReportsOnSigusr1AndAtExitAndExitsOneWhenARuleFailed) {
  auto dir = scratch_dir();
  DrydockProcess drydock(
      {"serve", "--memory", "--listen", "127.0.0.1:0", "--quiet", "--judge", dir / "reports"});
  ASSERT_TRUE(drydock.started());
  std::string url = drydock.read_serve_url();
  ASSERT_FALSE(url.empty());
  httplib::Client client(url);
  auto unknown = client.Get("/v1/nothing");  // no operation of the v1 API
  ASSERT_TRUE(unknown);

  drydock.signal(SIGUSR1);
  ASSERT_TRUE(appears(dir / "reports" / "transcript.har"));
  ASSERT_TRUE(appears(dir / "reports" / "results.json"));
  EXPECT_TRUE(drydock.alive());  // SIGUSR1 writes; it does not stop
  std::string results = read_file(dir / "reports" / "results.json");
  EXPECT_NE(results.find("client/request/known-operation"), std::string::npos) << results;
  EXPECT_NE(results.find("/v1/nothing"), std::string::npos);

  std::filesystem::remove_all(dir / "reports");
  drydock.signal(SIGTERM);
  EXPECT_EQ(drydock.wait(), 1);
  for (const char* file : {"junit.xml", "results.json", "report.html", "transcript.har"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "reports" / file)) << file;
  }
  std::filesystem::remove_all(dir);
}

TEST(ServeJudge, ExitsZeroWhenNoRuleFailed) {
  auto dir = scratch_dir();
  DrydockProcess drydock({"serve", "--memory", "--listen", "127.0.0.1:0", "--quiet", "--token-ttl",
                          "60", "--judge", dir});
  ASSERT_TRUE(drydock.started());
  std::string url = drydock.read_serve_url();
  ASSERT_FALSE(url.empty());
  httplib::Client client(url);
  auto ping = client.Get("/v1/_ping");
  ASSERT_TRUE(ping);
  drydock.signal(SIGINT);
  EXPECT_EQ(drydock.wait(), 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "junit.xml"));
  // --token-ttl reaches the judge: the expiry rule is judged, not skipped for want of a TTL.
  std::string results = read_file(dir / "results.json");
  EXPECT_NE(results.find("client/request/token-expired"), std::string::npos);
  EXPECT_EQ(results.find("the token TTL is unknown"), std::string::npos) << results;
  std::filesystem::remove_all(dir);
}

TEST(ServeJudge, ADirectoryThatCannotBeWrittenIsRefusedAtStart) {
  auto dir = scratch_dir();
  std::ofstream(dir / "file") << "not a directory";
  ProcessSetup setup;
  setup.stderr_file = dir / "stderr";
  DrydockProcess drydock(
      {"serve", "--memory", "--listen", "127.0.0.1:0", "--quiet", "--judge", dir / "file" / "x"},
      setup);
  ASSERT_TRUE(drydock.started());
  EXPECT_EQ(drydock.wait(), 2);
  std::string message = read_file(dir / "stderr");
  EXPECT_NE(message.find("--judge"), std::string::npos) << message;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace drydock::judge
