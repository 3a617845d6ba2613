#include "drydock/simulator/http/range.h"

#include <gtest/gtest.h>

namespace drydock::simulator::http {
namespace {

constexpr uint64_t kSize = 1000;

TEST(Range, NoHeaderIsNone) {
  EXPECT_EQ(judge_range(std::nullopt, kSize).verdict, RangeVerdict::kNone);
}

TEST(Range, ClosedRangeIsSatisfiable) {
  auto d = judge_range("bytes=10-19", kSize);
  ASSERT_EQ(d.verdict, RangeVerdict::kSatisfiable);
  EXPECT_EQ(d.range.first, 10u);
  EXPECT_EQ(d.range.last, 19u);
  EXPECT_EQ(content_range(d.range, kSize), "bytes 10-19/1000");
}

TEST(Range, OpenEndRunsToTheLastByte) {
  auto d = judge_range("bytes=990-", kSize);
  ASSERT_EQ(d.verdict, RangeVerdict::kSatisfiable);
  EXPECT_EQ(d.range.last, 999u);
}

// protocol-notes 8: clients resume with an end of `size` (one past the last byte).
TEST(Range, EndPastTheBodyIsClamped) {
  auto d = judge_range("bytes=500-1000", kSize);
  ASSERT_EQ(d.verdict, RangeVerdict::kSatisfiable);
  EXPECT_EQ(d.range.last, 999u);
}

TEST(Range, SuffixTakesTheLastBytes) {
  auto d = judge_range("bytes=-100", kSize);
  ASSERT_EQ(d.verdict, RangeVerdict::kSatisfiable);
  EXPECT_EQ(d.range.first, 900u);
  EXPECT_EQ(d.range.last, 999u);
  EXPECT_EQ(judge_range("bytes=-5000", kSize).range.first, 0u);
}

TEST(Range, StartAtOrPastTheEndIsUnsatisfiable) {
  EXPECT_EQ(judge_range("bytes=1000-", kSize).verdict, RangeVerdict::kUnsatisfiable);
  EXPECT_EQ(judge_range("bytes=0-", 0).verdict, RangeVerdict::kUnsatisfiable);
  EXPECT_EQ(judge_range("bytes=-0", kSize).verdict, RangeVerdict::kUnsatisfiable);
  EXPECT_EQ(unsatisfied_content_range(kSize), "bytes */1000");
}

TEST(Range, MalformedIsIgnored) {
  for (const char* header : {"bytes=abc", "bytes=5-2", "items=0-1", "bytes=0-1,5-6", "bytes=-",
                             "bytes=1-x", "bytes", "bytes=99999999999999999999999-"}) {
    EXPECT_EQ(judge_range(header, kSize).verdict, RangeVerdict::kIgnored) << header;
  }
}

TEST(Range, RangedStreamAnswers206WithShiftedOffsets) {
  uint64_t seen = 0;
  BodyProvider provider = [&](uint64_t offset, Sink&) {
    seen = offset;
    return true;
  };
  Reply reply =
      ranged_stream(judge_range("bytes=10-19", kSize), kSize, provider, "application/octet-stream");
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(reply.headers.get("Content-Range"), "bytes 10-19/1000");
  EXPECT_EQ(reply.headers.get("Accept-Ranges"), "bytes");
  ASSERT_TRUE(reply.is_stream());
  EXPECT_EQ(std::get<StreamBody>(reply.body).length, 10u);
  struct NullSink : Sink {
    bool write(const char*, size_t) override { return true; }
    void done() override {}
  } sink;
  std::get<StreamBody>(reply.body).provider(3, sink);
  EXPECT_EQ(seen, 13u);
}

TEST(Range, RangedStreamAnswers416WithEmptyBody) {
  Reply reply =
      ranged_stream(judge_range("bytes=2000-", kSize), kSize, {}, "application/octet-stream");
  EXPECT_EQ(reply.status, 416);
  EXPECT_EQ(reply.headers.get("Content-Range"), "bytes */1000");
  EXPECT_EQ(reply.text(), "");
}

TEST(HttpDate, RoundTrips) {
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), 784111777);
  EXPECT_FALSE(parse_http_date("yesterday").has_value());
}

TEST(IfModifiedSince, JudgesAgainstLastModified) {
  EXPECT_EQ(judge_if_modified_since(std::nullopt, 0), Freshness::kNoCondition);
  EXPECT_EQ(judge_if_modified_since("Thu, 01 Jan 1970 00:00:00 GMT", 0), Freshness::kNotModified);
  EXPECT_EQ(judge_if_modified_since("Thu, 01 Jan 1970 00:00:00 GMT", 60), Freshness::kModified);
  EXPECT_EQ(judge_if_modified_since("garbage", 0), Freshness::kModified);
}

}  // namespace
}  // namespace drydock::simulator::http
