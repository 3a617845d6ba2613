#include "drydock/simulator/storage/object_storage_url.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace drydock::storage {
namespace {

TEST(ObjectStorageUrl, ParsesBucketAndPrefix) {
  auto url = parse_object_storage_url("s3://layers/drydock/prod/");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->scheme, "s3");
  EXPECT_EQ(url->container, "layers");
  EXPECT_EQ(url->prefix, "drydock/prod");
}

TEST(ObjectStorageUrl, ThePrefixMayBeEmpty) {
  auto url = parse_object_storage_url("swift://registry");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->scheme, "swift");
  EXPECT_EQ(url->container, "registry");
  EXPECT_EQ(url->prefix, "");
}

TEST(ObjectStorageUrl, RefusesOtherSchemesAndMissingNames) {
  for (const char* bad :
       {"layers", "gs://bucket", "s3:///prefix", "s3://bucket/a//b", "swift://c/../x"}) {
    auto url = parse_object_storage_url(bad);
    ASSERT_FALSE(url.ok()) << bad;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(ObjectStorageUrl, MissingCredentialsAreNamed) {
  ::unsetenv("DRYDOCK_S3_ACCESS_KEY");
  auto storage = open_object_storage("s3://bucket", {"http://127.0.0.1:1", "us-east-1", ""});
  ASSERT_FALSE(storage.ok());
  EXPECT_NE(storage.error().message.find("DRYDOCK_S3_ACCESS_KEY"), std::string::npos)
      << storage.error().message;
}

TEST(ObjectStorageUrl, AnEndpointIsRequired) {
  auto storage = open_object_storage("swift://c", {});
  ASSERT_FALSE(storage.ok());
  EXPECT_NE(storage.error().message.find("--storage-endpoint"), std::string::npos);
}

TEST(ObjectStorageUrl, ReadsTheCredentialsFile) {
  auto path = std::filesystem::path(::testing::TempDir()) / "drydock-credentials-test";
  std::ofstream(path) << "# for the layers\nDRYDOCK_SWIFT_USER=acct:user\r\n\n"
                      << "DRYDOCK_SWIFT_KEY=a=b\n";
  auto values = read_credentials_file(path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(values.ok()) << values.error().message;
  EXPECT_EQ(*values, (std::map<std::string, std::string>{{"DRYDOCK_SWIFT_USER", "acct:user"},
                                                         {"DRYDOCK_SWIFT_KEY", "a=b"}}));
}

}  // namespace
}  // namespace drydock::storage
