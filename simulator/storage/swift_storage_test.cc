#include "drydock/simulator/storage/swift_storage.h"

#include <nlohmann/json.hpp>

#include "object_http.h"
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

// The names in the segments container under this test's prefix, as Swift's own API lists them.
std::vector<std::string> segments_of_test(const std::filesystem::path& scratch) {
  const auto& env = testing::server_env("swift");
  HttpClient client;
  HttpRequest auth;
  auth.url = env.at("SWIFT_AUTH_URL");
  auth.headers = {{"x-auth-user", env.at("SWIFT_USER")}, {"x-auth-key", env.at("SWIFT_KEY")}};
  auto session = client.send(auth);
  EXPECT_TRUE(session.ok() && session->status == 200);
  if (!session.ok()) return {};
  HttpRequest listing;
  listing.url = session->header("x-storage-url") + "/drydock-tests_segments?format=json&prefix=" +
                url_encode("suite/" + scratch.filename().string() + "/", false);
  listing.headers = {{"x-auth-token", session->header("x-auth-token")}};
  auto names = client.send(listing);
  EXPECT_TRUE(names.ok() && (names->status == 200 || names->status == 204));
  std::vector<std::string> segments;
  if (!names.ok() || names->status != 200) return segments;
  for (const auto& entry : nlohmann::json::parse(names->body)) segments.push_back(entry["name"]);
  return segments;
}

// The upload a segment belongs to: ".../layer/<upload>/00000001" -> ".../layer/<upload>".
std::string upload_of(const std::string& segment) {
  return segment.substr(0, segment.rfind('/'));
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

// Writes `size` bytes of `fill` to `key` through a Writer: segments of 1 MiB past the first.
void write_large(Storage& storage, const std::string& key, size_t size, char fill) {
  auto writer = storage.write(key);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append(std::string(size, fill)).ok());
  ASSERT_TRUE((*writer)->commit().ok());
}

TEST_P(SwiftStorageTest, OverwritingALargeObjectDeletesTheOldSegments) {
  write_large(storage(), "images/abc/layer", (2 << 20) + 1, 'x');
  auto first = segments_of_test(scratch());
  ASSERT_EQ(first.size(), 3u);

  write_large(storage(), "images/abc/layer", (2 << 20) + 2, 'y');
  auto second = segments_of_test(scratch());
  ASSERT_EQ(second.size(), 3u);  // the new upload's, and none of the old one's
  EXPECT_NE(upload_of(second[0]), upload_of(first[0]));
  EXPECT_EQ(upload_of(second[0]), upload_of(second[2]));
  EXPECT_EQ(read_all("images/abc/layer", (2u << 20) - 1, 1 << 16), "yyy");

  put("images/abc/layer", "small now");  // one PUT, no segments of its own
  EXPECT_EQ(segments_of_test(scratch()), std::vector<std::string>());
  EXPECT_EQ(get("images/abc/layer"), "small now");
}

TEST_P(SwiftStorageTest, RemovingALargeObjectDeletesItsSegments) {
  write_large(storage(), "images/abc/layer", (1 << 20) + 1, 'x');
  write_large(storage(), "images/def/layer", (1 << 20) + 1, 'z');
  ASSERT_EQ(segments_of_test(scratch()).size(), 4u);
  ASSERT_TRUE(storage().remove("images/abc/layer").ok());
  auto left = segments_of_test(scratch());
  ASSERT_EQ(left.size(), 2u);  // those of the object still there
  EXPECT_NE(left[0].find("/images/def/layer/"), std::string::npos) << left[0];
  EXPECT_FALSE(*storage().exists("images/abc/layer"));
  ASSERT_TRUE(storage().remove("images").ok());  // a directory: each object beneath goes
  EXPECT_EQ(segments_of_test(scratch()), std::vector<std::string>());
}

TEST_P(SwiftStorageTest, AReaderOfAReplacedLargeObjectReadsItWholeOrFails) {
  const size_t size = (3 << 20) + 1;
  write_large(storage(), "images/abc/layer", size, 'x');
  auto reader = storage().read("images/abc/layer", 0);
  ASSERT_TRUE(reader.ok());
  std::string got(16, '\0');
  auto n = (*reader)->read(got.data(), got.size());
  ASSERT_TRUE(n.ok());
  got.resize(*n);
  write_large(storage(), "images/abc/layer", size, 'y');  // the old segments are deleted now
  std::vector<char> buf(1 << 16);
  while (true) {
    auto more = (*reader)->read(buf.data(), buf.size());
    if (!more.ok()) {
      EXPECT_EQ(more.error().code, ErrorCode::kIo) << more.error().message;
      return;  // failed: acceptable, as long as it says so
    }
    if (*more == 0) break;
    got.append(buf.data(), *more);
  }
  EXPECT_EQ(got, std::string(size, 'x'));  // or else it read the old object whole
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
