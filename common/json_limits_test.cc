#include "drydock/common/json_limits.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace drydock {
namespace {

std::string nested_arrays(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(JsonTextDepth, CountsArraysAndObjects) {
  EXPECT_EQ(json_text_depth("1"), 0u);
  EXPECT_EQ(json_text_depth("[]"), 1u);
  EXPECT_EQ(json_text_depth(R"({"a": [1, {"b": {}}]})"), 4u);
  EXPECT_EQ(json_text_depth("[[], [[]], []]"), 3u);
}

TEST(JsonTextDepth, IgnoresBracketsInsideStrings) {
  EXPECT_EQ(json_text_depth(R"(["[[[{{{", "\"[[["])"), 1u);
}

TEST(JsonTextDepth, StopsOnceDeeperThanAsked) {
  EXPECT_EQ(json_text_depth(nested_arrays(1000), 10), 11u);
}

TEST(JsonValueDepth, MatchesTheTextsDepth) {
  const std::string text = R"({"config": {"ExposedPorts": {"80/tcp": {}}}, "x": [[1]]})";
  EXPECT_EQ(json_value_depth(nlohmann::json::parse(text)), 4u);
  EXPECT_EQ(json_value_depth(nlohmann::json(7)), 0u);
  EXPECT_EQ(json_value_depth(nlohmann::json::parse(nested_arrays(300)), 100), 101u);
}

TEST(ParseJson, ParsesARealImageJson) {
  auto parsed = parse_json(R"({"id": "abc", "config": {"ExposedPorts": {"80/tcp": {}}}})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["id"], "abc");
}

TEST(ParseJson, AcceptsTheLimitItself) {
  EXPECT_TRUE(parse_json(nested_arrays(kMaxJsonDepth)).ok());
}

TEST(ParseJson, RefusesOneLevelPastTheLimitNamingIt) {
  auto parsed = parse_json(nested_arrays(kMaxJsonDepth + 1));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().message, "JSON nested deeper than 256 levels (the limit)");
}

// The body that stopped the simulator: 60,000 levels, 360 KB. Refused without building anything.
TEST(ParseJson, RefusesSixtyThousandLevelsInsideAKey) {
  std::string text =
      R"({"id": "x", "config": )" + std::string(60000, '[') + std::string(60000, ']') + "}";
  auto parsed = parse_json(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
}

TEST(ParseJson, ReportsMalformedTextByOffsetWithoutQuotingIt) {
  auto parsed = parse_json("{\"a\": \x84}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kParse);
  EXPECT_EQ(parsed.error().message.find('\x84'), std::string::npos);
  EXPECT_NE(parsed.error().message.find("malformed JSON at byte"), std::string::npos);
}

// Found by json_body_fuzz: nlohmann throws out_of_range, not parse_error, for a number past a
// double's range, and it escaped parse_json.
TEST(ParseJson, ReportsANumberPastADoublesRangeAsMalformed) {
  auto parsed = parse_json("[777777777777777777777E77777]");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kParse);
}

TEST(DumpJson, ReplacesBytesThatAreNotUtf8InsteadOfThrowing) {
  EXPECT_EQ(dump_json(nlohmann::json{{"error", "no tag \x84"}}), "{\"error\":\"no tag \uFFFD\"}");
}

TEST(ParseJson, RefusesUnbalancedDeepTextAsTooDeep) {
  EXPECT_EQ(parse_json(std::string(100000, '{')).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace drydock
