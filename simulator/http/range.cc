#include "drydock/simulator/http/range.h"

#include <charconv>
#include <cstring>
#include <memory>

namespace drydock::simulator::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parses a non-empty run of digits. Returns nullopt on anything else or overflow.
std::optional<uint64_t> parse_digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// Shifts a provider so that offset 0 is `first` of the underlying body.
BodyProvider shifted(BodyProvider provider, uint64_t first) {
  return [provider = std::move(provider), first](uint64_t offset, Sink& sink) {
    return provider(first + offset, sink);
  };
}

}  // namespace

RangeDecision judge_range(std::optional<std::string_view> header, uint64_t size) {
  if (!header) return {};
  const RangeDecision ignored{RangeVerdict::kIgnored, {}};
  const RangeDecision unsatisfiable{RangeVerdict::kUnsatisfiable, {}};
  std::string_view spec = trim(*header);
  constexpr std::string_view kUnit = "bytes=";
  if (spec.size() < kUnit.size() || spec.substr(0, kUnit.size()) != kUnit) return ignored;
  spec = trim(spec.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return ignored;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return ignored;
  std::string_view first_text = trim(spec.substr(0, dash));
  std::string_view last_text = trim(spec.substr(dash + 1));

  if (first_text.empty()) {  // bytes=-n: the last n bytes
    auto suffix = parse_digits(last_text);
    if (!suffix) return ignored;
    if (*suffix == 0 || size == 0) return unsatisfiable;
    uint64_t n = *suffix < size ? *suffix : size;
    return {RangeVerdict::kSatisfiable, {size - n, size - 1}};
  }
  auto first = parse_digits(first_text);
  if (!first) return ignored;
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = parse_digits(last_text);
    if (!last || *last < *first) return ignored;
  }
  if (*first >= size) return unsatisfiable;
  uint64_t end = (!last || *last >= size) ? size - 1 : *last;
  return {RangeVerdict::kSatisfiable, {*first, end}};
}

std::string content_range(const ByteRange& range, uint64_t size, ContentRangeForm form) {
  return (form == ContentRangeForm::kHttp ? "bytes " : "") + std::to_string(range.first) + "-" +
         std::to_string(range.last) + "/" + std::to_string(size);
}

std::string unsatisfied_content_range(uint64_t size) {
  return "bytes */" + std::to_string(size);
}

Reply ranged_stream(const RangeDecision& decision, uint64_t size, const BodyProvider& provider,
                    std::string_view content_type, ContentRangeForm form) {
  Reply reply;
  switch (decision.verdict) {
    case RangeVerdict::kSatisfiable:
      reply = Reply::stream(206, decision.range.length(), shifted(provider, decision.range.first),
                            content_type);
      reply.headers.set("Content-Range", content_range(decision.range, size, form));
      break;
    case RangeVerdict::kUnsatisfiable:
      reply = Reply::bytes(416, "", content_type);
      reply.headers.set("Content-Range", unsatisfied_content_range(size));
      break;
    case RangeVerdict::kNone:
    case RangeVerdict::kIgnored:
      reply = size == 0 ? Reply::bytes(200, "", content_type)
                        : Reply::stream(200, size, provider, content_type);
      break;
  }
  reply.headers.set("Accept-Ranges", "bytes");
  return reply;
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
  static constexpr const char* kFormats[] = {
      "%a, %d %b %Y %H:%M:%S GMT",  // IMF-fixdate
      "%A, %d-%b-%y %H:%M:%S GMT",  // RFC 850
      "%a %b %e %H:%M:%S %Y",       // asctime
  };
  std::string copy(trim(text));
  for (const char* format : kFormats) {
    std::tm tm{};
    const char* end = ::strptime(copy.c_str(), format, &tm);
    if (end != nullptr && *end == '\0') return ::timegm(&tm);
  }
  return std::nullopt;
}

std::string format_http_date(std::time_t time) {
  std::tm tm{};
  ::gmtime_r(&time, &tm);
  char buffer[64];
  size_t n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buffer, n);
}

Freshness judge_if_modified_since(std::optional<std::string_view> header,
                                  std::time_t last_modified) {
  if (!header) return Freshness::kNoCondition;
  auto since = parse_http_date(*header);
  if (!since) return Freshness::kModified;
  return last_modified <= *since ? Freshness::kNotModified : Freshness::kModified;
}

}  // namespace drydock::simulator::http
