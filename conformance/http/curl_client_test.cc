#include "drydock/conformance/curl_client.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "drydock/conformance/transcript.h"
#include "test_server.h"

namespace drydock::conformance {
namespace {

using std::chrono::milliseconds;
using testing::LoopbackServer;
using testing::RawServer;

// A gate a handler waits on until the test releases it (always, before the server stops).
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

class CurlClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Get("/v1/_ping", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Docker-Registry-Version", "0.6.0");
      res.set_content("true", "application/json");
    });
    server_.server().Get("/port", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(std::to_string(req.remote_port), "text/plain");
    });
    server_.server().Get("/blocks", [this](const httplib::Request&, httplib::Response& res) {
      gate_.wait();
      res.set_content("late", "text/plain");
    });
    server_.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(2 * 1024 * 1024, 'x'), "application/octet-stream");
    });
    server_.server().Get("/endless", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/octet-stream",
                                       [](size_t, httplib::DataSink& sink) {
                                         std::string chunk(64 * 1024, 'z');
                                         return sink.write(chunk.data(), chunk.size());
                                       });
    });
    server_.server().Get("/redirect", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/v1/_ping", 302);
    });
    server_.server().Put("/layer", [](const httplib::Request& req, httplib::Response& res,
                                      const httplib::ContentReader& reader) {
      std::size_t received = 0;
      reader([&](const char*, size_t n) {
        received += n;
        return true;
      });
      res.set_content(std::to_string(received) + " " + req.get_header_value("Content-Length"),
                      "text/plain");
    });
    url_ = server_.start();
  }
  void TearDown() override { gate_.open(); }

  Gate gate_;
  LoopbackServer server_;
  std::string url_;
};

TEST_F(CurlClientTest, ReturnsStatusHeadersAndBody) {
  CurlClient client;
  Result<Response> r = client.send("GET", url_ + "/v1/_ping");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->reason, "OK");
  EXPECT_EQ(r->http_version, "HTTP/1.1");
  EXPECT_EQ(r->headers.get("x-docker-registry-version"), "0.6.0");
  EXPECT_EQ(r->body, "true");
}

TEST_F(CurlClientTest, ReusesTheConnection) {
  CurlClient client;
  Result<Response> first = client.send("GET", url_ + "/port");
  Result<Response> second = client.send("GET", url_ + "/port");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->body, second->body);
}

TEST_F(CurlClientTest, TimesOutOnAHandlerThatBlocks) {
  CurlOptions options;
  options.timeout = milliseconds(300);
  CurlClient client(options);
  auto started = std::chrono::steady_clock::now();
  Result<Response> r = client.send("GET", url_ + "/blocks");
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos) << r.error().message;
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST_F(CurlClientTest, RequestTimeoutOverridesTheClients) {
  CurlClient client;  // 30 s by default
  Request request;
  request.url = url_ + "/blocks";
  request.timeout = milliseconds(300);
  Result<Response> r = client.send(request);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos);
}

TEST_F(CurlClientTest, DeadlineBoundsARequestInFlight) {
  CurlOptions options;
  options.deadline = std::chrono::steady_clock::now() + milliseconds(300);
  CurlClient client(options);
  Result<Response> r = client.send("GET", url_ + "/blocks");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("deadline"), std::string::npos) << r.error().message;
  Result<Response> after = client.send("GET", url_ + "/v1/_ping");
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.error().message.find("not sent"), std::string::npos);
}

TEST_F(CurlClientTest, CancelHookAbortsATransfer) {
  CurlOptions options;
  options.cancelled = [] { return true; };
  CurlClient client(options);
  Result<Response> r = client.send("GET", url_ + "/blocks");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cancelled"), std::string::npos) << r.error().message;
}

TEST_F(CurlClientTest, BodyOverTheCapFailsWithAClearMessage) {
  CurlOptions options;
  options.max_body_bytes = 1024 * 1024;
  CurlClient client(options);
  auto transcript = std::make_shared<Transcript>();
  client.set_transcript(transcript);
  Result<Response> r = client.send("GET", url_ + "/big");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("1048576-byte cap"), std::string::npos) << r.error().message;
  ASSERT_EQ(transcript->size(), 1u);
  Exchange e = transcript->exchanges()[0];
  EXPECT_EQ(e.response.status, 200);
  EXPECT_EQ(e.response.body.size(), kKeptBodyBytes);
  EXPECT_TRUE(e.response.body_truncated);
  EXPECT_FALSE(e.error.empty());
}

TEST_F(CurlClientTest, EndlessBodyStopsAtTheCap) {
  CurlOptions options;
  options.max_body_bytes = 4 * 1024 * 1024;
  CurlClient client(options);
  Result<Response> r = client.send("GET", url_ + "/endless");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cap"), std::string::npos);
}

TEST_F(CurlClientTest, StreamsBodiesBothWaysWithoutKeepingThem) {
  constexpr std::uint64_t kSize = 8 * 1024 * 1024;
  CurlClient client;
  auto transcript = std::make_shared<Transcript>();
  client.set_transcript(transcript);
  std::uint64_t produced = 0;
  Request put;
  put.method = "PUT";
  put.url = url_ + "/layer";
  put.body_size = kSize;
  put.body_source = [&](std::span<char> buffer) -> Result<std::size_t> {
    std::size_t n = std::min<std::uint64_t>(buffer.size(), kSize - produced);
    std::fill_n(buffer.data(), n, 'l');
    produced += n;
    return n;
  };
  Result<Response> r = client.send(put);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->body, "8388608 8388608");
  EXPECT_EQ(transcript->exchanges()[0].request.body, "<8388608 bytes streamed>");

  std::uint64_t sunk = 0;
  Request get;
  get.url = url_ + "/big";
  get.response_sink = [&](std::string_view chunk) {
    sunk += chunk.size();
    return true;
  };
  r = client.send(get);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(sunk, 2u * 1024 * 1024);
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(r->body_size, sunk);
}

TEST_F(CurlClientTest, RecordsTheSizeOfABodyInMemoryOnce) {
  CurlClient client;
  auto transcript = std::make_shared<Transcript>();
  client.set_transcript(transcript);
  Request put;
  put.method = "PUT";
  put.url = url_ + "/layer";
  put.body = std::string(95, 'j');
  Result<Response> r = client.send(put);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->body, "95 95");
  EXPECT_EQ(transcript->exchanges()[0].request.body_size, 95u);
}

TEST_F(CurlClientTest, ReportsARedirectAsIs) {
  CurlClient client;
  Result<Response> r = client.send("GET", url_ + "/redirect");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(r->headers.get("Location"), "/v1/_ping");
}

TEST_F(CurlClientTest, FollowsRedirectsWhenAsked) {
  CurlOptions options;
  options.follow_redirects = true;
  CurlClient client(options);
  Result<Response> r = client.send("GET", url_ + "/redirect");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "true");
}

TEST_F(CurlClientTest, RecordsIntoTheRequestsTranscriptToo) {
  CurlClient client;
  auto run = std::make_shared<Transcript>();
  Transcript check;
  client.set_transcript(run);
  Request request;
  request.url = url_ + "/v1/_ping";
  request.label = "registry/ping/ok";
  request.transcript = &check;
  ASSERT_TRUE(client.send(request).ok());
  ASSERT_EQ(check.size(), 1u);
  ASSERT_EQ(run->size(), 1u);
  EXPECT_EQ(check.exchanges()[0].label, "registry/ping/ok");
  EXPECT_EQ(check.exchanges()[0].response.body, "true");
  EXPECT_GT(check.exchanges()[0].timings.total_ms, 0);
}

TEST(CurlClientFailures, ResetConnectionIsAnError) {
  RawServer server([](int fd) {
    testing::read_request_head(fd);
    testing::reset_connection(fd);
  });
  CurlClient client;
  auto transcript = std::make_shared<Transcript>();
  client.set_transcript(transcript);
  Result<Response> r = client.send("GET", server.url() + "/v1/_ping");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().message.empty());
  EXPECT_EQ(transcript->exchanges()[0].error, r.error().message);
}

TEST(CurlClientFailures, GarbageReplyIsAnError) {
  RawServer server([](int fd) {
    testing::read_request_head(fd);
    std::string garbage = "SSH-2.0-OpenSSH_9.2\r\n\r\n";
    (void)!::write(fd, garbage.data(), garbage.size());
    ::close(fd);
  });
  CurlClient client;
  Result<Response> r = client.send("GET", server.url() + "/v1/_ping");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().message.empty());
}

TEST(CurlClientFailures, ConnectionRefusedIsAnError) {
  std::string url;
  {
    url = RawServer([](int fd) { ::close(fd); }).url();
  }  // the port is free again
  CurlClient client;
  Result<Response> r = client.send("GET", url + "/");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("onnect"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace drydock::conformance
