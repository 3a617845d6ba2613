// `drydock proxy` as a process, in front of `drydock serve`: it prints the addresses to give the
// client, forwards, writes its reports on SIGUSR1 and at exit, exits 1 when a client rule or a
// server operation failed and 0 otherwise, and refuses a bad upstream URL or report directory at
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

namespace drydock::proxy {
namespace {

using simulator::testing::appears;
using simulator::testing::DrydockProcess;
using simulator::testing::read_file;

std::filesystem::path scratch_dir() {
  return simulator::testing::scratch_dir("drydock-proxy");
}

// The URL after `label` on a line "index    http://..." / "registry http://...".
std::string url_of(const std::string& line, const std::string& label) {
  if (!line.starts_with(label)) return {};
  const auto at = line.find("http://");
  if (at == std::string::npos) return {};
  std::string url = line.substr(at);
  while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
  return url;
}

// A simulator (one listener) and a proxy in front of it, both as processes.
struct Proxied {
  explicit Proxied(const std::filesystem::path& reports)
      : serve({"serve", "--memory", "--listen", "127.0.0.1:0", "--quiet", "--password-iterations",
               "1"}) {
    upstream = serve.started() ? serve.read_serve_url() : "";
    if (upstream.empty()) return;
    proxy = std::make_unique<DrydockProcess>(std::vector<std::string>{
        "proxy", "--index", upstream, "--registry", upstream, "--listen", "127.0.0.1:0",
        "--registry-listen", "127.0.0.1:0", "--report-dir", reports.string(), "--quiet"});
    if (!proxy->started()) return;
    index = url_of(proxy->read_line(), "index");
    registry = url_of(proxy->read_line(), "registry");
  }

  DrydockProcess serve;
  std::string upstream;
  std::unique_ptr<DrydockProcess> proxy;
  std::string index;
  std::string registry;
};

TEST(ProxyCommand, WritesBothSidesOnSigusr1AndAtExitAndExitsOneWhenSomethingFailed) {
  auto dir = scratch_dir();
  Proxied proxied(dir / "reports");
  ASSERT_FALSE(proxied.index.empty());
  ASSERT_FALSE(proxied.registry.empty());
  httplib::Client index(proxied.index);
  auto unknown = index.Get("/v1/nothing");  // no operation of the v1 API: the client's fault
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);  // the simulator's answer, forwarded
  auto search = index.Get("/v1/search?q=x");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);

  proxied.proxy->signal(SIGUSR1);
  ASSERT_TRUE(appears(dir / "reports" / "results.json"));
  ASSERT_TRUE(appears(dir / "reports" / "transcript.har"));
  EXPECT_TRUE(proxied.proxy->alive());  // SIGUSR1 writes; it does not stop
  std::string results = read_file(dir / "reports" / "results.json");
  EXPECT_NE(results.find("client/request/known-operation"), std::string::npos);
  EXPECT_NE(results.find("index/search/search-repositories/observed"), std::string::npos);

  std::filesystem::remove_all(dir / "reports");
  proxied.proxy->signal(SIGTERM);
  EXPECT_EQ(proxied.proxy->wait(), 1);
  for (const char* file : {"junit.xml", "results.json", "report.html", "transcript.har"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "reports" / file)) << file;
  }
  std::filesystem::remove_all(dir);
}

TEST(ProxyCommand, ExitsZeroWhenNothingFailed) {
  auto dir = scratch_dir();
  Proxied proxied(dir);
  ASSERT_FALSE(proxied.index.empty());
  httplib::Client index(proxied.index);
  auto search = index.Get("/v1/search?q=x");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  proxied.proxy->signal(SIGINT);
  EXPECT_EQ(proxied.proxy->wait(), 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "results.json"));
  std::filesystem::remove_all(dir);
}

TEST(ProxyCommand, RefusesABadUpstreamOrReportDirectoryAtStart) {
  auto dir = scratch_dir();
  {
    DrydockProcess proxy({"proxy", "--registry", "ftp://127.0.0.1:1", "--listen", "127.0.0.1:0",
                          "--report-dir", dir.string()});
    ASSERT_TRUE(proxy.started());
    EXPECT_EQ(proxy.wait(), 2);
  }
  {
    std::ofstream(dir / "a-file") << "not a directory";
    DrydockProcess proxy({"proxy", "--registry", "http://127.0.0.1:1", "--listen", "127.0.0.1:0",
                          "--report-dir", (dir / "a-file").string()});
    ASSERT_TRUE(proxy.started());
    EXPECT_EQ(proxy.wait(), 2);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace drydock::proxy
