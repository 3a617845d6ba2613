// The HTTP engine under hostile and slow clients, through raw sockets: framing faults answered
// at once with a JSON error and a closed connection (RFC 7230 3.3), the header and keep-alive
// timeouts, and hundreds of idle or dribbling connections that must not slow anyone else down.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/router.h"
#include "drydock/simulator/http/server.h"
#include "testing/test_spec.h"

namespace drydock::simulator::http {
namespace {

using Clock = std::chrono::steady_clock;
using testing::kImageId;
using testing::test_spec;

// Far longer than any answer takes, so that an answer that waits for a timeout shows.
constexpr auto kGuard = std::chrono::seconds(20);
// What "at once" means on a loaded, sanitized test build.
constexpr auto kPrompt = std::chrono::seconds(2);

// One client connection on a raw socket.
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    int yes = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  }
  ~RawClient() {
    if (fd_ >= 0) close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  RawClient(RawClient&& other) noexcept : fd_(other.fd_), connected_(other.connected_) {
    other.fd_ = -1;
  }

  bool connected() const { return connected_; }

  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  void half_close() { shutdown(fd_, SHUT_WR); }

  // Waits up to `limit` for bytes; returns false on timeout. Appends them to `received`; sets
  // `eof` when the server closed (or reset) the connection.
  bool receive_some(std::chrono::milliseconds limit) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(limit.count())) <= 0) return false;
    char buffer[65536];
    ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      eof = true;
      return true;
    }
    received.append(buffer, static_cast<size_t>(n));
    return true;
  }

  // Reads until the server closes the connection, or kGuard passes. Returns whether it closed.
  bool read_to_eof() {
    const auto until = Clock::now() + kGuard;
    while (!eof && Clock::now() < until) receive_some(std::chrono::milliseconds(100));
    return eof;
  }

  // Reads until one whole reply with a Content-Length body is in `received`, or EOF, or kGuard.
  bool read_reply() {
    const auto until = Clock::now() + kGuard;
    while (!eof && Clock::now() < until) {
      size_t end = received.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::string head = received.substr(0, end);
        size_t at = head.find("Content-Length: ");
        size_t length = at == std::string::npos ? 0 : std::stoul(head.substr(at + 16));
        if (received.size() >= end + 4 + length) return true;
      }
      receive_some(std::chrono::milliseconds(100));
    }
    return received.find("\r\n\r\n") != std::string::npos;
  }

  int status() const {
    return received.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(received.c_str() + 9) : 0;
  }
  std::string header(std::string_view name) const {
    std::string key = "\r\n" + std::string(name) + ": ";
    size_t at = received.find(key);
    if (at == std::string::npos) return {};
    at += key.size();
    return received.substr(at, received.find("\r\n", at) - at);
  }
  std::string body() const {
    size_t end = received.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : received.substr(end + 4);
  }

  std::string received;
  bool eof = false;

 private:
  int fd_ = -1;
  bool connected_ = false;
};

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() : router_(test_spec(), RouterOptions{}) {
    add("getPing", [this](Context&, const Request& request) {
      if (request.headers.contains("X-Block")) {  // a handler that takes long
        blocked_.set_value();
        released_.wait();
      }
      ping_thread_ = std::this_thread::get_id();
      return Reply::json(200, true);
    });
    add("putImageLayer", [this](Context&, const Request& request) {
      std::vector<char> buffer(64 * 1024);
      uint64_t total = 0;
      while (size_t n = request.body().read(buffer.data(), buffer.size())) total += n;
      if (auto error = request.body().read_error()) return error_reply(nullptr, *error);
      Reply reply = Reply::json(200, true);
      reply.headers.set("X-Received", std::to_string(total));
      layer_thread_ = std::this_thread::get_id();
      return reply;
    });
    add("putImageJson", [this](Context&, const Request&) {
      json_thread_ = std::this_thread::get_id();
      return Reply::json(200, true);
    });
  }
  ~EngineTest() override {
    try {
      release_.set_value();  // a handler still blocked (a failed test) must not hold stop()
    } catch (const std::future_error&) {
    }
    if (server_) server_->stop();
  }

  void add(const std::string& id, Handler handler) {
    ASSERT_TRUE(router_.handle(id, std::move(handler)).ok()) << id;
  }

  // Starts the server with timeouts far longer than any test waits, unless `options` says less.
  void start(ServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(router_, std::move(options));
    auto port = server_->start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
  }

  static ServerOptions patient() {
    ServerOptions options;
    options.header_timeout = std::chrono::minutes(1);
    options.keep_alive_timeout = std::chrono::minutes(1);
    options.read_timeout = std::chrono::minutes(1);
    options.write_timeout = std::chrono::minutes(1);
    return options;
  }

  // Sends `request` on a fresh connection and expects `status` with a JSON error body, sent at
  // once, and the connection closed after it.
  void expect_refused(const std::string& request, int status) {
    RawClient client(port_);
    ASSERT_TRUE(client.connected());
    const auto sent = Clock::now();
    ASSERT_TRUE(client.send(request));
    EXPECT_TRUE(client.read_to_eof()) << "the connection stayed open";
    const auto waited = Clock::now() - sent;
    EXPECT_LT(waited, kPrompt) << "the answer waited for a timeout";
    EXPECT_EQ(client.status(), status) << client.received;
    EXPECT_EQ(client.header("Content-Type"), "application/json") << client.received;
    EXPECT_EQ(client.header("Connection"), "close") << client.received;
    auto json = nlohmann::json::parse(client.body(), nullptr, false);
    ASSERT_TRUE(json.is_object()) << client.body();
    EXPECT_TRUE(json["error"].is_string()) << client.body();
  }

  // Asks GET /v1/_ping on a fresh connection; returns how long the answer took, or kGuard.
  Clock::duration ping_time() {
    const auto sent = Clock::now();
    RawClient client(port_);
    if (!client.send("GET /v1/_ping HTTP/1.1\r\nHost: t\r\n\r\n") || !client.read_reply() ||
        client.status() != 200) {
      return kGuard;
    }
    return Clock::now() - sent;
  }

  std::string put(const std::string& path, const std::string& framing, const std::string& body) {
    return "PUT " + path + " HTTP/1.1\r\nHost: t\r\n" + framing + "\r\n" + body;
  }
  std::string layer_path() const { return "/v1/images/" + kImageId + "/layer"; }
  std::string json_path() const { return "/v1/images/" + kImageId + "/json"; }

  Router router_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  // The threads the handlers last ran on (read after their reply arrived).
  std::atomic<std::thread::id> ping_thread_, json_thread_, layer_thread_;
  std::promise<void> blocked_;  // set when a request with X-Block reaches its handler
  std::promise<void> release_;  // lets that handler return
  std::shared_future<void> released_ = release_.get_future().share();
};

// --- Framing (RFC 7230 3.3): a 4xx at once, then the connection closed. ---

TEST_F(EngineTest, NegativeContentLengthIs400) {
  start(patient());
  expect_refused(put(json_path(), "Content-Length: -5\r\n", "{}"), 400);
}

TEST_F(EngineTest, TwentyDigitContentLengthIs400) {
  start(patient());
  expect_refused(put(json_path(), "Content-Length: 99999999999999999999\r\n", "{}"), 400);
}

TEST_F(EngineTest, ImpossibleContentLengthIs400) {
  start(patient());
  expect_refused(put(json_path(), "Content-Length: 18446744073709551615\r\n", "{}"), 400);
  expect_refused(put(layer_path(), "Content-Length: 9223372036854775808\r\n", "{}"), 400);
}

TEST_F(EngineTest, DifferingContentLengthsAre400) {
  start(patient());
  expect_refused(put(json_path(), "Content-Length: 2\r\nContent-Length: 10\r\n", "{}"), 400);
}

TEST_F(EngineTest, ContentLengthBesideChunkedIs400) {
  start(patient());
  expect_refused(put(layer_path(), "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                     "5\r\nhello\r\n0\r\n\r\n"),
                 400);
}

TEST_F(EngineTest, BodyOverTheLimitIs413FromTheHeaderAlone) {
  ServerOptions options = patient();
  options.max_body_bytes = 1024;
  start(options);
  // No byte of the body is sent: the answer cannot wait for it.
  expect_refused(put(layer_path(), "Content-Length: 4096\r\n", ""), 413);
}

TEST_F(EngineTest, ChunkedBodyOverTheLimitIs413) {
  ServerOptions options = patient();
  options.max_body_bytes = 1024;
  start(options);
  expect_refused(
      put(layer_path(), "Transfer-Encoding: chunked\r\n", "800\r\n" + std::string(2048, 'x')), 413);
}

TEST_F(EngineTest, BadChunkSizeIs400) {
  start(patient());
  expect_refused(put(layer_path(), "Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n"),
                 400);
}

TEST_F(EngineTest, NegativeChunkSizeIs400) {
  start(patient());
  expect_refused(put(layer_path(), "Transfer-Encoding: chunked\r\n", "-1\r\nhello\r\n0\r\n\r\n"),
                 400);
}

TEST_F(EngineTest, OverflowingChunkSizeIs400) {
  start(patient());
  expect_refused(put(layer_path(), "Transfer-Encoding: chunked\r\n",
                     std::string(20, 'f') + "\r\nhello\r\n0\r\n\r\n"),
                 400);
}

TEST_F(EngineTest, ChunkLongerThanAnnouncedIs400) {
  start(patient());
  expect_refused(put(layer_path(), "Transfer-Encoding: chunked\r\n", "3\r\nhello\r\n0\r\n\r\n"),
                 400);
}

TEST_F(EngineTest, BadChunkOnAJsonRouteIs400) {
  start(patient());
  expect_refused(put(json_path(), "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"), 400);
}

TEST_F(EngineTest, UnsupportedTransferCodingBeforeChunkedIs501) {
  start(patient());
  expect_refused(
      put(layer_path(), "Transfer-Encoding: gzip, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"), 501);
}

TEST_F(EngineTest, TransferCodingThatIsNotFinallyChunkedIs400) {
  start(patient());
  expect_refused(put(layer_path(), "Transfer-Encoding: gzip\r\n", "hello"), 400);
  expect_refused(put(layer_path(), "Transfer-Encoding: chunked, gzip\r\n", "hello"), 400);
}

TEST_F(EngineTest, HeaderBlockOverTheLimitIs431) {
  start(patient());
  std::string request = "GET /v1/_ping HTTP/1.1\r\nHost: t\r\n";
  for (int i = 0; i < 5000; ++i) request += "X-Many-" + std::to_string(i) + ": header\r\n";
  expect_refused(request + "\r\n", 431);
  expect_refused("GET /v1/_ping HTTP/1.1\r\nX-Long: " + std::string(10000, 'x') + "\r\n\r\n", 431);
}

TEST_F(EngineTest, TargetOverTheLimitIs414) {
  start(patient());
  expect_refused("GET /v1/" + std::string(10000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414);
  expect_refused("GET /v1/" + std::string(100000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414);
}

TEST_F(EngineTest, MalformedRequestLineIs400) {
  start(patient());
  expect_refused("GET /v1/_ping HTTP/9.9\r\n\r\n", 400);
}

TEST_F(EngineTest, BodyCutShortByAHalfCloseIs400) {
  start(patient());
  RawClient client(port_);
  ASSERT_TRUE(client.send(put(layer_path(), "Content-Length: 100\r\n", "only some")));
  client.half_close();
  EXPECT_TRUE(client.read_to_eof());
  EXPECT_EQ(client.status(), 400) << client.received;
}

// --- Methods. ---

TEST_F(EngineTest, UnknownMethodOnAKnownPathIs405WithAllow) {
  start(patient());
  RawClient client(port_);
  ASSERT_TRUE(client.send("BREW /v1/_ping HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(client.read_reply());
  EXPECT_EQ(client.status(), 405) << client.received;
  EXPECT_EQ(client.header("Allow"), "GET, HEAD, OPTIONS");
}

TEST_F(EngineTest, UnknownMethodElsewhereIs501) {
  start(patient());
  RawClient client(port_);
  ASSERT_TRUE(client.send("BREW /v1/nothing HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(client.read_reply());
  EXPECT_EQ(client.status(), 501) << client.received;
  EXPECT_TRUE(nlohmann::json::parse(client.body())["error"].is_string());
}

// --- Connections. ---

TEST_F(EngineTest, AClientThatHalfClosesAfterItsRequestGetsItsReply) {
  start(patient());
  RawClient client(port_);
  ASSERT_TRUE(client.send("GET /v1/_ping HTTP/1.1\r\nHost: t\r\n\r\n"));
  client.half_close();
  EXPECT_TRUE(client.read_to_eof());
  EXPECT_EQ(client.status(), 200) << client.received;
  EXPECT_EQ(client.body(), "true");
}

TEST_F(EngineTest, PipelinedRequestsAreAnsweredInOrder) {
  start(patient());
  RawClient client(port_);
  ASSERT_TRUE(client.send(put(layer_path(), "Content-Length: 2\r\n", "ab") +
                          "GET /v1/_ping HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  EXPECT_TRUE(client.read_to_eof());
  EXPECT_EQ(client.status(), 200) << client.received;
  EXPECT_EQ(client.header("X-Received"), "2") << client.received;
  EXPECT_NE(client.received.find("\r\n\r\ntrueHTTP/1.1 200 OK\r\n"), std::string::npos)
      << client.received;
  EXPECT_TRUE(client.received.ends_with("\r\n\r\ntrue")) << client.received;
}

TEST_F(EngineTest, Http10ClosesUnlessAskedToKeepAlive) {
  start(patient());
  RawClient once(port_);
  ASSERT_TRUE(once.send("GET /v1/_ping HTTP/1.0\r\n\r\n"));
  EXPECT_TRUE(once.read_to_eof());
  EXPECT_EQ(once.status(), 200);
  EXPECT_EQ(once.body(), "true");

  RawClient kept(port_);
  ASSERT_TRUE(kept.send("GET /v1/_ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  ASSERT_TRUE(kept.read_reply());
  EXPECT_EQ(kept.header("Connection"), "keep-alive");
  kept.received.clear();
  ASSERT_TRUE(kept.send("GET /v1/_ping HTTP/1.0\r\n\r\n"));
  EXPECT_TRUE(kept.read_to_eof());
  EXPECT_EQ(kept.status(), 200);
}

TEST_F(EngineTest, ExpectContinueGetsA100BeforeTheBody) {
  start(patient());
  RawClient client(port_);
  ASSERT_TRUE(client.send(put(layer_path(), "Content-Length: 5\r\nExpect: 100-continue\r\n", "")));
  while (client.received.find("\r\n\r\n") == std::string::npos && !client.eof) {
    ASSERT_TRUE(client.receive_some(std::chrono::seconds(20)));
  }
  EXPECT_EQ(client.received, "HTTP/1.1 100 Continue\r\n\r\n");
  client.received.clear();
  ASSERT_TRUE(client.send("hello"));
  ASSERT_TRUE(client.read_reply());
  EXPECT_EQ(client.status(), 200);
  EXPECT_EQ(client.header("X-Received"), "5");
}

// --- Timeouts: waited for by watching the connection close, never by sleeping. ---

TEST_F(EngineTest, AnIncompleteHeaderIsClosedAtTheHeaderTimeout) {
  ServerOptions options = patient();
  options.header_timeout = std::chrono::milliseconds(300);
  start(options);
  const auto opened = Clock::now();
  RawClient client(port_);
  ASSERT_TRUE(client.send("GET /v1/_ping HTTP/1.1\r\nHost: t\r\n"));
  // Progress does not extend the deadline: a byte every 50 ms until the server closes.
  while (!client.eof && Clock::now() - opened < kGuard) {
    client.send("X");
    client.receive_some(std::chrono::milliseconds(50));
  }
  const auto lasted = Clock::now() - opened;
  EXPECT_TRUE(client.eof);
  EXPECT_EQ(client.received, "");  // closed without an answer
  EXPECT_GE(lasted, std::chrono::milliseconds(250));
  EXPECT_LT(lasted, std::chrono::seconds(5));
}

TEST_F(EngineTest, AnIdleKeptAliveConnectionIsClosedAtTheIdleTimeout) {
  ServerOptions options = patient();
  options.keep_alive_timeout = std::chrono::milliseconds(300);
  start(options);
  RawClient client(port_);
  ASSERT_TRUE(client.send("GET /v1/_ping HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(client.read_reply());
  EXPECT_EQ(client.status(), 200);
  const auto answered = Clock::now();
  EXPECT_TRUE(client.read_to_eof());
  const auto idle = Clock::now() - answered;
  EXPECT_GE(idle, std::chrono::milliseconds(250));
  EXPECT_LT(idle, std::chrono::seconds(5));
}

TEST_F(EngineTest, AConnectionThatSendsNothingIsClosedAtTheHeaderTimeout) {
  ServerOptions options = patient();
  options.header_timeout = std::chrono::milliseconds(300);
  start(options);
  RawClient client(port_);
  const auto opened = Clock::now();
  EXPECT_TRUE(client.read_to_eof());
  EXPECT_GE(Clock::now() - opened, std::chrono::milliseconds(250));
}

TEST_F(EngineTest, PingAnswersFastBesideHundredsOfIdleAndDribblingConnections) {
  start();  // the default timeouts: nothing here is closed for being slow
  constexpr int kIdle = 300;
  constexpr int kDribbling = 40;
  std::vector<RawClient> idle;
  for (int i = 0; i < kIdle; ++i) {
    idle.emplace_back(port_);
    ASSERT_TRUE(idle.back().connected()) << i;
  }
  // Half of the idle ones hold a kept-alive connection after one request.
  for (int i = 0; i < kIdle; i += 2) {
    ASSERT_TRUE(idle[i].send("GET /v1/_ping HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_TRUE(idle[i].read_reply()) << i;
  }
  std::vector<RawClient> dribbling;
  for (int i = 0; i < kDribbling; ++i) dribbling.emplace_back(port_);
  std::atomic<bool> done{false};
  std::thread dribbler([&] {
    const std::string header = "GET /v1/_ping HTTP/1.1\r\nHost: t\r\nX-Slow: ";
    for (size_t at = 0; !done; ++at) {
      for (auto& client : dribbling) client.send(at < header.size() ? header.substr(at, 1) : "x");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the client's pace, not a wait
    }
  });
  Clock::duration slowest{};
  for (int i = 0; i < 10; ++i) slowest = std::max(slowest, ping_time());
  done = true;
  dribbler.join();
  // Generous for a sanitized build on a shared machine; bench/run.sh gives the real figure.
  EXPECT_LT(slowest, std::chrono::seconds(1))
      << std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count() << " ms";
}

// A handler known to take long (ServerOptions::runs_long) runs on a worker: with one I/O thread,
// a ping still answers while it blocks.
TEST_F(EngineTest, ARequestThatRunsLongLeavesTheIoThreadFree) {
  ServerOptions options;
  options.io_threads = 1;
  options.runs_long = [](const Request& request, bool) {
    return request.headers.contains("X-Block");
  };
  start(std::move(options));
  RawClient blocked(port_);
  ASSERT_TRUE(blocked.send("GET /v1/_ping HTTP/1.1\r\nHost: t\r\nX-Block: 1\r\n\r\n"));
  ASSERT_EQ(blocked_.get_future().wait_for(kGuard), std::future_status::ready);
  EXPECT_LT(ping_time(), kPrompt);
  release_.set_value();
  ASSERT_TRUE(blocked.read_reply());
  EXPECT_EQ(blocked.status(), 200);
}

// Where handlers run (ServerOptions::runs_long): with one I/O thread, a bodyless request runs on
// it; so does a request whose whole body came with its header, when runs_long lets it; a body
// still arriving goes to a worker, as does every body when runs_long is left empty.
TEST_F(EngineTest, AWholeSmallBodyRunsOnTheIoThreadWhenRunsLongLetsIt) {
  for (bool inline_bodies : {true, false}) {
    ServerOptions options;
    options.io_threads = 1;
    if (inline_bodies) options.runs_long = [](const Request&, bool) { return false; };
    start(std::move(options));
    RawClient client(port_);
    ASSERT_TRUE(client.send("GET /v1/_ping HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_TRUE(client.read_reply());
    client.received.clear();
    const std::string json = "{\"id\":\"" + kImageId + "\"}";
    ASSERT_TRUE(client.send(
        put(json_path(), "Content-Length: " + std::to_string(json.size()) + "\r\n", json)));
    ASSERT_TRUE(client.read_reply());
    EXPECT_EQ(client.status(), 200) << client.received;
    client.received.clear();
    // More than one read of the socket brings: the handler would wait for the rest.
    const std::string layer(256 * 1024, 'x');
    ASSERT_TRUE(client.send(
        put(layer_path(), "Content-Length: " + std::to_string(layer.size()) + "\r\n", layer)));
    ASSERT_TRUE(client.read_reply());
    EXPECT_EQ(client.header("X-Received"), std::to_string(layer.size())) << client.received;

    EXPECT_EQ(json_thread_.load() == ping_thread_.load(), inline_bodies);
    EXPECT_NE(layer_thread_.load(), ping_thread_.load());
    server_->stop();
    server_.reset();
  }
}

// A request with a body goes to a worker only once its body is complete (or 64 KiB of it is
// there): clients sending small bodies slowly, more of them than there are workers, hold none.
TEST_F(EngineTest, SlowSmallBodiesHoldNoWorker) {
  ServerOptions options = patient();
  options.threads = 4;
  start(std::move(options));
  const std::string json = "{\"id\":\"" + kImageId + "\"}";
  const std::string length = "Content-Length: " + std::to_string(json.size()) + "\r\n";
  std::vector<RawClient> slow;
  for (int i = 0; i < 12; ++i) {
    slow.emplace_back(port_);
    ASSERT_TRUE(slow.back().send(put(json_path(), length, json.substr(0, 1))));
  }
  RawClient client(port_);
  const auto sent = Clock::now();
  ASSERT_TRUE(client.send(put(json_path(), length, json)));
  ASSERT_TRUE(client.read_reply());
  EXPECT_EQ(client.status(), 200) << client.received;
  EXPECT_LT(Clock::now() - sent, kPrompt);
  // A slow body that completes is answered too.
  ASSERT_TRUE(slow.front().send(json.substr(1)));
  ASSERT_TRUE(slow.front().read_reply());
  EXPECT_EQ(slow.front().status(), 200) << slow.front().received;
}

}  // namespace
}  // namespace drydock::simulator::http
