// A simulator on a data directory keeps everything across a restart: layers, tags, accounts, and
// the token secret, so tokens issued before the restart still verify after it.
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/testing/push_pull.h"
#include "drydock/simulator/simulator.h"
#include "drydock/spec/spec.h"

namespace drydock::simulator {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "drydock-persistence-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Options on_disk(const std::string& data_dir) {
  Options options;
  options.listen = "127.0.0.1:0";
  options.data_dir = data_dir;
  options.password_iterations = 1;
  options.check_responses = true;
  return options;
}

TEST(Persistence, PullAfterARestartOnTheSameDataDirectory) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  fixtures::ImageChain chain = fixtures::make_image_chain("persistence", 2);
  fixtures::TestUser user = fixtures::make_user("persistence");
  std::string repository = user.username + "/kept";
  std::string token_before;
  {
    Simulator first(spec::Spec::embedded());
    auto bound = first.start(on_disk(dir.path()));
    ASSERT_TRUE(bound.ok()) << bound.error().message;
    testing::V1Client client(*bound, user, repository);
    ASSERT_NO_FATAL_FAILURE(client.register_user());
    ASSERT_NO_FATAL_FAILURE(client.push(chain, "latest"));
    token_before = client.request_read_token();
    first.stop();
    EXPECT_EQ(first.response_violations(), 0u);
  }
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir.path()) / "index.db"));
  EXPECT_TRUE(std::filesystem::is_directory(std::filesystem::path(dir.path()) / "layers"));
  // The password hash was stored with the configured count of rounds.
  EXPECT_NE(file_bytes(std::filesystem::path(dir.path()) / "index.db").find("pbkdf2-sha256$1$"),
            std::string::npos);

  // A hash carries its own count: a restart with another count still verifies the old ones.
  Options other_count = on_disk(dir.path());
  other_count.password_iterations = 2;
  Simulator second(spec::Spec::embedded());
  auto bound = second.start(other_count);
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  testing::V1Client client(*bound, user, repository);
  client.use_token(token_before);  // issued by the first process
  auto tags = client.registry_get("/v1/repositories/" + repository + "/tags");
  ASSERT_TRUE(tags);
  EXPECT_EQ(tags->status, 200) << tags->body;
  ASSERT_NO_FATAL_FAILURE(client.pull(chain, "latest"));  // logs in again: the account persists
  second.stop();
  EXPECT_EQ(second.response_violations(), 0u);
}

// Issue 12: index.db holds the token signing key and was created 0644 in a data directory anyone
// could read. Now the directory and everything in it is the server's user's alone, whatever the
// umask: 0700 for directories, 0600 for files (SQLite's -wal and -shm, layers, metadata).
TEST(Persistence, EverythingInTheDataDirectoryIsPrivate) {
  TempDir parent;
  ASSERT_FALSE(parent.path().empty());
  const std::filesystem::path data = std::filesystem::path(parent.path()) / "new" / "data";
  const mode_t old_umask = ::umask(0);
  Simulator simulator(spec::Spec::embedded());
  auto bound = simulator.start(on_disk(data.string()));
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  fixtures::TestUser user = fixtures::make_user("private");
  testing::V1Client client(*bound, user, user.username + "/private");
  ASSERT_NO_FATAL_FAILURE(client.register_user());
  ASSERT_NO_FATAL_FAILURE(client.push(fixtures::make_image_chain("private", 2), "latest"));

  // While it runs, so that SQLite's -wal and -shm files are there too.
  std::vector<std::string> seen;
  auto mode_of = [](const std::filesystem::path& path) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    return st.st_mode & 07777;
  };
  EXPECT_EQ(mode_of(data), 0700u);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
    seen.push_back(entry.path().filename().string());
    EXPECT_EQ(mode_of(entry.path()), entry.is_directory() ? 0700u : 0600u) << entry.path();
  }
  simulator.stop();
  ::umask(old_umask);
  EXPECT_NE(std::find(seen.begin(), seen.end(), "index.db"), seen.end());
  EXPECT_NE(std::find(seen.begin(), seen.end(), "index.db-wal"), seen.end());
  EXPECT_NE(std::find(seen.begin(), seen.end(), "layer"), seen.end());
}

}  // namespace
}  // namespace drydock::simulator
