#include "step_request.h"

#include <gtest/gtest.h>

namespace drydock::conformance {
namespace {

TEST(PercentEncode, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(percent_encode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(percent_encode("a/b c%"), "a%2Fb%20c%25");
  EXPECT_EQ(percent_encode("\xff"), "%FF");
}

TEST(BlobSource, StreamsInChunksAndEachCopyStartsOver) {
  BodySource source = blob_source(std::make_shared<const std::string>("abcdefg"));
  BodySource copy = source;
  char buffer[3];
  std::string read;
  for (;;) {
    auto n = source(buffer);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    read.append(buffer, *n);
  }
  EXPECT_EQ(read, "abcdefg");
  auto n = copy(buffer);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buffer, *n), "abc");
}

}  // namespace
}  // namespace drydock::conformance
