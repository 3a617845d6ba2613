// A process killed in the middle of a large upload leaves nothing readable in the object store,
// for another process (another node) opening the same bucket or container afterwards.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "drydock/simulator/storage/object_storage_url.h"
#include "testing/server_env.h"

namespace drydock::storage {
namespace {

[[maybe_unused]] const auto* const kSwift =
    ::testing::AddGlobalTestEnvironment(new testing::RequireServer("swift"));

class ObjectStorageCrash : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const auto& env = testing::server_env("swift");
    std::string scheme = GetParam();
    url_ = scheme + "://drydock-crash-tests/" + std::to_string(::getpid());
    if (scheme == "s3") {
      settings_.endpoint = env.at("S3_ENDPOINT");
      ::setenv("DRYDOCK_S3_ACCESS_KEY", env.at("S3_ACCESS_KEY").c_str(), 1);
      ::setenv("DRYDOCK_S3_SECRET_KEY", env.at("S3_SECRET_KEY").c_str(), 1);
    } else {
      settings_.endpoint = env.at("SWIFT_AUTH_URL");
      ::setenv("DRYDOCK_SWIFT_USER", env.at("SWIFT_USER").c_str(), 1);
      ::setenv("DRYDOCK_SWIFT_KEY", env.at("SWIFT_KEY").c_str(), 1);
    }
  }

  std::string url_;
  ObjectStorageSettings settings_;
};

TEST_P(ObjectStorageCrash, AnUploadCutShortByAKillIsNeverReadable) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // More than one part (8 MiB by default) goes out before the kill.
    auto storage = open_object_storage(url_, settings_);
    if (!storage.ok()) ::_exit(1);
    auto writer = (*storage)->write("images/abc/layer");
    if (!writer.ok() || !(*writer)->append(std::string((8 << 20) + 1, 'x')).ok()) ::_exit(1);
    if (::write(ready[1], "r", 1) != 1) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1) << "the writer failed before the kill";
  ::close(ready[0]);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);

  auto storage = open_object_storage(url_, settings_);
  ASSERT_TRUE(storage.ok()) << storage.error().message;
  EXPECT_FALSE(*(*storage)->exists("images/abc/layer"));
  EXPECT_EQ((*storage)->get("images/abc/layer").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE((*storage)->list("")->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ObjectStorageCrash, ::testing::Values("s3", "swift"),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace drydock::storage
