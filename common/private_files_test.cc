#include "drydock/common/private_files.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace drydock {
namespace {

namespace fs = std::filesystem;

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// A fresh temporary directory, and a umask that would let everyone read what is created in it
// unless the code under test sets modes itself. Both undone at the end.
class PrivateFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "drydock-private-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    old_umask_ = ::umask(0);
  }
  void TearDown() override {
    ::umask(old_umask_);
    fs::remove_all(root_);
  }

  fs::path root_;
  mode_t old_umask_ = 0;
};

TEST_F(PrivateFiles, CreatesEachMissingDirectoryOwnerOnly) {
  ASSERT_TRUE(create_private_directories(root_ / "a" / "b").ok());
  EXPECT_EQ(mode_of(root_ / "a"), 0700u);
  EXPECT_EQ(mode_of(root_ / "a" / "b"), 0700u);
}

TEST_F(PrivateFiles, RefusesAPathThroughAFile) {
  std::ofstream(root_ / "file") << "x";
  EXPECT_FALSE(create_private_directories(root_ / "file" / "dir").ok());
}

TEST_F(PrivateFiles, CreatesAFileOwnerOnlyAndLeavesAnExistingOne) {
  ASSERT_TRUE(create_private_file(root_ / "index.db").ok());
  EXPECT_EQ(mode_of(root_ / "index.db"), 0600u);
  std::ofstream(root_ / "index.db") << "kept";
  ASSERT_TRUE(create_private_file(root_ / "index.db").ok());
  EXPECT_EQ(fs::file_size(root_ / "index.db"), 4u);
}

TEST_F(PrivateFiles, OpensAMissingDataDirectoryAsOwnerOnly) {
  ASSERT_TRUE(open_private_directory(root_ / "state" / "drydock").ok());
  EXPECT_EQ(mode_of(root_ / "state" / "drydock"), 0700u);
}

TEST_F(PrivateFiles, RefusesADataDirectoryOthersCanReadSayingHowToFixIt) {
  fs::create_directory(root_ / "data");
  ::chmod((root_ / "data").c_str(), 0755);
  auto opened = open_private_directory(root_ / "data");
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("mode 0755"), std::string::npos) << opened.error().message;
  EXPECT_NE(opened.error().message.find("chmod 700"), std::string::npos) << opened.error().message;
}

// A data directory of an older version: private now, but its files were made readable by all.
TEST_F(PrivateFiles, TightensWhatIsInsideAPrivateDataDirectory) {
  fs::create_directories(root_ / "data" / "layers" / "images");
  std::ofstream(root_ / "data" / "index.db") << "secret";
  ::chmod((root_ / "data").c_str(), 0700);
  ::chmod((root_ / "data" / "layers").c_str(), 0755);
  ::chmod((root_ / "data" / "layers" / "images").c_str(), 0775);
  ::chmod((root_ / "data" / "index.db").c_str(), 0644);
  ASSERT_TRUE(open_private_directory(root_ / "data").ok());
  EXPECT_EQ(mode_of(root_ / "data" / "layers"), 0700u);
  EXPECT_EQ(mode_of(root_ / "data" / "layers" / "images"), 0700u);
  EXPECT_EQ(mode_of(root_ / "data" / "index.db"), 0600u);
}

}  // namespace
}  // namespace drydock
