#include "storage_suite.h"

#include <stdlib.h>

#include <atomic>
#include <thread>
#include <vector>

namespace drydock::storage {

namespace fs = std::filesystem;

namespace {

constexpr size_t kChunk = 64 * 1024;        // per append()/read(): bounds the test's memory
constexpr uint64_t kBigSize = 64ull << 20;  // a layer far larger than any chunk

// The byte at `position` of the big stream: varies so a misplaced chunk is noticed.
char pattern_byte(uint64_t position) {
  return static_cast<char>((position * 2654435761u) >> 13);
}

void fill_pattern(char* buf, size_t n, uint64_t position) {
  for (size_t i = 0; i < n; ++i) buf[i] = pattern_byte(position + i);
}

// Returns the position of the first byte of `buf` that breaks the pattern, or -1.
int64_t pattern_mismatch(const char* buf, size_t n, uint64_t position) {
  for (size_t i = 0; i < n; ++i) {
    if (buf[i] != pattern_byte(position + i)) return static_cast<int64_t>(position + i);
  }
  return -1;
}

}  // namespace

void StorageSuite::SetUp() {
  std::string pattern = (fs::path(::testing::TempDir()) / "drydock-storage-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  scratch_ = pattern;
  storage_ = GetParam().make(scratch_);
  ASSERT_NE(storage_, nullptr);
}

void StorageSuite::TearDown() {
  // Nothing left behind: once every object is removed, no file remains in the scratch directory.
  if (storage_ != nullptr) {
    auto top = storage_->list("");
    ASSERT_TRUE(top.ok());
    for (const std::string& key : *top) EXPECT_TRUE(storage_->remove(key).ok()) << key;
    EXPECT_EQ(files_in_scratch(), 0u) << "files left behind in " << scratch_;
  }
  storage_.reset();
  std::error_code ec;
  fs::remove_all(scratch_, ec);
}

void StorageSuite::put(const std::string& key, const std::string& value) {
  auto stored = storage_->put(key, value);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
}

std::string StorageSuite::get(const std::string& key) {
  auto value = storage_->get(key);
  EXPECT_TRUE(value.ok()) << key << ": " << value.error().message;
  return value.ok() ? *value : std::string();
}

std::string StorageSuite::read_all(const std::string& key, uint64_t offset, size_t chunk) {
  auto reader = storage_->read(key, offset);
  EXPECT_TRUE(reader.ok()) << key << ": " << reader.error().message;
  if (!reader.ok()) return {};
  std::string out;
  std::vector<char> buf(chunk);
  while (true) {
    auto n = (*reader)->read(buf.data(), buf.size());
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) return out;
    out.append(buf.data(), *n);
  }
}

size_t StorageSuite::files_in_scratch() const {
  size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(scratch_)) {
    if (entry.is_regular_file()) ++count;
  }
  return count;
}

TEST_P(StorageSuite, PutThenGetReturnsTheValue) {
  put("images/abc/json", "{\"id\":\"abc\"}");
  EXPECT_EQ(get("images/abc/json"), "{\"id\":\"abc\"}");
}

TEST_P(StorageSuite, EmptyObjectsExist) {
  put("images/abc/_inprogress", "");
  EXPECT_EQ(get("images/abc/_inprogress"), "");
  EXPECT_EQ(storage().stat("images/abc/_inprogress")->size, 0u);
}

TEST_P(StorageSuite, GetOfMissingKeyIsNotFound) {
  auto value = storage().get("images/missing/json");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().code, ErrorCode::kNotFound);
}

TEST_P(StorageSuite, OverwriteReplacesTheValue) {
  put("a/b", "a long first value");
  put("a/b", "short");
  EXPECT_EQ(get("a/b"), "short");
  EXPECT_EQ(storage().stat("a/b")->size, 5u);
}

TEST_P(StorageSuite, ReadStartsAtEveryOffset) {
  const std::string value = "0123456789abcdefghij";
  put("layer", value);
  for (uint64_t offset = 0; offset <= value.size(); ++offset) {
    EXPECT_EQ(read_all("layer", offset, 3), value.substr(offset)) << "offset " << offset;
  }
}

TEST_P(StorageSuite, ReadPastTheEndIsNotSatisfiable) {
  put("layer", "12345");
  auto reader = storage().read("layer", 6);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code, ErrorCode::kRangeNotSatisfiable);
}

TEST_P(StorageSuite, ReadOfMissingKeyIsNotFound) {
  auto reader = storage().read("nothing/here", 0);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code, ErrorCode::kNotFound);
}

TEST_P(StorageSuite, StatGivesSizeAndCommitTime) {
  auto before = std::chrono::system_clock::now() - std::chrono::seconds(2);
  put("images/abc/layer", std::string(1000, 'x'));
  auto st = storage().stat("images/abc/layer");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->size, 1000u);
  EXPECT_GE(st->mtime, before);
  EXPECT_LE(st->mtime, std::chrono::system_clock::now() + std::chrono::seconds(2));
}

TEST_P(StorageSuite, StatOfDirectoryIsNotFound) {
  put("images/abc/layer", "x");
  auto st = storage().stat("images/abc");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kNotFound);
}

TEST_P(StorageSuite, BigStreamGoesThroughInBoundedChunks) {
  auto writer = storage().write("images/big/layer");
  ASSERT_TRUE(writer.ok());
  std::vector<char> buf(kChunk);
  for (uint64_t pos = 0; pos < kBigSize; pos += kChunk) {
    fill_pattern(buf.data(), kChunk, pos);
    ASSERT_TRUE((*writer)->append(std::string_view(buf.data(), kChunk)).ok());
  }
  EXPECT_EQ((*writer)->size(), kBigSize);
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_EQ(storage().stat("images/big/layer")->size, kBigSize);

  for (uint64_t start : {uint64_t{0}, kBigSize / 2 + 12345}) {
    auto reader = storage().read("images/big/layer", start);
    ASSERT_TRUE(reader.ok());
    uint64_t pos = start;
    while (true) {
      auto n = (*reader)->read(buf.data(), buf.size());
      ASSERT_TRUE(n.ok());
      if (*n == 0) break;
      ASSERT_EQ(pattern_mismatch(buf.data(), *n, pos), -1);
      pos += *n;
    }
    EXPECT_EQ(pos, kBigSize);
  }
}

TEST_P(StorageSuite, ConcurrentReadersEachSeeTheWholeObject) {
  std::string value(1 << 20, '\0');
  fill_pattern(value.data(), value.size(), 0);
  put("images/shared/layer", value);
  constexpr int kReaders = 8;
  std::atomic<int> intact{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&, i] {
      auto reader = storage().read("images/shared/layer", 0);
      if (!reader.ok()) return;
      std::string got;
      std::vector<char> buf(1000 + static_cast<size_t>(i) * 37);  // different chunkings
      while (true) {
        auto n = (*reader)->read(buf.data(), buf.size());
        if (!n.ok()) return;
        if (*n == 0) break;
        got.append(buf.data(), *n);
      }
      if (got == value) ++intact;
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(intact.load(), kReaders);
}

TEST_P(StorageSuite, ReaderKeepsItsObjectAcrossAnOverwrite) {
  put("layer", "first version");
  auto reader = storage().read("layer", 0);
  ASSERT_TRUE(reader.ok());
  put("layer", "second");
  char buf[64];
  auto n = (*reader)->read(buf, sizeof buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), "first version");
}

TEST_P(StorageSuite, NothingIsVisibleBeforeCommit) {
  auto writer = storage().write("images/abc/layer");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append("partial").ok());
  EXPECT_FALSE(*storage().exists("images/abc/layer"));
  EXPECT_FALSE(*storage().exists("images/abc"));
  EXPECT_TRUE(storage().list("")->empty());
  ASSERT_TRUE((*writer)->append(" layer").ok());
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_EQ(get("images/abc/layer"), "partial layer");
}

TEST_P(StorageSuite, CancelledWriterLeavesNothing) {
  auto writer = storage().write("images/abc/layer");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append(std::string(100000, 'x')).ok());
  (*writer)->cancel();
  (*writer)->cancel();  // idempotent
  EXPECT_FALSE(*storage().exists("images/abc/layer"));
  EXPECT_TRUE(storage().list("")->empty());
  EXPECT_EQ(files_in_scratch(), 0u);
}

TEST_P(StorageSuite, WriterDestroyedMidwayLeavesNothing) {
  {
    auto writer = storage().write("images/abc/layer");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->append(std::string(100000, 'x')).ok());
  }
  EXPECT_FALSE(*storage().exists("images/abc/layer"));
  EXPECT_EQ(files_in_scratch(), 0u);
}

TEST_P(StorageSuite, CancelledOverwriteKeepsTheOldObject) {
  put("images/abc/layer", "old");
  {
    auto writer = storage().write("images/abc/layer");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->append("new").ok());
  }
  EXPECT_EQ(get("images/abc/layer"), "old");
  EXPECT_LE(files_in_scratch(), 1u);
}

TEST_P(StorageSuite, WriterIsSpentAfterCommit) {
  auto writer = storage().write("k");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_FALSE((*writer)->append("more").ok());
  EXPECT_FALSE((*writer)->commit().ok());
  (*writer)->cancel();  // a no-op after commit
  EXPECT_EQ(get("k"), "");
}

TEST_P(StorageSuite, InvalidKeysAreRejectedByEveryCall) {
  const std::string invalid[] = {"",
                                 "/abs",
                                 "a/../b",
                                 "..",
                                 "a/..",
                                 "./a",
                                 "a//b",
                                 "a/",
                                 "a/./b",
                                 ".drydock-tmp/x",
                                 std::string("a\0b", 3)};
  for (const std::string& key : invalid) {
    SCOPED_TRACE("key \"" + key + "\"");
    EXPECT_EQ(storage().get(key).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(storage().put(key, "x").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(storage().read(key, 0).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(storage().write(key).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(storage().stat(key).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(storage().remove(key).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(storage().exists(key).error().code, ErrorCode::kInvalidArgument);
    if (!key.empty()) {
      EXPECT_EQ(storage().list(key).error().code, ErrorCode::kInvalidArgument);
    }
  }
  EXPECT_EQ(files_in_scratch(), 0u);
}

TEST_P(StorageSuite, ListGivesDirectChildrenSorted) {
  put("repositories/library/busybox/tag_latest", "a");
  put("repositories/library/busybox/json", "{}");
  put("repositories/library/ubuntu/tag_14.04", "b");
  put("repositories/alice/app/tag_v1", "c");
  put("images/abc/json", "{}");
  EXPECT_EQ(*storage().list(""), (std::vector<std::string>{"images", "repositories"}));
  EXPECT_EQ(*storage().list("repositories"),
            (std::vector<std::string>{"repositories/alice", "repositories/library"}));
  EXPECT_EQ(*storage().list("repositories/library/busybox"),
            (std::vector<std::string>{"repositories/library/busybox/json",
                                      "repositories/library/busybox/tag_latest"}));
}

TEST_P(StorageSuite, ListOfMissingDirectoryIsEmpty) {
  put("a/b", "x");
  EXPECT_TRUE(storage().list("nothing")->empty());
  EXPECT_TRUE(storage().list("a/b")->empty());  // an object has no children
  EXPECT_TRUE(storage().list("ab")->empty());   // a prefix of a name is not a directory
}

TEST_P(StorageSuite, RemoveIsRecursive) {
  put("repositories/library/busybox/tag_latest", "a");
  put("repositories/library/busybox/json", "{}");
  put("repositories/library/ubuntu/tag_latest", "b");
  ASSERT_TRUE(storage().remove("repositories/library/busybox").ok());
  EXPECT_FALSE(*storage().exists("repositories/library/busybox"));
  EXPECT_FALSE(*storage().exists("repositories/library/busybox/json"));
  EXPECT_EQ(get("repositories/library/ubuntu/tag_latest"), "b");
  EXPECT_EQ(*storage().list("repositories/library"),
            (std::vector<std::string>{"repositories/library/ubuntu"}));
}

TEST_P(StorageSuite, RemovingTheLastObjectRemovesItsDirectories) {
  put("repositories/library/busybox/tag_latest", "a");
  ASSERT_TRUE(storage().remove("repositories/library/busybox/tag_latest").ok());
  EXPECT_FALSE(*storage().exists("repositories/library/busybox"));
  EXPECT_FALSE(*storage().exists("repositories"));
  EXPECT_TRUE(storage().list("")->empty());
}

TEST_P(StorageSuite, RemoveOfMissingKeyIsNotFound) {
  auto removed = storage().remove("images/missing");
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, ErrorCode::kNotFound);
}

TEST_P(StorageSuite, ExistsForObjectsAndDirectories) {
  put("images/abc/json", "{}");
  EXPECT_TRUE(*storage().exists("images/abc/json"));
  EXPECT_TRUE(*storage().exists("images/abc"));
  EXPECT_TRUE(*storage().exists("images"));
  EXPECT_FALSE(*storage().exists("images/ab"));
  EXPECT_FALSE(*storage().exists("images/abc/json/more"));
}

TEST_P(StorageSuite, KeyCannotBeBothObjectAndDirectory) {
  put("a/b", "object");
  auto under_object = storage().put("a/b/c", "x");
  ASSERT_FALSE(under_object.ok());
  EXPECT_EQ(under_object.error().code, ErrorCode::kConflict);
  auto over_directory = storage().put("a", "x");
  ASSERT_FALSE(over_directory.ok());
  EXPECT_EQ(over_directory.error().code, ErrorCode::kConflict);
  EXPECT_EQ(get("a/b"), "object");
}

TEST_P(StorageSuite, ConcurrentWritersAndRemoversKeepTheTreeConsistent) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string key = "repositories/ns/repo/tag_" + std::to_string(t);
      for (int round = 0; round < kRounds; ++round) {
        if (!storage().put(key, std::to_string(round)).ok()) ++failures;
        auto value = storage().get(key);
        if (!value.ok() || *value != std::to_string(round)) ++failures;
        if (!storage().remove(key).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_FALSE(*storage().exists("repositories"));
}

}  // namespace drydock::storage
