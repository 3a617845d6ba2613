#include "drydock/common/utf8.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

TEST(Utf8, AcceptsAsciiAndEveryEncodedLength) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("/v1/_ping"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9"));          // U+00E9
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));      // U+20AC
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x90\xB3"));  // U+1F433
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(Utf8, RefusesAStrayContinuationByte) {
  EXPECT_FALSE(is_valid_utf8("/\x84"));
}

TEST(Utf8, RefusesATruncatedSequence) {
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x90"));
}

TEST(Utf8, RefusesOverlongForms) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
}

TEST(Utf8, RefusesSurrogatesAndCodePointsPastTheLast) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8, GivesTheLengthOfOneSequence) {
  EXPECT_EQ(utf8_sequence_length("a\xE2\x82\xAC", 1), 3u);
  EXPECT_EQ(utf8_sequence_length("a\x84", 1), 0u);
}

}  // namespace
}  // namespace drydock
