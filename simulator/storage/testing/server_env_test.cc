#include "server_env.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace drydock::testing {
namespace {

class ServerEnvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "drydock-servers-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    ::setenv("DRYDOCK_SERVERS_DIR", dir_.c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("DRYDOCK_SERVERS_DIR");
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
};

TEST_F(ServerEnvTest, ReadsKeyValueLines) {
  std::ofstream(dir_ / "swift.env") << "# comment\nS3_ENDPOINT=http://127.0.0.1:1\n\nKEY=a=b\n";
  auto env = load_server_env("swift");
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(*env, (ServerEnv{{"S3_ENDPOINT", "http://127.0.0.1:1"}, {"KEY", "a=b"}}));
}

TEST_F(ServerEnvTest, AMissingFileSaysTheServerIsNotRunning) {
  auto env = load_server_env("swift");
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.error().message.find("swift is not running"), std::string::npos)
      << env.error().message;
}

TEST_F(ServerEnvTest, AMissingDirectorySaysHowToRunTheTest) {
  ::unsetenv("DRYDOCK_SERVERS_DIR");
  auto env = load_server_env("swift");
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.error().message.find("DRYDOCK_SERVERS_DIR is not set"), std::string::npos)
      << env.error().message;
}

}  // namespace
}  // namespace drydock::testing
