#include "pushed_body.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace drydock::simulator::http {
namespace {

// Pushes `total` bytes in 4 KiB pieces, as a connection does with what it reads, pausing whenever
// the feed asks it to (the connection stops reading its socket then).
class Producer {
 public:
  Producer(std::shared_ptr<PushedBody::Feed> feed, uint64_t total, std::optional<Error> ending = {})
      : thread_([this, feed, total, ending] {
          std::vector<char> chunk(4096);
          for (uint64_t sent = 0; sent < total;) {
            wait_until_resumed(*feed);
            size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), total - sent));
            for (size_t i = 0; i < n; ++i) chunk[i] = static_cast<char>((sent + i) % 251);
            feed->push(chunk.data(), n);
            sent += n;
          }
          feed->end(ending);
        }) {}
  ~Producer() { thread_.join(); }

 private:
  void wait_until_resumed(PushedBody::Feed& feed) {
    std::unique_lock lock(mutex_);
    paused_ = feed.pause_if_full([this] {
      std::lock_guard inner(mutex_);
      paused_ = false;
      resumed_.notify_all();
    });
    resumed_.wait(lock, [&] { return !paused_; });
  }

  std::mutex mutex_;
  std::condition_variable resumed_;
  bool paused_ = false;
  std::thread thread_;
};

TEST(PushedBody, ReadsEveryByteInOrderWithBoundedMemory) {
  constexpr uint64_t kTotal = 8 * 1024 * 1024;
  PushedBody body;
  Producer producer(body.feed(), kTotal);
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

TEST(PushedBody, AGoneReaderDropsTheRestAndResumesTheProducer) {
  auto body = std::make_unique<PushedBody>();
  auto feed = body->feed();
  {
    Producer producer(feed, 4 * 1024 * 1024);  // pauses at the limit until the reader goes
    char buffer[100];
    ASSERT_GT(body->read(buffer, sizeof buffer), 0u);
    body.reset();
  }  // joined: every byte was pushed, none kept
  EXPECT_TRUE(feed->discarding());
  EXPECT_FALSE(feed->pause_if_full([] {}));
}

TEST(PushedBody, ReportsTheProducersError) {
  PushedBody body;
  body.feed()->push("abc", 3);
  body.feed()->end(Error{ErrorCode::kPayloadTooLarge, "too big"});
  auto all = body.read_all(1024);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, ErrorCode::kPayloadTooLarge);
}

TEST(PushedBody, ReadAllStopsPastTheLimit) {
  PushedBody body;
  Producer producer(body.feed(), 100000);  // under the limit: never pauses
  auto all = body.read_all(1000);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, ErrorCode::kPayloadTooLarge);
}

}  // namespace
}  // namespace drydock::simulator::http
