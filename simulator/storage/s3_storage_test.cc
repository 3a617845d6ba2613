#include "drydock/simulator/storage/s3_storage.h"

#include "storage_suite.h"
#include "testing/server_env.h"

namespace drydock::storage {
namespace {

// The Swift started by the test command, through its S3 API (s3api).
[[maybe_unused]] const auto* const kSwift =
    ::testing::AddGlobalTestEnvironment(new testing::RequireServer("swift"));

S3Options swift_s3(const std::string& prefix) {
  const auto& env = testing::server_env("swift");
  S3Options options;
  options.endpoint = env.at("S3_ENDPOINT");
  options.region = env.at("S3_REGION");
  options.access_key = env.at("S3_ACCESS_KEY");
  options.secret_key = env.at("S3_SECRET_KEY");
  options.bucket = "drydock-tests";
  options.prefix = prefix;
  options.part_size = 5 << 20;  // the smallest S3 allows: more parts for the suite's big layer
  return options;
}

// Each test keeps its objects under a prefix of its own, named after its scratch directory.
std::unique_ptr<Storage> make_s3(const std::filesystem::path& scratch) {
  auto storage = open_s3_storage(swift_s3("suite/" + scratch.filename().string()));
  EXPECT_TRUE(storage.ok()) << storage.error().message;
  return storage.ok() ? std::move(storage).value() : nullptr;
}

INSTANTIATE_TEST_SUITE_P(S3, StorageSuite, ::testing::Values(StorageBackend{"S3", &make_s3}),
                         StorageBackendName());

class S3StorageTest : public StorageSuite {};

TEST_P(S3StorageTest, AnUnfinishedMultipartUploadIsInvisibleToAnotherNode) {
  auto writer = storage().write("images/abc/layer");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append(std::string((5 << 20) + 1, 'x')).ok());  // one part sent
  // A second process (another node) over the same prefix sees nothing of it.
  auto other = make_s3(scratch());
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(*other->exists("images/abc/layer"));
  EXPECT_TRUE(other->list("")->empty());
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_EQ(other->stat("images/abc/layer")->size, (5u << 20) + 1);
}

TEST_P(S3StorageTest, KeysWithSpecialCharactersRoundTrip) {
  const std::string key = "repositories/ns/repo/tag_a b+c%d&e=f~g";
  put(key, "x");
  EXPECT_EQ(get(key), "x");
  EXPECT_EQ(*storage().list("repositories/ns/repo"), std::vector<std::string>{key});
}

TEST_P(S3StorageTest, WrongCredentialsAreRefused) {
  S3Options options = swift_s3("suite/refused");
  options.secret_key = "wrong";
  auto storage = open_s3_storage(options);
  ASSERT_FALSE(storage.ok());
  EXPECT_EQ(storage.error().code, ErrorCode::kForbidden) << storage.error().message;
}

INSTANTIATE_TEST_SUITE_P(S3, S3StorageTest, ::testing::Values(StorageBackend{"S3", &make_s3}),
                         StorageBackendName());

}  // namespace
}  // namespace drydock::storage
