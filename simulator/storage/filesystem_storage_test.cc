#include "drydock/simulator/storage/filesystem_storage.h"

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

}  // namespace
}  // namespace drydock::storage
