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

TEST(JsonReport, FeaturesAndCausesComeBeforeTheResults) {
  std::string text = render_json(testing::failing_report());
  EXPECT_LT(text.find("\"summary\""), text.find("\"features\""));
  EXPECT_LT(text.find("\"features\""), text.find("\"causes\""));
  EXPECT_LT(text.find("\"causes\""), text.find("\"results\""));
  json doc = json::parse(text);
  EXPECT_EQ(doc["summary"]["status"], "complete");
  EXPECT_EQ(doc["run"]["planned"], 11);
  ASSERT_EQ(doc["features"].size(), 12u);
  EXPECT_EQ(doc["features"][0], json::parse(R"({"feature": "ping", "status": "supported",
      "passed": 1, "not_supported": 0, "broken": 0, "other": 0, "broken_checks": []})"));
  EXPECT_EQ(doc["features"][3]["feature"], "push");
  EXPECT_EQ(doc["features"][3]["status"], "broken");
  EXPECT_EQ(doc["features"][10]["status"], "not supported");  // ranges
  EXPECT_EQ(doc["features"][9]["status"], "not checked");     // library
}

TEST(JsonReport, CausesNameTheirChecksAndHowToReproduceThem) {
  json doc = json::parse(render_json(testing::failing_report()));
  ASSERT_EQ(doc["causes"].size(), 3u);
  const json& push = doc["causes"][0];
  EXPECT_EQ(push["message"], "the reply has no X-Docker-Token header");
  EXPECT_EQ(push["count"], 3);
  EXPECT_EQ(push["failures"], json({"index/repositories/put-user-repository/ok"}));
  EXPECT_EQ(push["blocked"],
            json({"flows/pullUserRepository", "registry/images/get-image-json/ok"}));
  std::string curl = push["curl"]["command"];
  EXPECT_TRUE(curl.starts_with("curl -sS -i -X 'PUT' 'http://index.test/v1/repositories/")) << curl;
  EXPECT_NE(curl.find("-u \"$DRYDOCK_USER:$DRYDOCK_PASSWORD\""), std::string::npos);
  EXPECT_EQ(doc["causes"][1]["failures"].size(), 2u);  // the two layer mismatches
  EXPECT_EQ(doc["causes"][2]["outcome"], "error");
  // Each failing result carries its own command, and every result its feature row.
  for (const json& r : doc["results"]) {
    EXPECT_EQ(r.contains("curl"), r["outcome"] == "fail" || r["outcome"] == "error") << r["id"];
    EXPECT_TRUE(r.contains("feature"));
  }
}

TEST(JsonReport, SaysWhetherTheRunCompleted) {
  Report report = testing::failing_report();
  report.summary.interrupted = true;
  EXPECT_EQ(json::parse(render_json(report))["summary"]["status"], "interrupted");
  Report fatal;
  fatal.summary.fatal = "no v1 registry at http://r.test";
  json doc = json::parse(render_json(fatal));
  EXPECT_EQ(doc["summary"]["status"], "fatal");
  EXPECT_EQ(doc["summary"]["fatal"], "no v1 registry at http://r.test");
  EXPECT_TRUE(doc["causes"].empty());
}

}  // namespace
}  // namespace drydock::conformance
