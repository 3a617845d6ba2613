#include "drydock/conformance/fake_client.h"

#include <gtest/gtest.h>

#include "drydock/conformance/transcript.h"

namespace drydock::conformance {
namespace {

TEST(FakeClient, ReplaysCannedResponsesInOrder) {
  FakeClient client;
  client.on("GET", "http://r/v1/_ping", json_response(200, "true"))
      .on("GET", "http://r/v1/_ping", json_response(500, R"({"error":"down"})"));
  EXPECT_EQ(client.send("GET", "http://r/v1/_ping")->status, 200);
  EXPECT_EQ(client.send("GET", "http://r/v1/_ping")->status, 500);
  Result<Response> none = client.send("GET", "http://r/v1/_ping");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "no canned response for GET http://r/v1/_ping");
}

TEST(FakeClient, MatchesPrefixesAndRepeats) {
  FakeClient client;
  client.on("*", "http://r/v1/images/*", json_response(404, "{}"), /*repeat=*/true);
  EXPECT_EQ(client.send("GET", "http://r/v1/images/abc/json")->status, 404);
  EXPECT_EQ(client.send("PUT", "http://r/v1/images/def/json", {}, "{}")->status, 404);
  EXPECT_EQ(client.requests().size(), 2u);
  EXPECT_EQ(client.requests()[1].body, "{}");
}

TEST(HttpClient, FixedHeadersGoWithEveryRequestThatLacksThem) {
  FakeClient client;
  client.on("*", "http://r/*", json_response(200, "true"), /*repeat=*/true);
  Headers fixed;
  fixed.add("X-Drydock-Fault", "layer-truncated");
  client.set_fixed_headers(fixed);
  EXPECT_TRUE(client.send("GET", "http://r/v1/_ping").ok());
  EXPECT_TRUE(client.send("GET", "http://r/v1/_ping", {{"X-Drydock-Fault", "conn-reset"}}).ok());
  ASSERT_EQ(client.requests().size(), 2u);
  EXPECT_EQ(client.requests()[0].headers.get("X-Drydock-Fault"), "layer-truncated");
  EXPECT_EQ(client.requests()[1].headers.get("X-Drydock-Fault"), "conn-reset");  // its own wins
}

TEST(FakeClient, FailuresAreRecorded) {
  FakeClient client;
  auto transcript = std::make_shared<Transcript>();
  client.set_transcript(transcript);
  client.fail("GET", "http://r/v1/_ping", "Connection reset by peer");
  Result<Response> r = client.send("GET", "http://r/v1/_ping");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(transcript->exchanges()[0].error, "Connection reset by peer");
}

TEST(HttpClient, RecordsAnExchangeRedactedInTheChecksTranscriptAndTheRuns) {
  FakeClient client;
  auto redactor = std::make_shared<Redactor>();
  auto run = std::make_shared<Transcript>(redactor);
  Transcript check(redactor);
  client.set_transcript(run);
  client.on("POST", "http://i/v1/users/", json_response(201, R"("User Created")"));
  Request post;
  post.method = "POST";
  post.url = "http://i/v1/users/";
  post.headers.add("Authorization", "Basic dXNlcjpodW50ZXIy");  // user:hunter2
  post.body = R"({"username":"user","password":"hunter2"})";
  post.transcript = &check;
  ASSERT_TRUE(client.send(post).ok());
  ASSERT_EQ(check.size(), 1u);
  ASSERT_EQ(run->size(), 1u);
  const Exchange kept = check.exchanges()[0];
  EXPECT_EQ(kept.request.headers.get("Authorization"), "Basic <redacted>");
  EXPECT_EQ(kept.request.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(run->exchanges()[0].request.headers, kept.request.headers);
  EXPECT_EQ(run->exchanges()[0].request.body, kept.request.body);
}

TEST(FakeClient, DrainsStreamedBodiesAndFeedsSinks) {
  FakeClient client;
  auto transcript = std::make_shared<Transcript>();
  client.set_transcript(transcript);
  client.on("PUT", "http://r/v1/images/a/layer", json_response(200, "layer-bytes"));
  int calls = 0;
  Request put;
  put.method = "PUT";
  put.url = "http://r/v1/images/a/layer";
  put.body_source = [&](std::span<char> buffer) -> Result<std::size_t> {
    if (calls++ > 0) return std::size_t{0};
    buffer[0] = 'x';
    return std::size_t{1};
  };
  std::string sunk;
  put.response_sink = [&](std::string_view chunk) {
    sunk.append(chunk);
    return true;
  };
  Result<Response> r = client.send(put);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(sunk, "layer-bytes");
  EXPECT_EQ(transcript->exchanges()[0].request.body, "<1 bytes streamed>");
}

}  // namespace
}  // namespace drydock::conformance
