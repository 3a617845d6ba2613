#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

TEST(HarReport, HasTheHar12Skeleton) {
  json har = json::parse(render_har(testing::sample_report()));
  EXPECT_EQ(har["log"]["version"], "1.2");
  EXPECT_EQ(har["log"]["creator"]["name"], "drydock");
  EXPECT_EQ(har["log"]["creator"]["version"], "0.1.0");
  ASSERT_EQ(har["log"]["entries"].size(), 3u);
}

TEST(HarReport, EntriesCarryRequestResponseAndTimings) {
  json entries = json::parse(render_har(testing::sample_report()))["log"]["entries"];
  for (const json& e : entries) {
    for (const char* key : {"startedDateTime", "time", "request", "response", "cache", "timings"}) {
      EXPECT_TRUE(e.contains(key)) << key;
    }
    EXPECT_TRUE(e["request"]["headers"].is_array());
    EXPECT_TRUE(e["response"]["headers"].is_array());
    EXPECT_GE(e["timings"]["wait"].get<double>(), 0);
    EXPECT_TRUE(e["startedDateTime"].get<std::string>().ends_with("Z"));
  }
  const json& login = entries[0];
  EXPECT_EQ(login["comment"], "index/users/login");
  EXPECT_EQ(login["request"]["postData"]["mimeType"], "application/json");
  EXPECT_EQ(login["response"]["status"], 200);
  EXPECT_EQ(login["time"], 3.25);
  const json& put = entries[1];
  EXPECT_EQ(put["request"]["queryString"],
            json::parse(R"([{"name":"x","value":"1"},{"name":"y","value":""}])"));
  EXPECT_EQ(put["request"]["postData"]["text"], "<5 bytes streamed>");
  EXPECT_EQ(put["response"]["content"]["encoding"], "base64");
  EXPECT_EQ(put["response"]["content"]["size"], 100000);
  EXPECT_EQ(entries[2]["response"]["_error"], "Recv failure: Connection reset by peer");
}

TEST(HarReport, FallsBackToTheExchangesOfResults) {
  Report report = testing::sample_report();
  report.transcript.clear();
  json entries = json::parse(render_har(report))["log"]["entries"];
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0]["comment"], "registry/ping/ok");
}

TEST(HarReport, AnUnfinishedRunSaysSoInTheLogComment) {
  EXPECT_FALSE(json::parse(render_har(testing::sample_report()))["log"].contains("comment"));
  Report interrupted = testing::sample_report();
  interrupted.summary.interrupted = true;
  EXPECT_EQ(json::parse(render_har(interrupted))["log"]["comment"],
            "interrupted by a signal: the exchanges so far");
  Report fatal;
  fatal.summary.fatal = "http://r.test/v1/_ping answered 404";
  EXPECT_EQ(json::parse(render_har(fatal))["log"]["comment"],
            "no check ran: http://r.test/v1/_ping answered 404");
}

}  // namespace
}  // namespace drydock::conformance
