// The Range and If-Modified-Since judges on any header value and body size: a satisfiable range
// lies inside the body, and its Content-Range names it.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "drydock/simulator/http/range.h"
#include "fuzz_input.h"

using namespace drydock::simulator::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  drydock::fuzz::FuzzInput input(data, size);
  const uint64_t body_size = input.take_number(8);
  const std::string_view header = input.take_line();

  RangeDecision decision = judge_range(header, body_size);
  if (decision.verdict == RangeVerdict::kNone) std::abort();  // a header was given
  if (decision.verdict == RangeVerdict::kSatisfiable) {
    const ByteRange& range = decision.range;
    if (range.first > range.last || range.last >= body_size) std::abort();
    const std::string text = content_range(range, body_size);
    if (text != "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                    std::to_string(body_size)) {
      std::abort();
    }
  }
  const std::string_view date = input.rest();
  if (auto parsed = parse_http_date(date); parsed && *parsed >= 0 && *parsed < (1LL << 33)) {
    // A date of years 1970..2242 formats back to one that parses to the same time.
    if (parse_http_date(format_http_date(*parsed)) != parsed) std::abort();
  }
  judge_if_modified_since(date, static_cast<std::time_t>(body_size % (uint64_t{1} << 40)));
  return 0;
}
