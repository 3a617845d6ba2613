// `drydock serve --storage s3://...` and `--storage swift://...` as a process, against the Swift
// the test command starts: the runner's push and pull flows pass, and the layers they pushed are
// in the object store. Credentials reach it through the environment and through a file.
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "core/testing/drydock_process.h"
#include "drydock/simulator/storage/object_storage_url.h"
#include "testing/server_env.h"

namespace drydock::storage {
namespace {

[[maybe_unused]] const auto* const kSwift =
    ::testing::AddGlobalTestEnvironment(new testing::RequireServer("swift"));

class ServeOnObjectStorage : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "drydock-serve-storage-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    url_ = std::string(GetParam()) + "://drydock-serve-tests/" + dir_.filename().string();
    const auto& env = testing::server_env("swift");
    if (std::string(GetParam()) == "s3") {
      settings_.endpoint = env.at("S3_ENDPOINT");
      credentials_ = {"DRYDOCK_S3_ACCESS_KEY=" + env.at("S3_ACCESS_KEY"),
                      "DRYDOCK_S3_SECRET_KEY=" + env.at("S3_SECRET_KEY")};
    } else {
      settings_.endpoint = env.at("SWIFT_AUTH_URL");
      credentials_ = {"DRYDOCK_SWIFT_USER=" + env.at("SWIFT_USER"),
                      "DRYDOCK_SWIFT_KEY=" + env.at("SWIFT_KEY")};
    }
  }

  void TearDown() override {
    auto storage = open_object_storage(url_, settings_);
    auto keys = storage.ok() ? (*storage)->list("")
                             : Result<std::vector<std::string>>(std::vector<std::string>());
    if (keys.ok()) {
      for (const std::string& key : *keys) (void)(*storage)->remove(key);
    }
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::string url_;
  ObjectStorageSettings settings_;
  std::vector<std::string> credentials_;  // NAME=value
};

TEST_P(ServeOnObjectStorage, PushAndPullGoThroughTheObjectStore) {
  // S3's credentials come from the environment, Swift's from a file.
  simulator::testing::ProcessSetup setup;
  std::vector<std::string> args = {"serve",
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--quiet",
                                   "--data",
                                   (dir_ / "data").string(),
                                   "--storage",
                                   url_,
                                   "--storage-endpoint",
                                   settings_.endpoint,
                                   "--password-iterations",
                                   "1",
                                   "--admin",
                                   "store_admin:store-secret-1"};
  if (std::string(GetParam()) == "s3") {
    setup.extra_env = credentials_;
  } else {
    settings_.credentials_file = (dir_ / "credentials").string();
    std::ofstream file(settings_.credentials_file);
    for (const std::string& line : credentials_) file << line << "\n";
    file.close();
    args.insert(args.end(), {"--storage-credentials", settings_.credentials_file});
  }
  simulator::testing::DrydockProcess drydock(args, setup);
  ASSERT_TRUE(drydock.started());
  std::string index = drydock.read_line();
  ASSERT_TRUE(index.starts_with("index    http://127.0.0.1:")) << index;
  std::string url = index.substr(index.find("http://"));
  url.pop_back();  // the newline

  std::string check = std::string(DRYDOCK_BINARY) + " check --index " + url +
                      " --admin store_admin --admin-password store-secret-1 --only "
                      "flows/pushUserRepository,flows/pullUserRepository --report-dir " +
                      (dir_ / "reports").string() + " >" + (dir_ / "check.log").string() + " 2>&1";
  int status = std::system(check.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << check << "\n"
      << std::ifstream(dir_ / "check.log").rdbuf();

  for (const std::string& line : credentials_) {
    ::setenv(line.substr(0, line.find('=')).c_str(), line.substr(line.find('=') + 1).c_str(), 1);
  }
  auto storage = open_object_storage(url_, settings_);
  ASSERT_TRUE(storage.ok()) << storage.error().message;
  EXPECT_FALSE((*storage)->list("")->empty()) << "nothing was stored under " << url_;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "layers"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "data" / "index.db"));

  drydock.signal(SIGTERM);
  EXPECT_EQ(drydock.wait(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeOnObjectStorage, ::testing::Values("s3", "swift"),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace drydock::storage
