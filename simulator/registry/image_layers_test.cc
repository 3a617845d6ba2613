// Layers in and out: streaming, checksums computed on the way in, ranges, partial uploads.

#include "drydock/common/payload_checksum.h"
#include "drydock/simulator/storage/layout.h"
#include "testing/registry_test_fixture.h"

namespace drydock::simulator::registry::testing {
namespace {

class Layers : public RegistryTest {
 protected:
  Layers() : image_(canonical(fixtures::make_image_chain("layers", 1).base())) {}

  http::Reply get_layer(std::optional<std::string> range = std::nullopt) {
    http::Headers headers;
    if (range) headers.add("Range", *range);
    return send("GET", "/v1/images/" + image_.id + "/layer", "", headers);
  }

  fixtures::Image image_;
};

// A body of `size` pseudo-random bytes produced on demand, optionally failing after `fail_at`.
class GeneratedBody : public http::Body {
 public:
  GeneratedBody(uint64_t size, uint64_t fail_at = UINT64_MAX) : size_(size), fail_at_(fail_at) {}
  size_t read(char* out, size_t n) override {
    uint64_t end = std::min(size_, fail_at_);
    size_t count = static_cast<size_t>(std::min<uint64_t>(n, end - offset_));
    for (size_t i = 0; i < count; ++i) out[i] = byte_at(offset_ + i);
    offset_ += count;
    return count;
  }
  std::optional<Error> read_error() const override {
    if (offset_ >= fail_at_ && fail_at_ < size_) return Error::io("client went away");
    return std::nullopt;
  }
  static char byte_at(uint64_t i) { return static_cast<char>((i * 2654435761u) >> 13); }

 private:
  uint64_t size_, fail_at_, offset_ = 0;
};

TEST_F(Layers, PutLayerNeedsTheJson) {
  put_layer(image_, 404);
}

TEST_F(Layers, PutLayerOfCompleteImageConflicts) {
  push_image(image_);
  put_layer(image_, 409);
}

TEST_F(Layers, LargeLayerStreamsThroughWithTheRightChecksum) {
  constexpr uint64_t kSize = 32ull * 1024 * 1024;
  put_json(image_);
  auto reply = send_stream("PUT", "/v1/images/" + image_.id + "/layer",
                           std::make_unique<GeneratedBody>(kSize), [] {
                             http::Headers h;
                             h.add("Authorization", "");
                             return h;
                           }());
  EXPECT_EQ(reply.status, 401);  // an empty Authorization is no token
  http::Headers headers;
  headers.add("Authorization", bearer(kRepository, auth::Access::kWrite));
  reply = send_stream("PUT", "/v1/images/" + image_.id + "/layer",
                      std::make_unique<GeneratedBody>(kSize), headers);
  ASSERT_EQ(reply.status, 200);

  PayloadChecksum expected(image_.json);
  GeneratedBody again(kSize);
  std::string chunk(1 << 20, '\0');
  while (size_t n = again.read(chunk.data(), chunk.size())) expected.update({chunk.data(), n});
  http::Headers checksum;
  checksum.add("X-Docker-Checksum-Payload", expected.finish());
  EXPECT_EQ(send("PUT", "/v1/images/" + image_.id + "/checksum", "", checksum).status, 200);

  auto layer = get_layer();
  ASSERT_EQ(layer.status, 200);
  ASSERT_TRUE(layer.is_stream());
  EXPECT_EQ(std::get<http::StreamBody>(layer.body).length, kSize);
  auto ranged = get_layer("bytes=33554000-");
  ASSERT_EQ(ranged.status, 206);
  std::string tail = body_of(ranged);
  ASSERT_EQ(tail.size(), kSize - 33554000);
  EXPECT_EQ(tail.back(), GeneratedBody::byte_at(kSize - 1));
}

TEST_F(Layers, ClientGoingAwayMidLayerLeavesNothing) {
  put_json(image_);
  http::Headers headers;
  headers.add("Authorization", bearer(kRepository, auth::Access::kWrite));
  auto reply = send_stream("PUT", "/v1/images/" + image_.id + "/layer",
                           std::make_unique<GeneratedBody>(1 << 20, 300000), headers);
  EXPECT_EQ(reply.action, http::ConnectionAction::kClose);
  EXPECT_FALSE(services_.storage->exists(storage::layout::image_layer(image_.id)).value());
  EXPECT_FALSE(services_.storage->exists(storage::layout::image_checksum(image_.id)).value());
}

TEST_F(Layers, RangeAnswers206) {
  push_image(image_);
  auto reply = get_layer("bytes=10-19");
  ASSERT_EQ(reply.status, 206);
  EXPECT_TRUE(body_of(reply) == image_.layer.substr(10, 10));
  EXPECT_EQ(reply.headers.get("Content-Range"),
            "10-19/" + std::to_string(image_.layer.size()));  // no unit, as docker-registry
}

TEST_F(Layers, UnsatisfiableRangeAnswers416) {
  push_image(image_);
  auto reply = get_layer("bytes=" + std::to_string(image_.layer.size() + 5) + "-");
  EXPECT_EQ(reply.status, 416);
  EXPECT_EQ(body_of(reply), "");
}

TEST_F(Layers, MalformedRangeIsIgnored) {
  push_image(image_);
  auto reply = get_layer("lines=1-2");
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(body_of(reply) == image_.layer);
}

}  // namespace
}  // namespace drydock::simulator::registry::testing
