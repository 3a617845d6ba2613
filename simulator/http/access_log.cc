#include "drydock/simulator/http/access_log.h"

#include <algorithm>
#include <cctype>

#include "drydock/common/utf8.h"

namespace drydock::simulator::http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "Token signature=abc,repository=..." -> "Token [redacted]".
std::string keep_scheme(std::string_view value) {
  size_t space = value.find(' ');
  if (space == std::string_view::npos) return std::string(kRedacted);
  return std::string(value.substr(0, space)) + " " + std::string(kRedacted);
}

// "a=1; b=2" -> "a=[redacted]; b=[redacted]"; attributes of Set-Cookie (Path, Max-Age...) stay.
std::string redact_cookie_values(std::string_view value, bool set_cookie) {
  std::string out;
  bool first_pair = true;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(';', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view pair = value.substr(start, end - start);
    size_t eq = pair.find('=');
    if (!out.empty()) out += ";";
    if (eq != std::string_view::npos && (first_pair || !set_cookie)) {
      out += std::string(pair.substr(0, eq + 1)) + std::string(kRedacted);
    } else {
      out += std::string(pair);
    }
    first_pair = false;
    start = end + 1;
  }
  return out;
}

bool secret_query_name(std::string_view name) {
  std::string n = lower(name);
  for (std::string_view word : {"token", "password", "secret", "signature", "key"}) {
    if (n.find(word) != std::string::npos) return true;
  }
  return false;
}

void append_escaped_byte(std::string& out, unsigned char byte) {
  constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

}  // namespace

std::string escape_for_log(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x20 || byte == 0x7f || byte == '"' || byte == '\\') {
      append_escaped_byte(out, byte);
      ++at;
      continue;
    }
    const size_t length = utf8_sequence_length(text, at);
    // C1 controls (U+0080..U+009F, 0xC2 0x80..0x9F) are terminal escapes too.
    const bool c1_control =
        length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[at + 1]) <= 0x9F;
    if (length == 0 || c1_control) {
      const size_t bad = length == 0 ? 1 : length;
      for (size_t i = 0; i < bad; ++i) {
        append_escaped_byte(out, static_cast<unsigned char>(text[at + i]));
      }
      at += bad;
      continue;
    }
    out.append(text.substr(at, length));
    at += length;
  }
  return out;
}

std::string redact_header(std::string_view name, std::string_view value) {
  std::string n = lower(name);
  if (n == "authorization" || n == "proxy-authorization" || n == "www-authenticate") {
    return keep_scheme(value);
  }
  if (n == "x-docker-token") {
    // A client asks for a token with the literal "true"; anything else is a token.
    return lower(value) == "true" ? std::string(value) : std::string(kRedacted);
  }
  if (n == "cookie") return redact_cookie_values(value, false);
  if (n == "set-cookie") return redact_cookie_values(value, true);
  return std::string(value);
}

std::string redact_query(std::string_view query) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    size_t eq = pair.find('=');
    if (!out.empty()) out += "&";
    if (eq != std::string_view::npos && secret_query_name(pair.substr(0, eq))) {
      out += std::string(pair.substr(0, eq + 1)) + std::string(kRedacted);
    } else {
      out += std::string(pair);
    }
    start = end + 1;
  }
  return out;
}

std::string format_access_line(const AccessRecord& record) {
  std::string target = record.target;
  if (size_t q = target.find('?'); q != std::string::npos) {
    target = target.substr(0, q + 1) + redact_query(std::string_view(target).substr(q + 1));
  }
  std::string line = escape_for_log(record.remote_address) + " \"" + escape_for_log(record.method) +
                     " " + escape_for_log(target) + "\" " + std::to_string(record.status) + " " +
                     std::to_string(record.bytes_sent) + " " + std::to_string(record.milliseconds) +
                     "ms";
  auto append = [&](const Headers& headers, std::string_view name, std::string_view label) {
    for (const auto& value : headers.get_all(name)) {
      line += " " + std::string(label) + "=\"" + escape_for_log(redact_header(name, value)) + "\"";
    }
  };
  append(record.request_headers, "Authorization", "auth");
  append(record.request_headers, "Cookie", "cookie");
  append(record.request_headers, "X-Docker-Token", "x-docker-token");
  append(record.reply_headers, "X-Docker-Token", "reply-x-docker-token");
  append(record.reply_headers, "WWW-Authenticate", "www-authenticate");
  append(record.reply_headers, "Set-Cookie", "set-cookie");
  return line;
}

}  // namespace drydock::simulator::http
