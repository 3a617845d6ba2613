#pragma once
// Byte ranges (RFC 7233, one range per request) and If-Modified-Since, judged by us rather than the
// HTTP library (protocol-notes 8: clients resume layer downloads with Range; section 2: cacheable
// GETs answer 304 to If-Modified-Since).

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "drydock/simulator/http/reply.h"

namespace drydock::simulator::http {

struct ByteRange {
  uint64_t first = 0;  // first byte sent
  uint64_t last = 0;   // last byte sent, inclusive
  uint64_t length() const { return last - first + 1; }
};

enum class RangeVerdict {
  kNone,           // no Range header
  kIgnored,        // malformed, another unit, or several ranges: answer the whole body (200)
  kSatisfiable,    // answer `range` (206, Content-Range: bytes a-b/size)
  kUnsatisfiable,  // answer 416, Content-Range: bytes */size
};

struct RangeDecision {
  RangeVerdict verdict = RangeVerdict::kNone;
  ByteRange range;  // meaningful when kSatisfiable
};

// Judges a Range header (`bytes=a-b`, `bytes=a-`, `bytes=-n`) against a body of `size` bytes.
// An end past the body is clamped to its last byte.
RangeDecision judge_range(std::optional<std::string_view> header, uint64_t size);

// How a 206's Content-Range is written: HTTP's "bytes a-b/size", or docker-registry's "a-b/size"
// without the unit (protocol-notes 10.22).
enum class ContentRangeForm { kHttp, kWithoutUnit };

// "bytes a-b/size" (or "a-b/size") and "bytes */size".
std::string content_range(const ByteRange& range, uint64_t size,
                          ContentRangeForm form = ContentRangeForm::kHttp);
std::string unsatisfied_content_range(uint64_t size);

// Returns the reply for `decision` over a body of `size` bytes that `provider` streams from any
// offset: 200 with the whole body, 206 with the range, or 416 with an empty body. Adds
// Accept-Ranges: bytes.
Reply ranged_stream(const RangeDecision& decision, uint64_t size, const BodyProvider& provider,
                    std::string_view content_type, ContentRangeForm form = ContentRangeForm::kHttp);

// An HTTP date (RFC 7231 IMF-fixdate, also RFC 850 and asctime forms when parsing).
std::optional<std::time_t> parse_http_date(std::string_view text);
std::string format_http_date(std::time_t time);

enum class Freshness {
  kNoCondition,  // no If-Modified-Since
  kNotModified,  // answer 304
  kModified,     // answer the body; also for an unparseable date (RFC 7232 3.3)
};
// Judges If-Modified-Since against the resource's Last-Modified time.
Freshness judge_if_modified_since(std::optional<std::string_view> header,
                                  std::time_t last_modified);

}  // namespace drydock::simulator::http
