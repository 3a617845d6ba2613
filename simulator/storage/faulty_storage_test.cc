#include "drydock/simulator/storage/faulty_storage.h"

#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "drydock/simulator/storage/layout.h"
#include "drydock/simulator/storage/memory_storage.h"

namespace drydock::storage {
namespace {

const std::string kLayer = layout::image_layer("abc");
const std::string kTag = layout::repository_tag("alice", "app", "latest");

std::string read_all(Storage& storage, const std::string& key, uint64_t offset = 0) {
  auto reader = storage.read(key, offset);
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return {};
  std::string out;
  char buf[4];
  for (;;) {
    auto n = (*reader)->read(buf, sizeof buf);
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) return out;
    out.append(buf, *n);
  }
}

class FaultyStorageTest : public testing::Test {
 protected:
  FaultyStorageTest() : storage_(std::make_shared<MemoryStorage>()) {
    EXPECT_TRUE(storage_.put(kLayer, "abcdef").ok());
    EXPECT_TRUE(storage_.put(kTag, "\"id\"").ok());
    EXPECT_TRUE(storage_.put(layout::image_json("abc"), "{}").ok());
  }
  FaultyStorage storage_;
};

TEST_F(FaultyStorageTest, BreaksNothingUnlessActive) {
  EXPECT_EQ(FaultyStorage::active(), Breakage::kNone);
  EXPECT_EQ(storage_.stat(kLayer)->size, 6u);
  EXPECT_EQ(read_all(storage_, kLayer), "abcdef");
  EXPECT_TRUE(storage_.remove(kTag).ok());
  EXPECT_FALSE(*storage_.exists(kTag));
}

TEST_F(FaultyStorageTest, ActivationLastsItsScope) {
  {
    FaultyStorage::Activation active(Breakage::kLayerHalved);
    EXPECT_EQ(FaultyStorage::active(), Breakage::kLayerHalved);
    EXPECT_EQ(storage_.stat(kLayer)->size, 3u);
  }
  EXPECT_EQ(FaultyStorage::active(), Breakage::kNone);
  EXPECT_EQ(storage_.stat(kLayer)->size, 6u);
}

TEST_F(FaultyStorageTest, BreaksLayersOnly) {
  FaultyStorage::Activation active(Breakage::kLayerOneByteLonger);
  EXPECT_EQ(storage_.stat(kLayer)->size, 7u);
  EXPECT_EQ(read_all(storage_, kLayer), std::string("abcdef\0", 7));
  EXPECT_EQ(storage_.stat(layout::image_json("abc"))->size, 2u);
  EXPECT_EQ(read_all(storage_, layout::image_json("abc")), "{}");
}

TEST_F(FaultyStorageTest, FlipsTheFirstByteOfALayer) {
  FaultyStorage::Activation active(Breakage::kLayerFirstByteFlipped);
  std::string flipped = "abcdef";
  flipped[0] = static_cast<char>(~flipped[0]);
  EXPECT_EQ(read_all(storage_, kLayer), flipped);
  EXPECT_EQ(read_all(storage_, kLayer, 2), "cdef");
}

TEST_F(FaultyStorageTest, KeepsARemovedTag) {
  FaultyStorage::Activation active(Breakage::kTagRemoveKept);
  EXPECT_TRUE(storage_.remove(kTag).ok());
  EXPECT_TRUE(*storage_.exists(kTag));
  EXPECT_TRUE(storage_.remove(layout::image_json("abc")).ok());
  EXPECT_FALSE(*storage_.exists(layout::image_json("abc")));
  EXPECT_EQ(storage_.remove(layout::repository_tag("alice", "app", "gone")).error().code,
            ErrorCode::kNotFound);
}

// A slow store answers everything as before, each call at least kSlowStoreDelay later.
TEST_F(FaultyStorageTest, ASlowStoreWaitsAndThenAnswersRight) {
  FaultyStorage::Activation active(Breakage::kStoreSlow);
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  EXPECT_EQ(storage_.stat(kLayer)->size, 6u);
  EXPECT_GE(Clock::now() - started, kSlowStoreDelay);

  started = Clock::now();
  auto writer = storage_.write(layout::image_layer("def"));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append("ghi").ok());
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_GE(Clock::now() - started, 2 * kSlowStoreDelay) << "the call and the commit wait";

  started = Clock::now();
  EXPECT_EQ(read_all(storage_, layout::image_layer("def")), "ghi");
  EXPECT_GE(Clock::now() - started, 2 * kSlowStoreDelay) << "the call and the first byte wait";
  EXPECT_EQ(*storage_.get(layout::image_json("abc")), "{}");
}

}  // namespace
}  // namespace drydock::storage
