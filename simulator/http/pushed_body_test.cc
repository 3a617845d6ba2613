#include "pushed_body.h"

#include <gtest/gtest.h>

#include <vector>

namespace drydock::simulator::http {
namespace {

// A source that pushes `total` bytes in 4 KiB chunks, as httplib's ContentReader does.
PushedBody::Source chunks(uint64_t total, uint64_t* pushed = nullptr) {
  return [total, pushed](const PushedBody::Receiver& receive) -> std::optional<Error> {
    std::vector<char> chunk(4096);
    for (uint64_t sent = 0; sent < total;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), total - sent));
      for (size_t i = 0; i < n; ++i) chunk[i] = static_cast<char>((sent + i) % 251);
      if (!receive(chunk.data(), n)) return Error::io("stopped");
      sent += n;
      if (pushed) *pushed = sent;
    }
    return std::nullopt;
  };
}

TEST(PushedBody, ReadsEveryByteInOrderWithBoundedMemory) {
  constexpr uint64_t kTotal = 8 * 1024 * 1024;
  PushedBody body(chunks(kTotal));
  std::vector<char> buffer(64 * 1024);
  uint64_t offset = 0;
  while (size_t n = body.read(buffer.data(), buffer.size())) {
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(buffer[i], static_cast<char>((offset + i) % 251));
    }
    offset += n;
  }
  EXPECT_EQ(offset, kTotal);
  EXPECT_FALSE(body.read_error().has_value());
  EXPECT_LE(body.peak_buffered(), PushedBody::kBufferLimit + 4096);
}

TEST(PushedBody, FinishDrainsAnUnreadBody) {
  uint64_t pushed = 0;
  PushedBody body(chunks(1024 * 1024, &pushed));
  body.finish();
  EXPECT_EQ(pushed, 1024u * 1024u);
}

TEST(PushedBody, FinishDrainsAPartlyReadBody) {
  uint64_t pushed = 0;
  PushedBody body(chunks(4 * 1024 * 1024, &pushed));
  char buffer[100];
  ASSERT_GT(body.read(buffer, sizeof buffer), 0u);
  body.finish();
  EXPECT_EQ(pushed, 4u * 1024u * 1024u);
  EXPECT_EQ(body.read(buffer, sizeof buffer), 0u);
}

TEST(PushedBody, ReportsTheSourcesError) {
  PushedBody body([](const PushedBody::Receiver& receive) -> std::optional<Error> {
    receive("abc", 3);
    return Error{ErrorCode::kPayloadTooLarge, "too big"};
  });
  auto all = body.read_all(1024);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, ErrorCode::kPayloadTooLarge);
}

TEST(PushedBody, ReadAllStopsPastTheLimit) {
  PushedBody body(chunks(100000));
  auto all = body.read_all(1000);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, ErrorCode::kPayloadTooLarge);
}

}  // namespace
}  // namespace drydock::simulator::http
