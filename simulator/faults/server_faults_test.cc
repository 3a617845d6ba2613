#include "server_faults.h"

#include <string>

#include <gtest/gtest.h>

namespace drydock::simulator::faults {
namespace {

// Collects what a streamed body writes, up to a limit.
class CollectingSink : public http::Sink {
 public:
  explicit CollectingSink(size_t limit) : limit_(limit) {}
  bool write(const char* data, size_t n) override {
    bytes.append(data, n);
    return bytes.size() < limit_;
  }
  void done() override { finished = true; }

  std::string bytes;
  bool finished = false;

 private:
  size_t limit_;
};

TEST(ServerFaults, ErrorHtmlTurnsAnErrorIntoAnHtmlPage) {
  http::Reply reply = http::Reply::json(404, {{"error", "Image not found"}});
  ASSERT_TRUE(apply_server_fault("error-html", reply));
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(reply.text().find("<html>"), std::string::npos);
}

TEST(ServerFaults, ErrorHtmlLeavesSuccessAlone) {
  http::Reply reply = http::Reply::json(200, true);
  ASSERT_TRUE(apply_server_fault("error-html", reply));
  EXPECT_EQ(reply.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(reply.text(), "true");
}

TEST(ServerFaults, ContentTypeWrongRelabelsJson) {
  http::Reply reply = http::Reply::json(200, true);
  ASSERT_TRUE(apply_server_fault("content-type-wrong", reply));
  EXPECT_EQ(reply.headers.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(reply.text(), "true");
}

TEST(ServerFaults, ConnectionFaultsAskTheServerToBreakTheConnection) {
  const std::pair<const char*, http::ConnectionAction> cases[] = {
      {"conn-hang", http::ConnectionAction::kHang},
      {"conn-reset", http::ConnectionAction::kReset},
      {"conn-garbage", http::ConnectionAction::kGarbage}};
  for (const auto& [name, action] : cases) {
    http::Reply reply = http::Reply::json(200, true);
    ASSERT_TRUE(apply_server_fault(name, reply)) << name;
    EXPECT_EQ(reply.action, action) << name;
  }
}

TEST(ServerFaults, BodyEndlessStreamsTheBodyThenNeverStops) {
  http::Reply reply = http::Reply::json(200, {{"a", 1}});
  ASSERT_TRUE(apply_server_fault("body-endless", reply));
  ASSERT_TRUE(reply.is_stream());
  const auto& stream = std::get<http::StreamBody>(reply.body);
  EXPECT_FALSE(stream.length.has_value());
  CollectingSink sink(1 << 20);
  while (stream.provider(sink.bytes.size(), sink)) {
  }
  EXPECT_TRUE(sink.bytes.starts_with(R"({"a":1})"));
  EXPECT_GE(sink.bytes.size(), size_t{1} << 20);
  EXPECT_FALSE(sink.finished);
}

TEST(ServerFaults, OtherNamesAreNotServerFaults) {
  http::Reply reply = http::Reply::json(200, true);
  EXPECT_FALSE(apply_server_fault("layer-truncated", reply));
  EXPECT_EQ(reply.text(), "true");
  EXPECT_FALSE(is_server_fault("layer-truncated"));
  EXPECT_TRUE(is_server_fault("conn-reset"));
}

}  // namespace
}  // namespace drydock::simulator::faults
