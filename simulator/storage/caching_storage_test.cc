#include "drydock/simulator/storage/caching_storage.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "drydock/simulator/storage/filesystem_storage.h"
#include "drydock/simulator/storage/memory_storage.h"
#include "storage_suite.h"

namespace drydock::storage {
namespace {

std::unique_ptr<Storage> make_cached_filesystem(const std::filesystem::path& scratch) {
  auto opened = FilesystemStorage::open(scratch / "root");
  if (!opened.ok()) return nullptr;
  return std::make_unique<CachingStorage>(std::shared_ptr<Storage>(std::move(opened).value()));
}

std::unique_ptr<Storage> make_cached_memory(const std::filesystem::path&) {
  return std::make_unique<CachingStorage>(std::make_shared<MemoryStorage>());
}

// A cache in front of a backend must behave exactly as the backend.
INSTANTIATE_TEST_SUITE_P(Caching, StorageSuite,
                         ::testing::Values(StorageBackend{"CachedFilesystem",
                                                          &make_cached_filesystem},
                                           StorageBackend{"CachedMemory", &make_cached_memory}),
                         StorageBackendName());

// The cache over a MemoryStorage the test can also reach behind its back.
class CachingStorageTest : public ::testing::Test {
 protected:
  std::shared_ptr<MemoryStorage> backend = std::make_shared<MemoryStorage>();
  CachingStorage cache{backend, CacheLimits{.max_value_bytes = 16, .max_total_bytes = 4096}};
};

TEST_F(CachingStorageTest, ASecondReadIsAnsweredFromMemory) {
  ASSERT_TRUE(cache.put("images/a/json", "{}").ok());
  EXPECT_EQ(*cache.get("images/a/json"), "{}");
  auto before = cache.counters();
  EXPECT_EQ(*cache.get("images/a/json"), "{}");
  EXPECT_FALSE(*cache.exists("images/a/_inprogress"));
  EXPECT_FALSE(*cache.exists("images/a/_inprogress"));
  EXPECT_EQ(cache.counters().hits, before.hits + 2);
  // Proof that the answer came from memory: a change made behind the cache's back is not seen.
  ASSERT_TRUE(backend->put("images/a/json", "{\"x\":1}").ok());
  EXPECT_EQ(*cache.get("images/a/json"), "{}");
}

TEST_F(CachingStorageTest, APutThroughTheCacheIsSeenAtOnce) {
  ASSERT_TRUE(cache.put("tags/t", "one").ok());
  EXPECT_EQ(*cache.get("tags/t"), "one");
  ASSERT_TRUE(cache.put("tags/t", "two").ok());
  EXPECT_EQ(*cache.get("tags/t"), "two");
}

TEST_F(CachingStorageTest, ACommittedWriterForgetsTheSizeAndTheAbsence) {
  EXPECT_EQ(cache.stat("images/a/layer").error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(*cache.exists("images/a/layer"));
  auto writer = cache.write("images/a/layer");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append("12345").ok());
  // Not yet committed: still absent, and the cache may say so.
  EXPECT_FALSE(*cache.exists("images/a/layer"));
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_TRUE(*cache.exists("images/a/layer"));
  EXPECT_EQ(cache.stat("images/a/layer")->size, 5u);
}

TEST_F(CachingStorageTest, RemovingForgetsTheSubtreeAndTheDirectoriesAbove) {
  ASSERT_TRUE(cache.put("repositories/ns/r/tag_latest", "id").ok());
  EXPECT_TRUE(*cache.exists("repositories/ns/r"));
  EXPECT_TRUE(*cache.exists("repositories/ns"));
  EXPECT_EQ(*cache.get("repositories/ns/r/tag_latest"), "id");
  ASSERT_TRUE(cache.remove("repositories/ns/r").ok());
  EXPECT_FALSE(*cache.exists("repositories/ns/r"));
  EXPECT_FALSE(*cache.exists("repositories/ns"));  // pruned with its last child
  EXPECT_EQ(cache.get("repositories/ns/r/tag_latest").error().code, ErrorCode::kNotFound);
}

TEST_F(CachingStorageTest, AChildPutMakesItsDirectoriesExist) {
  EXPECT_FALSE(*cache.exists("images/b"));
  ASSERT_TRUE(cache.put("images/b/json", "{}").ok());
  EXPECT_TRUE(*cache.exists("images/b"));
}

TEST_F(CachingStorageTest, LargeValuesAreNotKept) {
  const std::string large(17, 'x');  // above max_value_bytes
  ASSERT_TRUE(cache.put("big", large).ok());
  EXPECT_EQ(*cache.get("big"), large);
  ASSERT_TRUE(backend->put("big", "changed").ok());
  EXPECT_EQ(*cache.get("big"), "changed");
}

TEST_F(CachingStorageTest, MemoryStaysUnderItsBound) {
  for (int i = 0; i < 200; ++i) {
    std::string key = "k/" + std::to_string(i);
    ASSERT_TRUE(cache.put(key, "0123456789").ok());
    ASSERT_TRUE(cache.get(key).ok());
    EXPECT_LE(cache.counters().bytes, 4096u);
  }
}

TEST_F(CachingStorageTest, InvalidKeysAreRefusedAndNotRemembered) {
  EXPECT_EQ(cache.get("../x").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(cache.exists("a//b").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(cache.counters().entries, 0u);
}

// Readers racing a writer may see any value the writer put, and after the writer is done every
// reader sees its last value: no older answer was left behind in the cache.
TEST_F(CachingStorageTest, ReadersRacingWritesEndOnTheLastValue) {
  constexpr int kWrites = 300;
  std::atomic<bool> done{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!done.load()) {
        auto value = cache.get("counter");
        if (value.ok()) {
          EXPECT_LE(std::stoi(*value), kWrites);
        }
      }
    });
  }
  for (int i = 1; i <= kWrites; ++i) ASSERT_TRUE(cache.put("counter", std::to_string(i)).ok());
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(*cache.get("counter"), std::to_string(kWrites));
}

}  // namespace
}  // namespace drydock::storage
