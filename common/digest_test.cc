#include "drydock/common/digest.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

TEST(Sha256, HashesTheEmptyMessage) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, HashesAbc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, StreamingEqualsOneShot) {
  Sha256 h;
  h.update("a");
  h.update("");
  h.update("bc");
  EXPECT_EQ(h.finish_hex(), sha256_hex("abc"));
}

TEST(Sha256, FinishReturnsThirtyTwoRawBytes) {
  Sha256 h;
  h.update("abc");
  const std::string raw = h.finish();
  ASSERT_EQ(raw.size(), Sha256::kDigestSize);
  EXPECT_EQ(to_hex(raw), sha256_hex("abc"));
}

TEST(Sha256, FinishResetsForTheNextMessage) {
  Sha256 h;
  h.update("abc");
  (void)h.finish();
  h.update("abc");
  EXPECT_EQ(h.finish_hex(), sha256_hex("abc"));
}

TEST(Sha256, SurvivesAMove) {
  Sha256 a;
  a.update("ab");
  Sha256 b = std::move(a);
  b.update("c");
  EXPECT_EQ(b.finish_hex(), sha256_hex("abc"));
}

// RFC 4231 test case 2.
TEST(HmacSha256, MatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, AcceptsAnEmptyKey) {
  EXPECT_EQ(hmac_sha256_hex("", ""),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacSha256, RawIsThirtyTwoBytesOfTheHex) {
  EXPECT_EQ(to_hex(hmac_sha256("k", "d")), hmac_sha256_hex("k", "d"));
  EXPECT_EQ(hmac_sha256("k", "d").size(), 32u);
}

TEST(ConstantTimeEqual, EqualStrings) {
  EXPECT_TRUE(constant_time_equal("signature", "signature"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(ConstantTimeEqual, RejectsDifferentBytesOrLengths) {
  EXPECT_FALSE(constant_time_equal("signature", "signaturE"));
  EXPECT_FALSE(constant_time_equal("sig", "signature"));
  EXPECT_FALSE(constant_time_equal("", "x"));
}

TEST(Hex, RoundTripsAllByteValues) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  const std::string hex = to_hex(all);
  EXPECT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(hex.substr(hex.size() - 4), "feff");
  EXPECT_EQ(from_hex(hex), all);
}

TEST(Hex, DecodesUpperCase) {
  EXPECT_EQ(from_hex("ABcd"), std::string("\xab\xcd"));
}

TEST(Hex, RejectsOddLength) {
  EXPECT_EQ(from_hex("abc"), std::nullopt);
}

TEST(Hex, RejectsNonHexDigits) {
  EXPECT_EQ(from_hex("zz"), std::nullopt);
  EXPECT_EQ(from_hex("0g"), std::nullopt);
}

TEST(RandomBytes, ReturnsTheRequestedLength) {
  EXPECT_EQ(random_bytes(0).size(), 0u);
  EXPECT_EQ(random_bytes(33).size(), 33u);
}

TEST(RandomBytes, DiffersBetweenCalls) {
  EXPECT_NE(random_bytes(16), random_bytes(16));
}

}  // namespace
}  // namespace drydock
