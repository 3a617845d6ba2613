// Issue 12: `drydock serve` as a hostile or sloppy client meets it. A few thousand requests of
// every class the issue lists go to a running server, on loopback and an ephemeral port, with the
// memory and the filesystem backends: random bytes, broken request lines, oversized URLs and
// headers, deep and huge JSON, bytes that are not UTF-8, wrong Content-Length, broken chunking,
// malformed Range, forged and truncated tokens, garbage Basic credentials, paths that climb out
// of their directory, uploads out of order and concurrent pushes of one image id. Then:
//   - the process lives, and GET /v1/_ping answers 200;
//   - no reply was a 5xx (but 501, for a method or transfer coding not implemented), and no
//     connection was held past the deadline;
//   - nothing was written outside the data directory (the working directory, HOME, TMPDIR and
//     XDG_STATE_HOME all point into a sandbox that must stay empty);
//   - no image whose upload was not completed is readable;
//   - every access-log line is printable UTF-8.
// Everything goes through raw sockets (testing/raw_http.h) and judges only what came back, so the
// test holds whatever HTTP engine the server runs on.
#include <signal.h>
#include <stdlib.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/testing/adversary.h"
#include "core/testing/drydock_process.h"
#include "core/testing/hostile_requests.h"
#include "core/testing/raw_http.h"
#include "drydock/common/utf8.h"

namespace drydock::simulator::testing {
namespace {

namespace fs = std::filesystem;

// kThroughProxy: the memory backend behind `drydock proxy`, which the requests go to: the proxy
// must live through them too, forward each, and hand back the server's answers.
enum class Backend { kMemory, kFilesystem, kThroughProxy };

// A sandbox the server runs in: its working directory, HOME, TMPDIR and XDG_STATE_HOME, and (on
// disk) its data directory. The access log goes beside it.
class Sandbox {
 public:
  Sandbox() {
    std::string pattern = ::testing::TempDir() + "drydock-adversarial-XXXXXX";
    root_ = ::mkdtemp(pattern.data());
    for (const char* dir : {"box/cwd", "box/home", "box/tmp", "box/state"}) {
      fs::create_directories(root_ / dir);
    }
  }
  ~Sandbox() { fs::remove_all(root_); }
  fs::path box() const { return root_ / "box"; }
  fs::path data() const { return root_ / "box" / "data"; }
  fs::path log() const { return root_ / "access.log"; }
  fs::path proxy_log() const { return root_ / "proxy.log"; }
  fs::path proxy_reports() const { return root_ / "proxy-reports"; }

  // Every file or directory under the box that is not the data directory or one of the four
  // folders it started with.
  std::vector<std::string> strays() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(box())) {
      const fs::path relative = fs::relative(entry.path(), box());
      const std::string top = relative.begin()->string();
      if (top == "data") continue;
      if (relative == relative.begin()->string() &&
          (top == "cwd" || top == "home" || top == "tmp" || top == "state")) {
        continue;
      }
      found.push_back(relative.string());
    }
    return found;
  }

 private:
  fs::path root_;
};

// The status of an access-log line, `127.0.0.1 "GET /v1/_ping" 200 4 1ms`; 0 for another line.
int logged_status(const std::string& line) {
  size_t open = line.find('"');
  size_t close = open == std::string::npos ? open : line.find("\" ", open + 1);
  if (close == std::string::npos) return 0;
  return std::atoi(line.c_str() + close + 2);
}

class Adversarial : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0", "--password-iterations",
                                     "1"};
    if (GetParam() != Backend::kFilesystem) {
      args.push_back("--memory");
    } else {
      args.insert(args.end(), {"--data", sandbox_.data().string()});
    }
    ProcessSetup setup;
    setup.working_directory = (sandbox_.box() / "cwd").string();
    setup.stderr_file = sandbox_.log().string();
    setup.extra_env = {"HOME=" + (sandbox_.box() / "home").string(),
                       "TMPDIR=" + (sandbox_.box() / "tmp").string(),
                       "XDG_STATE_HOME=" + (sandbox_.box() / "state").string()};
    server_ = std::make_unique<DrydockProcess>(args, setup);
    ASSERT_TRUE(server_->started());
    const std::string url = server_->read_serve_url();
    ASSERT_FALSE(url.empty()) << "drydock serve did not start";
    port_ = std::stoi(url.substr(url.rfind(':') + 1));
    if (GetParam() != Backend::kThroughProxy) return;
    // Everything goes to the proxy's index listener, which forwards all it receives to the
    // server's one listener (index and registry).
    setup.stderr_file = sandbox_.proxy_log().string();
    proxy_ = std::make_unique<DrydockProcess>(
        std::vector<std::string>{"proxy", "--index", url, "--registry", url, "--listen",
                                 "127.0.0.1:0", "--registry-listen", "127.0.0.1:0", "--report-dir",
                                 sandbox_.proxy_reports().string()},
        setup);
    ASSERT_TRUE(proxy_->started());
    const std::string line = proxy_->read_line();  // "index    http://127.0.0.1:PORT"
    ASSERT_NE(line.find("http://"), std::string::npos) << "drydock proxy did not start: " << line;
    port_ = std::stoi(line.substr(line.rfind(':') + 1));
  }

  // Sends each of `requests` on a fresh connection, `threads` connections at a time. Requests
  // that stop short of complete end half-closed, or the server would wait for the rest.
  void throw_at_server(const std::string& what, const std::vector<std::string>& requests,
                       Ending ending = Ending::kWaitForReply, int threads = 4) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        for (size_t i = next++; i < requests.size(); i = next++) {
          tally_.record(what, requests[i], send_raw(port_, requests[i], ending));
        }
      });
    }
    for (auto& worker : workers) worker.join();
  }

  Sandbox sandbox_;
  std::unique_ptr<DrydockProcess> server_;
  std::unique_ptr<DrydockProcess> proxy_;  // kThroughProxy
  int port_ = 0;
  Tally tally_;
};

TEST_P(Adversarial, ServerLivesAndAnswersEveryHostileRequestWithoutA5xx) {
  std::mt19937 random(12);  // the issue's number: the same requests on every run
  Adversary adversary(port_, tally_);
  ASSERT_NO_FATAL_FAILURE(adversary.set_up());

  // The issue's reproductions, answered as it asks.
  RawExchange deep =
      send_raw(port_, http_request("PUT", adversary.json_path(0), adversary.write_headers(),
                                   R"({"id": ")" + adversary.abandoned_id(0) + R"(", "config": )" +
                                       std::string(60000, '[') + std::string(60000, ']') + "}"));
  ASSERT_FALSE(deep.replies.empty());
  EXPECT_EQ(deep.replies[0].status, 400);
  EXPECT_EQ(deep.replies[0].body,
            R"json({"error":"JSON nested deeper than 256 levels (the limit)"})json");
  RawExchange bad_byte = send_raw(port_, "GET /\x84 HTTP/1.1\r\nConnection: close\r\n\r\n");
  ASSERT_FALSE(bad_byte.replies.empty());
  EXPECT_EQ(bad_byte.replies[0].status, 400);
  EXPECT_EQ(bad_byte.replies[0].body, R"json({"error":"the request path is not UTF-8"})json");

  throw_at_server("random bytes", random_bytes(random, 400), Ending::kHalfClose);
  std::vector<std::string> broken;
  for (int round = 0; round < 6; ++round) {
    for (auto& line : broken_request_lines()) broken.push_back(line);
  }
  throw_at_server("broken request line", broken, Ending::kHalfClose);
  throw_at_server("oversized", oversized_requests(), Ending::kWaitForReply, 2);
  throw_at_server("not UTF-8", not_utf8(random, 350));
  throw_at_server("deep and huge JSON",
                  deep_and_huge_json(adversary.abandoned_id(0), adversary.write_headers()),
                  Ending::kWaitForReply, 2);
  for (int round = 0; round < 10; ++round) {
    throw_at_server("wrong Content-Length",
                    wrong_content_length(adversary.json_path(round + 1), adversary.write_headers()),
                    Ending::kHalfClose);
    throw_at_server("wrong Content-Length",
                    wrong_content_length("/v1/users/", {"Content-Type: application/json"}),
                    Ending::kHalfClose);
    throw_at_server("broken chunking",
                    broken_chunking(adversary.layer_path(round + 1), adversary.write_headers()),
                    Ending::kHalfClose);
    throw_at_server("broken chunking",
                    broken_chunking("/v1/users/", {"Content-Type: application/json"}),
                    Ending::kHalfClose);
  }
  for (int round = 0; round < 5; ++round) {
    throw_at_server("malformed Range",
                    malformed_ranges(adversary.complete_layer_path(), adversary.read_headers()));
  }
  throw_at_server("forged token",
                  forged_tokens(random, adversary.read_token(), adversary.complete_layer_path()));
  throw_at_server("forged token",
                  forged_tokens(random, adversary.write_token(), adversary.json_path(20)));
  throw_at_server("garbage Basic", garbage_basic(random, 300));
  throw_at_server("path traversal", path_traversals(adversary.write_headers()));
  ASSERT_NO_FATAL_FAILURE(adversary.upload_out_of_order());
  ASSERT_NO_FATAL_FAILURE(adversary.push_concurrently());

  std::cout << "adversarial: " << tally_.requests() << " requests, " << tally_.unanswered()
            << " closed without a reply\n";
  RecordProperty("requests", static_cast<int>(tally_.requests()));
  EXPECT_GE(tally_.requests(), 2000u);
  EXPECT_TRUE(server_->alive()) << "the server exited";
  if (proxy_) {
    EXPECT_TRUE(proxy_->alive()) << "the proxy exited";
  }
  RawExchange ping = send_raw(port_, http_request("GET", "/v1/_ping"));
  ASSERT_FALSE(ping.replies.empty()) << "GET /v1/_ping got no answer";
  EXPECT_EQ(ping.replies.front().status, 200);
  for (const auto& problem : tally_.problems()) {
    ADD_FAILURE() << problem;
  }
  ASSERT_NO_FATAL_FAILURE(adversary.expect_incomplete_images_unreadable());
  ASSERT_NO_FATAL_FAILURE(adversary.expect_concurrent_pushes_consistent());
  EXPECT_EQ(sandbox_.strays(), std::vector<std::string>{});
  if (GetParam() != Backend::kFilesystem) {
    EXPECT_FALSE(fs::exists(sandbox_.data()));
  }

  if (proxy_) {  // a hostile client breaks client rules: the proxy says so with its exit status
    proxy_->signal(SIGTERM);
    EXPECT_EQ(proxy_->wait(), 1);
    EXPECT_TRUE(fs::exists(sandbox_.proxy_reports() / "results.json"));
  }
  server_->signal(SIGTERM);
  EXPECT_EQ(server_->wait(), 0);
  // The log shows what a half-closed connection never saw: no request was answered with a 5xx.
  // Through the proxy, its own log: what the client was answered.
  std::ifstream log(proxy_ ? sandbox_.proxy_log() : sandbox_.log());
  size_t lines = 0;
  for (std::string line; std::getline(log, line); ++lines) {
    bool printable = is_valid_utf8(line);
    for (unsigned char c : line) printable = printable && c >= 0x20 && c != 0x7f;
    if (!printable) {
      ADD_FAILURE() << "access log line with raw bytes: " << line.substr(0, 200);
    }
    EXPECT_FALSE(is_server_failure(logged_status(line))) << line.substr(0, 300);
  }
  EXPECT_GE(lines, tally_.requests() / 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, Adversarial,
                         ::testing::Values(Backend::kMemory, Backend::kFilesystem,
                                           Backend::kThroughProxy),
                         [](const ::testing::TestParamInfo<Backend>& backend) {
                           switch (backend.param) {
                             case Backend::kMemory:
                               return "Memory";
                             case Backend::kFilesystem:
                               return "Filesystem";
                             case Backend::kThroughProxy:
                               break;
                           }
                           return "ThroughProxy";
                         });

}  // namespace
}  // namespace drydock::simulator::testing
