// The runner against servers that misbehave on purpose (issue: "bounded whatever the server
// sends"): each hostile server answers GET /v1/_ping as a v1 registry, then meets every other
// request with one kind of trouble. Whatever it sends, the run ends within its deadline and a
// documented margin, with an exit code of the contract, reports of bounded size, and the
// process's memory growing by less than 100 MiB.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/reporter.h"
#include "drydock/conformance/runner.h"

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer keeps freed memory in a quarantine (256 MiB by default), which would count as
// the runner's; a small one leaves what the runner itself holds.
extern "C" const char* __asan_default_options() {
  return "quarantine_size_mb=4";
}
#endif

namespace drydock::conformance {
namespace {

using Clock = std::chrono::steady_clock;

// A loopback server that answers GET /v1/_ping with 200 `true` and hands every other request's
// socket to `misbehave`, one thread per connection. Stopping wakes whoever waits in hold().
class HostileServer {
 public:
  using Misbehave = std::function<void(HostileServer&, int fd, const std::string& head)>;

  explicit HostileServer(Misbehave misbehave) : misbehave_(std::move(misbehave)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len);
    ::listen(listen_fd_, 64);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accept_thread_ = std::thread([this] {
      for (;;) {
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;
        std::lock_guard lock(mu_);
        connections_.emplace_back([this, fd] { serve(fd); });
      }
    });
  }
  ~HostileServer() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    ::shutdown(listen_fd_, SHUT_RDWR);
    accept_thread_.join();
    for (std::thread& t : connections_) t.join();
    ::close(listen_fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Holds the connection open, answering nothing, until the server stops.
  void hold() {
    std::unique_lock lock(mu_);
    wake_.wait(lock, [this] { return stopping_; });
  }
  bool stopping() {
    std::lock_guard lock(mu_);
    return stopping_;
  }

  // Writes all of `bytes`; false once the peer is gone.
  static bool send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

 private:
  void serve(int fd) {
    for (;;) {  // keep-alive: one request after another on the connection
      std::string head = read_head(fd);
      if (head.empty()) break;
      if (head.rfind("GET /v1/_ping ", 0) == 0) {
        if (!send_all(fd,
                      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      "Content-Length: 4\r\n\r\ntrue")) {
          break;
        }
        continue;
      }
      misbehave_(*this, fd, head);
      break;
    }
    ::close(fd);
  }

  static std::string read_head(int fd) {
    std::string seen;
    char buffer[4096];
    while (seen.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) return {};
      seen.append(buffer, static_cast<std::size_t>(n));
    }
    return seen;  // request bodies (small, from the runner) are left unread
  }

  Misbehave misbehave_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread accept_thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;                 // guarded by mu_
  std::vector<std::thread> connections_;  // guarded by mu_
};

// Sends a 200 whose headers are `head` (with its CRLFs) and whose body is `body`, repeated until
// the peer goes away or `times` is reached.
void answer(HostileServer& server, int fd, const std::string& head, const std::string& body,
            std::size_t times = 1) {
  if (!HostileServer::send_all(fd, head)) return;
  for (std::size_t i = 0; i < times && !server.stopping(); ++i) {
    if (!HostileServer::send_all(fd, body)) return;
  }
}

struct Scenario {
  std::string name;
  HostileServer::Misbehave misbehave;
};

std::string deep_json(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::vector<Scenario> scenarios() {
  return {
      {"hang", [](HostileServer& s, int, const std::string&) { s.hold(); }},
      {"reset",
       [](HostileServer&, int fd, const std::string&) {
         linger option{1, 0};
         ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof(option));
       }},
      {"garbage",
       [](HostileServer&, int fd, const std::string&) {
         HostileServer::send_all(fd, std::string(4096, '\x07') + "\r\n\r\nnot http at all");
       }},
      {"endless_body",
       [](HostileServer& s, int fd, const std::string&) {
         answer(s, fd,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n",
                "4000\r\n" + std::string(0x4000, ' ') + "\r\n", 1u << 20);
       }},
      {"huge_content_length",
       [](HostileServer& s, int fd, const std::string&) {
         answer(s, fd,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                "Content-Length: 900000000000\r\n\r\n",
                std::string(1 << 16, '['), 1u << 14);
       }},
      {"redirect_loop",
       [](HostileServer&, int fd, const std::string& head) {
         std::string target = head.substr(head.find(' ') + 1);
         target = target.substr(0, target.find(' '));
         HostileServer::send_all(
             fd, "HTTP/1.1 302 Found\r\nLocation: " + target + "\r\nContent-Length: 0\r\n\r\n");
       }},
      {"ten_thousand_headers",
       [](HostileServer& s, int fd, const std::string&) {
         std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
         for (int i = 0; i < 10'000; ++i) head += "X-Junk-" + std::to_string(i) + ": " + "y\r\n";
         answer(s, fd, head + "Content-Length: 2\r\n\r\n", "{}");
       }},
      {"deep_json",
       [](HostileServer& s, int fd, const std::string&) {
         std::string body = deep_json(1'000'000);
         answer(s, fd,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n",
                body);
       }},
      {"huge_json",  // 60 MB nested 30 million deep, sent in pieces (the server holds 64 KiB)
       [](HostileServer& s, int fd, const std::string&) {
         constexpr std::size_t kPiece = 1 << 16;
         constexpr std::size_t kPieces = 30'000'000 / kPiece;
         const std::string head =
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
             "Content-Length: " +
             std::to_string(2 * kPiece * kPieces) + "\r\n\r\n";
         answer(s, fd, head, std::string(kPiece, '['), kPieces);
         answer(s, fd, "", std::string(kPiece, ']'), kPieces);
       }},
  };
}

// The process's peak resident memory so far, in KiB (VmHWM).
long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

std::uintmax_t size_of_dir(const std::filesystem::path& dir) {
  std::uintmax_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

class HostileServerTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(HostileServerTest, RunStaysBoundedInTimeMemoryAndReports) {
  HostileServer server(GetParam().misbehave);
  static const std::vector<Check> catalogue = make_catalogue(spec::Spec::embedded());
  Result<Selection> selection =
      select_checks(catalogue,
                    {"registry/images/get-image-json/ok", "registry/tags/",
                     "registry/images/get-image-ancestry/image-not-found"},
                    {});
  ASSERT_TRUE(selection.ok());

  RunOptions options;
  options.registry_url = server.url();  // a standalone registry: no index, no tokens
  options.timeout = std::chrono::seconds(2);
  options.deadline = std::chrono::seconds(20);
  options.jobs = 2;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("drydock-hostile-" + GetParam().name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  FileReporter files(dir.string(), all_report_formats());

  const long rss_before = peak_rss_kib();
  const auto started = Clock::now();
  RunReport report =
      run_checks(spec::Spec::embedded(), selection->checks, options, Baseline{}, {&files});
  const auto took = Clock::now() - started;

  // The deadline, the cleanup's 10 s after it (README), and slack for a loaded machine.
  EXPECT_LT(took, options.deadline + std::chrono::seconds(10) + std::chrono::seconds(5));
  int code = exit_code(report);
  EXPECT_TRUE(code == 1 || code == 2) << "exit code " << code;
  EXPECT_TRUE(files.status().ok()) << files.status().error().message;
  EXPECT_TRUE(std::filesystem::exists(dir / "results.json"));
  EXPECT_LT(size_of_dir(dir), 8u << 20) << "reports over 8 MiB";
  EXPECT_LT(peak_rss_kib() - rss_before, 100 * 1024) << "memory grew past 100 MiB";
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Servers, HostileServerTest, ::testing::ValuesIn(scenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& scenario) {
                           return scenario.param.name;
                         });

}  // namespace
}  // namespace drydock::conformance
