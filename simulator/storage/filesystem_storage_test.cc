#include "drydock/simulator/storage/filesystem_storage.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "storage_suite.h"

namespace drydock::storage {
namespace {

std::unique_ptr<Storage> make_filesystem(const std::filesystem::path& scratch) {
  auto storage = FilesystemStorage::open(scratch / "root");
  return storage.ok() ? std::move(storage).value() : nullptr;
}

INSTANTIATE_TEST_SUITE_P(Filesystem, StorageSuite,
                         ::testing::Values(StorageBackend{"Filesystem", &make_filesystem}),
                         StorageBackendName());

class FilesystemStorageTest : public StorageSuite {};

TEST_P(FilesystemStorageTest, ObjectsAreFilesUnderTheRoot) {
  put("images/abc/json", "{}");
  std::ifstream file(scratch() / "root" / "images" / "abc" / "json");
  std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "{}");
}

TEST_P(FilesystemStorageTest, ReopeningKeepsObjectsAndDropsStaleTemporaries) {
  put("images/abc/json", "{}");
  auto writer = storage().write("images/abc/layer");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append("half a layer").ok());
  // A second process opening the same root (the first died mid-write) sees the committed object
  // and none of the half-written one.
  auto reopened = FilesystemStorage::open(scratch() / "root");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(*(*reopened)->get("images/abc/json"), "{}");
  EXPECT_FALSE(*(*reopened)->exists("images/abc/layer"));
  EXPECT_TRUE(std::filesystem::is_empty(scratch() / "root" / ".drydock-tmp"));
  EXPECT_FALSE((*writer)->commit().ok());  // its temporary file is gone
}

INSTANTIATE_TEST_SUITE_P(Filesystem, FilesystemStorageTest,
                         ::testing::Values(StorageBackend{"Filesystem", &make_filesystem}),
                         StorageBackendName());

namespace fs = std::filesystem;

// A FilesystemStorage's directory, written through it, then read through a read-only view.
class ReadOnlyFilesystemStorage : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "drydock-ro-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    auto writable = FilesystemStorage::open(root_);
    ASSERT_TRUE(writable.ok());
    ASSERT_TRUE((*writable)->put("images/a/json", "{\"id\":\"a\"}").ok());
    ASSERT_TRUE((*writable)->put("images/a/layer", "layer bytes").ok());
    auto opened = FilesystemStorage::open_read_only(root_);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  std::unique_ptr<FilesystemStorage> store_;
};

TEST_F(ReadOnlyFilesystemStorage, ReadsWhatTheFilesystemStorageWrote) {
  EXPECT_EQ(store_->get("images/a/json").value_or(""), "{\"id\":\"a\"}");
  EXPECT_EQ(store_->stat("images/a/layer").value_or(Stat{}).size, 11u);
  auto reader = store_->read("images/a/layer", 6);
  ASSERT_TRUE(reader.ok());
  char buf[16];
  EXPECT_EQ((*reader)->read(buf, sizeof buf).value_or(0), 5u);
  EXPECT_EQ(std::string(buf, 5), "bytes");
  EXPECT_EQ(store_->list("images/a").value_or({}),
            (std::vector<std::string>{"images/a/json", "images/a/layer"}));
  EXPECT_EQ(store_->list("").value_or({}), std::vector<std::string>{"images"});
  EXPECT_TRUE(store_->exists("images/a").value_or(false));
  EXPECT_EQ(store_->get("images/b/json").error().code, ErrorCode::kNotFound);
}

TEST_F(ReadOnlyFilesystemStorage, ChangesNothing) {
  EXPECT_EQ(store_->put("images/b/json", "{}").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(store_->write("images/b/layer").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(store_->remove("images/a").error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(fs::exists(root_ / "images/a/layer"));
  EXPECT_FALSE(fs::exists(root_ / "images/b"));
}

TEST_F(ReadOnlyFilesystemStorage, LeavesAnotherProcesssTemporaryFilesAlone) {
  std::ofstream(root_ / ".drydock-tmp" / "w-inflight") << "half a layer";
  auto again = FilesystemStorage::open_read_only(root_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(fs::exists(root_ / ".drydock-tmp" / "w-inflight"));
  EXPECT_EQ((*again)->list("").value_or({}), std::vector<std::string>{"images"});
}

TEST(ReadOnlyFilesystemStorageOpen, RefusesAMissingDirectory) {
  auto opened = FilesystemStorage::open_read_only("/nonexistent/drydock-store");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace drydock::storage
