#include "drydock/common/base64.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

// RFC 4648 section 10.
TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesBasicAuthCredentials) {
  EXPECT_EQ(base64_decode("dXNlcjpwYXNzd29yZA=="), "user:password");
}

TEST(Base64, RoundTripsAllByteValues) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t n = 0; n < 5; ++n) {
    const std::string bytes = all.substr(n);
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
  }
}

TEST(Base64, DecodesTheEmptyString) {
  EXPECT_EQ(base64_decode(""), "");
}

TEST(Base64, RejectsALengthNotAMultipleOfFour) {
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9vY"), std::nullopt);
}

TEST(Base64, RejectsCharactersOutsideTheAlphabet) {
  EXPECT_EQ(base64_decode("Zm9*"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9v\n"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm 9"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm-_"), std::nullopt);  // URL-safe alphabet is not Basic auth's
}

TEST(Base64, RejectsPaddingInTheMiddle) {
  EXPECT_EQ(base64_decode("Zg==Zm9v"), std::nullopt);
  EXPECT_EQ(base64_decode("Z=9v"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm=v"), std::nullopt);
  EXPECT_EQ(base64_decode("===="), std::nullopt);
}

TEST(Base64, RejectsNonCanonicalTrailingBits) {
  EXPECT_EQ(base64_decode("Zh=="), std::nullopt);  // "Zg==" with a stray low bit
  EXPECT_EQ(base64_decode("Zm9="), std::nullopt);  // "Zm8=" with a stray low bit
}

}  // namespace
}  // namespace drydock
