#include "drydock/simulator/storage/swift_storage.h"

#include "storage_suite.h"
#include "testing/server_env.h"

namespace drydock::storage {
namespace {

// The Swift started by the test command, through its native API.
[[maybe_unused]] const auto* const kSwift =
    ::testing::AddGlobalTestEnvironment(new testing::RequireServer("swift"));

SwiftOptions swift(const std::string& prefix) {
  const auto& env = testing::server_env("swift");
  SwiftOptions options;
  options.auth_url = env.at("SWIFT_AUTH_URL");
  options.user = env.at("SWIFT_USER");
  options.key = env.at("SWIFT_KEY");
  options.container = "drydock-tests";
  options.prefix = prefix;
  options.part_size = 1 << 20;  // the smallest segment Swift allows: many for the big layer
  return options;
}

// Each test keeps its objects under a prefix of its own, named after its scratch directory.
std::unique_ptr<Storage> make_swift(const std::filesystem::path& scratch) {
  auto storage = open_swift_storage(swift("suite/" + scratch.filename().string()));
  EXPECT_TRUE(storage.ok()) << storage.error().message;
  return storage.ok() ? std::move(storage).value() : nullptr;
}

INSTANTIATE_TEST_SUITE_P(Swift, StorageSuite,
                         ::testing::Values(StorageBackend{"Swift", &make_swift}),
                         StorageBackendName());

class SwiftStorageTest : public StorageSuite {};

TEST_P(SwiftStorageTest, AnUnfinishedLargeObjectIsInvisibleToAnotherNode) {
  auto writer = storage().write("images/abc/layer");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append(std::string((2 << 20) + 1, 'x')).ok());  // two segments sent
  auto other = make_swift(scratch());
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(*other->exists("images/abc/layer"));
  EXPECT_TRUE(other->list("")->empty());
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_EQ(other->stat("images/abc/layer")->size, (2u << 20) + 1);
  EXPECT_EQ(read_all("images/abc/layer", (2u << 20) - 1), "xx");
}

TEST_P(SwiftStorageTest, KeysWithSpecialCharactersRoundTrip) {
  const std::string key = "repositories/ns/repo/tag_a b+c%d&e=f~g";
  put(key, "x");
  EXPECT_EQ(get(key), "x");
  EXPECT_EQ(*storage().list("repositories/ns/repo"), std::vector<std::string>{key});
}

TEST_P(SwiftStorageTest, WrongCredentialsAreRefused) {
  SwiftOptions options = swift("suite/refused");
  options.key = "wrong";
  auto storage = open_swift_storage(options);
  ASSERT_FALSE(storage.ok());
  EXPECT_EQ(storage.error().code, ErrorCode::kUnauthorized) << storage.error().message;
}

INSTANTIATE_TEST_SUITE_P(Swift, SwiftStorageTest,
                         ::testing::Values(StorageBackend{"Swift", &make_swift}),
                         StorageBackendName());

}  // namespace
}  // namespace drydock::storage
