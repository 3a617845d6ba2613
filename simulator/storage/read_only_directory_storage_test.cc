#include "drydock/simulator/storage/read_only_directory_storage.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "drydock/simulator/storage/filesystem_storage.h"

namespace drydock::storage {
namespace {

namespace fs = std::filesystem;

// A FilesystemStorage's directory, written through it, then read through the read-only view.
class ReadOnlyDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "drydock-ro-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    auto writable = FilesystemStorage::open(root_);
    ASSERT_TRUE(writable.ok());
    ASSERT_TRUE((*writable)->put("images/a/json", "{\"id\":\"a\"}").ok());
    ASSERT_TRUE((*writable)->put("images/a/layer", "layer bytes").ok());
    auto opened = ReadOnlyDirectoryStorage::open(root_);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  std::unique_ptr<ReadOnlyDirectoryStorage> store_;
};

TEST_F(ReadOnlyDirectory, ReadsWhatTheFilesystemStorageWrote) {
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

TEST_F(ReadOnlyDirectory, ChangesNothing) {
  EXPECT_EQ(store_->put("images/b/json", "{}").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(store_->write("images/b/layer").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(store_->remove("images/a").error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(fs::exists(root_ / "images/a/layer"));
  EXPECT_FALSE(fs::exists(root_ / "images/b"));
}

TEST_F(ReadOnlyDirectory, LeavesAnotherProcesssTemporaryFilesAlone) {
  std::ofstream(root_ / ".drydock-tmp" / "w-inflight") << "half a layer";
  auto again = ReadOnlyDirectoryStorage::open(root_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(fs::exists(root_ / ".drydock-tmp" / "w-inflight"));
  EXPECT_EQ((*again)->list("").value_or({}), std::vector<std::string>{"images"});
}

TEST(ReadOnlyDirectoryOpen, RefusesAMissingDirectory) {
  auto opened = ReadOnlyDirectoryStorage::open("/nonexistent/drydock-store");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace drydock::storage
