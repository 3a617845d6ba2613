#include "text.h"

#include <cstdio>
#include <ctime>

namespace drydock::conformance::report {
namespace {

// Returns the length of the valid UTF-8 sequence at text[i], or 0 if it is invalid.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = (c >= 0xC2 && c <= 0xDF)   ? 2
                  : (c >= 0xE0 && c <= 0xEF) ? 3
                  : (c >= 0xF0 && c <= 0xF4) ? 4
                                             : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char c1 = byte(i + 1);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
      (c == 0xF4 && c1 > 0x8F)) {
    return 0;  // overlong, surrogate or beyond U+10FFFF
  }
  return n;
}

bool is_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = utf8_sequence(text, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool is_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = utf8_sequence(text, i);
    if (n == 0 || (n == 1 && is_control(static_cast<unsigned char>(text[i])))) return false;
    i += n;
  }
  return true;
}

std::string markup_escape(std::string_view raw) {
  std::string text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      default:
        if (is_control(c)) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\x%02X", c);
          out.append(buffer);
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? kAlphabet[v & 63] : '=');
  }
  return out;
}

std::string iso8601(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  auto millis = duration_cast<milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis % 1000));
  return buffer;
}

std::string body_text(std::string_view body, std::uint64_t size, bool truncated) {
  if (size == 0 && body.empty()) return "";
  if (body.empty()) return "<" + std::to_string(size) + " bytes, not kept>";
  if (!is_text(body)) return "<" + std::to_string(size) + " bytes of binary data>";
  std::string out(body);
  if (truncated) {
    out += "\n<... first " + std::to_string(body.size()) + " of " + std::to_string(size) +
           " bytes shown>";
  }
  return out;
}

std::string exchange_text(const Exchange& e) {
  std::string out = "> " + e.request.method + " " + e.request.url + "\n";
  for (const Header& h : e.request.headers) out += "> " + h.name + ": " + h.value + "\n";
  std::string request_body =
      e.request.streamed ? e.request.body : body_text(e.request.body, e.request.body_size, false);
  if (!request_body.empty()) out += ">\n" + request_body + "\n";
  if (e.response.status != 0) {
    out += "< " + e.response.http_version + " " + std::to_string(e.response.status) + " " +
           e.response.reason + "\n";
    for (const Header& h : e.response.headers) out += "< " + h.name + ": " + h.value + "\n";
    std::string response_body =
        body_text(e.response.body, e.response.body_size, e.response.body_truncated);
    if (!response_body.empty()) out += "<\n" + response_body + "\n";
  }
  if (!e.error.empty()) out += "! " + e.error + "\n";
  char timing[64];
  std::snprintf(timing, sizeof(timing), "(%.1f ms)\n", e.timings.total_ms);
  out += timing;
  return out;
}

}  // namespace drydock::conformance::report
