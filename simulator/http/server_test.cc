#include "drydock/simulator/http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <mutex>
#include <stdexcept>

#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/range.h"
#include "drydock/simulator/http/router.h"
#include "pushed_body.h"
#include "testing/test_spec.h"

namespace drydock::simulator::http {
namespace {

using testing::kImageId;
using testing::test_spec;

constexpr uint64_t kBigSize = 64ull * 1024 * 1024;
constexpr uint64_t kSmallSize = 1000;
constexpr size_t kMaxPiece = 1024 * 1024;  // the most a handler may see at once
// The most a body may hold between the socket and the handler: the limit plus one socket read.
constexpr size_t kMaxBuffered = PushedBody::kBufferLimit + 256 * 1024;
const std::string kSmallImageId(64, 'b');

char pattern_byte(uint64_t offset) {
  return static_cast<char>((offset * 7 + 3) % 251);
}

// Streams the pattern from `offset`, 64 KiB per call.
BodyProvider pattern_provider(uint64_t size, std::atomic<size_t>& largest_write) {
  return [size, &largest_write](uint64_t offset, Sink& sink) {
    char piece[64 * 1024];
    size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof piece, size - offset));
    for (size_t i = 0; i < n; ++i) piece[i] = pattern_byte(offset + i);
    size_t seen = largest_write.load();
    while (n > seen && !largest_write.compare_exchange_weak(seen, n)) {
    }
    return sink.write(piece, n);
  };
}

RouterOptions with_faults() {
  RouterOptions options;
  options.faults = true;
  return options;
}

ServerOptions with_tls(TlsOptions tls) {
  ServerOptions options;
  options.tls = std::move(tls);
  return options;
}

ConnectionAction action_named(const std::string& name) {
  if (name == "close") return ConnectionAction::kClose;
  if (name == "reset") return ConnectionAction::kReset;
  if (name == "hang") return ConnectionAction::kHang;
  return ConnectionAction::kGarbage;
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() : router_(test_spec(), with_faults()) {
    add("getPing", [this](Context& context, const Request& request) {
      if (request.headers.contains("X-Test-Throw")) throw std::runtime_error("leaky detail");
      if (context.fault) {
        if (*context.fault == "hang") hang_reached_.set_value();
        return Reply::fault(action_named(*context.fault));
      }
      return Reply::json(200, true);
    });
    add("getImageLayer", [this](Context&, const Request& request) {
      uint64_t size = request.path_params.at("image_id") == kImageId ? kBigSize : kSmallSize;
      auto range = request.headers.get("Range");
      auto decision =
          judge_range(range ? std::optional<std::string_view>(*range) : std::nullopt, size);
      return ranged_stream(decision, size, pattern_provider(size, largest_write_),
                           "application/octet-stream");
    });
    add("putImageLayer", [this](Context&, const Request& request) {
      if (request.headers.contains("X-Test-Reject")) return Reply::json(404, {{"error", "no"}});
      std::vector<char> buffer(256 * 1024);
      uint64_t total = 0;
      bool intact = true;
      while (size_t n = request.body().read(buffer.data(), buffer.size())) {
        largest_read_ = std::max(largest_read_.load(), n);
        for (size_t i = 0; i < n; ++i) intact = intact && buffer[i] == pattern_byte(total + i);
        total += n;
      }
      if (auto* pushed = dynamic_cast<PushedBody*>(&request.body())) {
        peak_buffered_ = pushed->peak_buffered();
      }
      if (auto error = request.body().read_error()) return error_reply(nullptr, *error);
      received_ = total;
      return Reply::json(200, intact);
    });
    add("putImageJson", [](Context&, const Request&) { return Reply::json(200, true); });
    add("deleteRepository", [](Context&, const Request&) {
      Reply reply = Reply::json(202, "");
      reply.headers.add("X-Docker-Token", "signature=TOPSECRET,repository=\"foo/bar\"");
      reply.headers.add("Set-Cookie", "session=COOKIESECRET; Path=/");
      return reply;
    });
    add("deleteRepositoryTags", [](Context&, const Request&) { return Reply::json(200, true); });
    add("putRepository", [](Context&, const Request&) { return Reply::json(200, "OK"); });
    add("getUser", [](Context&, const Request& request) {
      return Reply::json(200, request.client_cert_subject.value_or("none"));
    });
  }

  ~ServerTest() override {
    if (server_) server_->stop();
  }

  void add(const std::string& id, Handler handler) {
    ASSERT_TRUE(router_.handle(id, std::move(handler)).ok()) << id;
  }

  void start(ServerOptions options = {}) {
    options.access_log = [this](std::string_view line) {
      std::lock_guard lock(log_mutex_);
      access_lines_.emplace_back(line);
    };
    options.error_log = [this](std::string_view line) {
      std::lock_guard lock(log_mutex_);
      error_lines_.emplace_back(line);
    };
    server_ = std::make_unique<HttpServer>(router_, std::move(options));
    auto port = server_->start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
  }

  httplib::Client client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60, 0);
    return client;
  }

  std::vector<std::string> access_lines() {
    std::lock_guard lock(log_mutex_);
    return access_lines_;
  }

  std::vector<std::string> error_lines() {
    std::lock_guard lock(log_mutex_);
    return error_lines_;
  }

  struct RawExchange {
    std::string data;  // every byte received
    int error = 0;     // errno of the failed recv(), 0 at EOF or when `until` arrived
  };
  // Sends `request` on a fresh connection and receives until `until` arrives, EOF or an error.
  RawExchange raw_exchange(const std::string& request, const std::string& until = {}) {
    RawExchange exchange;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    char buffer[4096];
    while (until.empty() || exchange.data.find(until) == std::string::npos) {
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n < 0) exchange.error = errno;
      if (n <= 0) break;
      exchange.data.append(buffer, static_cast<size_t>(n));
    }
    close(fd);
    return exchange;
  }

  RawExchange raw_fault(const std::string& name) {
    return raw_exchange("GET /v1/_ping HTTP/1.1\r\nHost: test\r\nX-Drydock-Fault: " + name +
                        "\r\n\r\n");
  }

  // Sends a request carrying fault `name` and returns how the client failed.
  httplib::Error fault(const std::string& name) {
    auto result = client().Get("/v1/_ping", {{"X-Drydock-Fault", name}});
    EXPECT_FALSE(result) << name << " answered " << result->status;
    EXPECT_TRUE(error_lines().empty()) << error_lines().front();
    return result.error();
  }

  static nlohmann::json json_of(const httplib::Result& result) {
    return nlohmann::json::parse(result->body);
  }

  Router router_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  std::atomic<size_t> largest_write_{0};
  std::atomic<size_t> largest_read_{0};
  std::atomic<size_t> peak_buffered_{0};
  std::atomic<uint64_t> received_{0};
  std::promise<void> hang_reached_;
  std::mutex log_mutex_;
  std::vector<std::string> access_lines_;
  std::vector<std::string> error_lines_;
};

TEST_F(ServerTest, UnknownPathIs404Json) {
  start();
  auto result = client().Get("/v1/no/such/thing");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  EXPECT_TRUE(json_of(result)["error"].is_string());
}

TEST_F(ServerTest, WrongMethodIs405Json) {
  start();
  auto result = client().Post("/v1/_ping", "", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_TRUE(json_of(result)["error"].is_string());
  EXPECT_EQ(result->get_header_value("Allow"), "GET, HEAD, OPTIONS");
}

TEST_F(ServerTest, InvalidImageIdGetsItsResponseStatus) {
  start();
  auto result = client().Get("/v1/images/NOT-AN-ID/layer");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(json_of(result)["error"], "Image not found");
}

TEST_F(ServerTest, MalformedJsonIs400Json) {
  start();
  auto result = client().Put("/v1/images/" + kImageId + "/json", "{oops", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_TRUE(json_of(result)["error"].is_string());
}

TEST_F(ServerTest, MalformedRequestLineIs400Json) {
  start();
  RawExchange answer = raw_exchange("NOT A REQUEST LINE AT ALL\r\n\r\n", "}");
  EXPECT_EQ(answer.data.rfind("HTTP/1.1 400", 0), 0u) << answer.data;
  EXPECT_NE(answer.data.find("{\"error\":"), std::string::npos) << answer.data;
}

TEST_F(ServerTest, StreamsA64MiBUploadInBoundedPieces) {
  start();
  auto result = client().Put(
      "/v1/images/" + kImageId + "/layer", kBigSize,
      [](size_t offset, size_t length, httplib::DataSink& sink) {
        char piece[32 * 1024];
        size_t n = std::min(sizeof piece, length);
        for (size_t i = 0; i < n; ++i) piece[i] = pattern_byte(offset + i);
        return sink.write(piece, n);
      },
      "application/octet-stream");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "true");  // every byte arrived intact and in order
  EXPECT_EQ(received_.load(), kBigSize);
  EXPECT_LE(largest_read_.load(), kMaxPiece);
  EXPECT_LE(peak_buffered_.load(), kMaxBuffered);
}

// protocol-notes 8: clients upload layers chunked, without Content-Length.
TEST_F(ServerTest, StreamsAChunkedUpload) {
  start();
  constexpr uint64_t kSize = 8 * 1024 * 1024;
  auto result = client().Put(
      "/v1/images/" + kImageId + "/layer",
      [](size_t offset, httplib::DataSink& sink) {
        if (offset >= kSize) {
          sink.done();
          return true;
        }
        char piece[16 * 1024];
        for (size_t i = 0; i < sizeof piece; ++i) piece[i] = pattern_byte(offset + i);
        return sink.write(piece, sizeof piece);
      },
      "application/octet-stream");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "true");
  EXPECT_EQ(received_.load(), kSize);
  EXPECT_LE(peak_buffered_.load(), kMaxBuffered);
}

TEST_F(ServerTest, StreamsA64MiBDownloadInBoundedPieces) {
  start();
  uint64_t offset = 0;
  bool intact = true;
  auto result = client().Get("/v1/images/" + kImageId + "/layer", [&](const char* data, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      intact = intact && data[i] == pattern_byte(offset + i);
    }
    offset += n;
    return true;
  });
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(offset, kBigSize);
  EXPECT_TRUE(intact);
  EXPECT_EQ(result->get_header_value("Content-Length"), std::to_string(kBigSize));
  EXPECT_LE(largest_write_.load(), kMaxPiece);
}

TEST_F(ServerTest, SatisfiableRangeIs206) {
  start();
  auto result = client().Get("/v1/images/" + kSmallImageId + "/layer", {{"Range", "bytes=10-19"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 206);
  EXPECT_EQ(result->get_header_value("Content-Range"), "bytes 10-19/1000");
  ASSERT_EQ(result->body.size(), 10u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(result->body[i], pattern_byte(10 + i));
}

TEST_F(ServerTest, UnsatisfiableRangeIs416) {
  start();
  auto result = client().Get("/v1/images/" + kSmallImageId + "/layer", {{"Range", "bytes=5000-"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 416);
  EXPECT_EQ(result->get_header_value("Content-Range"), "bytes */1000");
  EXPECT_EQ(result->get_header_value("Content-Length"), "0");
  EXPECT_TRUE(result->body.empty());
}

TEST_F(ServerTest, MalformedRangeIsIgnored) {
  start();
  for (const char* range : {"bytes=abc", "bytes=9-2", "pages=1-2"}) {
    auto result = client().Get("/v1/images/" + kSmallImageId + "/layer", {{"Range", range}});
    ASSERT_TRUE(result) << range;
    EXPECT_EQ(result->status, 200) << range;
    EXPECT_EQ(result->body.size(), kSmallSize) << range;
  }
}

TEST_F(ServerTest, HeadAnswersHeadersWithoutABody) {
  start();
  auto result = client().Head("/v1/images/" + kSmallImageId + "/layer");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Length"), "1000");
  EXPECT_TRUE(result->body.empty());
}

TEST_F(ServerTest, ThrowingHandlerIs500WithoutTheExceptionText) {
  start();
  auto result = client().Get("/v1/_ping", {{"X-Test-Throw", "1"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_FALSE(result->has_header("EXCEPTION_WHAT"));
  EXPECT_EQ(result->body.find("leaky detail"), std::string::npos);
  EXPECT_TRUE(json_of(result)["error"].is_string());
}

TEST_F(ServerTest, UnreadBodyDoesNotBreakTheNextRequestOnTheConnection) {
  start();
  httplib::Client cli = client();
  cli.set_keep_alive(true);
  auto rejected = cli.Put("/v1/images/" + kImageId + "/layer", {{"X-Test-Reject", "1"}},
                          std::string(300 * 1024, 'x'), "application/octet-stream");
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, 404);
  auto next = cli.Get("/v1/_ping");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "true");
}

TEST_F(ServerTest, PutWithoutLengthOrChunkingHasAnEmptyBodyAndIsAnsweredAtOnce) {
  start();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval five_seconds{5, 0};  // a server waiting for a body until close would run past this
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &five_seconds, sizeof five_seconds);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  std::string request = "PUT /v1/images/" + kImageId + "/layer HTTP/1.1\r\nHost: test\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  char buffer[4096];
  ssize_t n = recv(fd, buffer, sizeof buffer, 0);
  close(fd);
  ASSERT_GT(n, 0) << "no answer within 5 s";
  EXPECT_EQ(std::string(buffer, static_cast<size_t>(n)).rfind("HTTP/1.1 ", 0), 0u);
}

TEST_F(ServerTest, BodyPastTheLimitIs413) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  start(options);
  auto result = client().Put("/v1/images/" + kImageId + "/layer", std::string(4096, 'x'),
                             "application/octet-stream");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_TRUE(json_of(result)["error"].is_string());
}

TEST_F(ServerTest, AccessLogHasOneRedactedLinePerRequest) {
  start();
  auto result = client().Delete("/v1/repositories/foo/bar/?token=QUERYSECRET",
                                {{"Authorization", "Basic dXNlcjpQQVNTV09SRFNFQ1JFVA=="},
                                 {"Cookie", "session=COOKIESECRET"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 202);
  server_->stop();  // the logger runs after the reply is sent: stopping waits for it
  auto lines = access_lines();
  ASSERT_EQ(lines.size(), 1u);
  const std::string& line = lines[0];
  EXPECT_NE(line.find("\"DELETE /v1/repositories/foo/bar/?token=[redacted]\" 202"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find("auth=\"Basic [redacted]\""), std::string::npos) << line;
  for (const char* secret :
       {"dXNlcjpQQVNTV09SRFNFQ1JFVA", "TOPSECRET", "COOKIESECRET", "QUERYSECRET"}) {
    EXPECT_EQ(line.find(secret), std::string::npos) << secret << " in " << line;
  }
}

TEST_F(ServerTest, CloseFaultEndsTheConnectionWithoutAnAnswer) {
  start();
  RawExchange exchange = raw_fault("close");
  EXPECT_EQ(exchange.data, "");
  EXPECT_EQ(exchange.error, 0);  // a clean EOF
  EXPECT_EQ(fault("close"), httplib::Error::Read);
}

TEST_F(ServerTest, ResetFaultResetsTheConnection) {
  start();
  RawExchange exchange = raw_fault("reset");
  EXPECT_EQ(exchange.data, "");
  EXPECT_EQ(exchange.error, ECONNRESET);
  EXPECT_EQ(fault("reset"), httplib::Error::Read);
}

TEST_F(ServerTest, GarbageFaultSendsBytesThatAreNotHttp) {
  start();
  RawExchange exchange = raw_fault("garbage");
  EXPECT_FALSE(exchange.data.empty());
  EXPECT_NE(exchange.data.rfind("HTTP/", 0), 0u);
  EXPECT_EQ(fault("garbage"), httplib::Error::Read);
}

TEST_F(ServerTest, HangFaultHoldsTheConnectionUntilStop) {
  start();
  auto reached = hang_reached_.get_future();
  auto answered = std::async(std::launch::async, [this] {
    return static_cast<bool>(client().Get("/v1/_ping", {{"X-Drydock-Fault", "hang"}}));
  });
  reached.wait();
  server_->stop();
  EXPECT_FALSE(answered.get());
}

TEST_F(ServerTest, ServesAgainAfterAFault) {
  start();
  fault("reset");
  auto result = client().Get("/v1/_ping");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

class TlsServerTest : public ServerTest {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("drydock-http-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=drydock-test"
        " -addext subjectAltName=IP:127.0.0.1 -keyout " +
        (dir_ / "key.pem").string() + " -out " + (dir_ / "cert.pem").string() + " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string file(const char* name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

TEST_F(TlsServerTest, ServesHttpsAndReadsTheClientCertificate) {
  // The self-signed certificate is the server's and, as its own CA, the client's.
  start(with_tls(TlsOptions{file("cert.pem"), file("key.pem"), file("cert.pem")}));
  httplib::SSLClient client("127.0.0.1", port_, file("cert.pem"), file("key.pem"));
  client.set_ca_cert_path(file("cert.pem").c_str());
  client.enable_server_certificate_verification(true);
  auto result = client.Get("/v1/users/");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(json_of(result), "CN=drydock-test");
}

TEST_F(TlsServerTest, RefusesAClientWithoutACertificate) {
  start(with_tls(TlsOptions{file("cert.pem"), file("key.pem"), file("cert.pem")}));
  httplib::SSLClient client("127.0.0.1", port_);
  client.enable_server_certificate_verification(false);
  EXPECT_FALSE(client.Get("/v1/users/"));
}

TEST_F(TlsServerTest, MissingCertificateFailsToStart) {
  HttpServer server(router_, with_tls(TlsOptions{file("nope.pem"), file("key.pem"), ""}));
  EXPECT_FALSE(server.start().ok());
}

}  // namespace
}  // namespace drydock::simulator::http
