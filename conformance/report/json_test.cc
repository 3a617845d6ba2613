#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

TEST(JsonReport, ParsesBackWithRunInfoAndSummary) {
  json doc = json::parse(render_json(testing::sample_report()));
  EXPECT_EQ(doc["tool"]["version"], "0.1.0");
  EXPECT_EQ(doc["spec_version"], "index 1.0 / registry 1.0");
  EXPECT_EQ(doc["run"]["profile"], "compat");
  EXPECT_EQ(doc["run"]["config"]["jobs"], 2);
  EXPECT_EQ(doc["summary"]["counts"]["pass"], 1);
  EXPECT_EQ(doc["summary"]["counts"]["fail"], 2);
  EXPECT_EQ(doc["summary"]["overall"], "error");
  EXPECT_EQ(doc["summary"]["requests"], 4);
}

TEST(JsonReport, EveryResultWithItsExchanges) {
  json doc = json::parse(render_json(testing::sample_report()));
  ASSERT_EQ(doc["results"].size(), 6u);
  const json& fail = doc["results"][1];
  EXPECT_EQ(fail["id"], "registry/images/put-layer/missing-json");
  EXPECT_EQ(fail["outcome"], "fail");
  EXPECT_EQ(fail["acceptable"], json({"400", "401 with WWW-Authenticate"}));
  EXPECT_EQ(fail["source"]["document"], "registry-api-v1.md");
  EXPECT_EQ(fail["message"], std::string(testing::kNastyMessage));
  ASSERT_EQ(fail["exchanges"].size(), 2u);
  EXPECT_EQ(fail["exchanges"][0]["request"]["method"], "POST");
  EXPECT_EQ(fail["exchanges"][1]["request"]["body"]["streamed"], true);
  EXPECT_EQ(fail["exchanges"][1]["response"]["body"]["encoding"], "base64");
  EXPECT_EQ(fail["exchanges"][1]["response"]["body"]["size"], 100000);
  EXPECT_EQ(doc["results"][2]["exchanges"][0]["error"], "Recv failure: Connection reset by peer");
  EXPECT_EQ(doc["results"][5]["baseline"]["reason"], "known: ticket 12");
}

}  // namespace
}  // namespace drydock::conformance
