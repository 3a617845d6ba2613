#include "drydock/conformance/redact.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <vector>

namespace drydock::conformance {
namespace {

constexpr std::string_view kPasswordKeys[] = {"password", "passwd", "secret"};

// The key of the secrets whose first three bytes are at `p`.
std::uint32_t prefix_key(const char* p) {
  static_assert(Redactor::kMinSecretSize == 3);
  return static_cast<std::uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(p[2]));
}

// Returns the position of `needle` in `text` at or after `from`, ignoring ASCII case, or npos.
std::size_t find_ignore_case(std::string_view text, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > text.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= text.size(); ++i) {
    if (equals_ignore_case(text.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

// Returns the end of a parameter value starting at `begin`: a quoted string, or up to ',' or ';'.
std::size_t value_end(std::string_view text, std::size_t begin) {
  if (begin < text.size() && text[begin] == '"') {
    std::size_t i = begin + 1;
    while (i < text.size() && text[i] != '"') i += (text[i] == '\\') ? 2 : 1;
    return std::min(i + 1, text.size());
  }
  std::size_t end = text.find_first_of(",; ", begin);
  return end == std::string_view::npos ? text.size() : end;
}

// Calls `f(begin, end)` for the value of every `signature=` parameter in `text`.
template <typename F>
void for_each_signature(std::string_view text, F f) {
  constexpr std::string_view kKey = "signature=";
  for (std::size_t at = find_ignore_case(text, kKey); at != std::string_view::npos;
       at = find_ignore_case(text, kKey, at + 1)) {
    std::size_t begin = at + kKey.size();
    f(begin, value_end(text, begin));
  }
}

std::string redact_signatures(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for_each_signature(text, [&](std::size_t begin, std::size_t end) {
    out.append(text.substr(copied, begin - copied));
    out.append(kRedacted);
    copied = end;
  });
  out.append(text.substr(copied));
  return out;
}

bool has_signature(std::string_view text) {
  return find_ignore_case(text, "signature=") != std::string_view::npos;
}

// "a=1; b=2" -> "a=<redacted>; b=<redacted>"; with `first_only`, later attributes stay.
std::string redact_cookie_values(std::string_view text, bool first_only) {
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (pos <= text.size()) {
    std::size_t end = text.find(';', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view pair = text.substr(pos, end - pos);
    std::size_t eq = pair.find('=');
    if ((first || !first_only) && eq != std::string_view::npos) {
      out.append(pair.substr(0, eq + 1)).append(kRedacted);
    } else {
      out.append(pair);
    }
    first = false;
    if (end == text.size()) break;
    out.push_back(';');
    pos = end + 1;
  }
  return out;
}

std::string decode_base64(std::string_view in) {
  auto digit = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : in) {
    int d = digit(c);
    if (d < 0) continue;
    bits = (bits << 6) | static_cast<unsigned>(d);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

std::string json_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string percent_encoded(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

// Replaces the string value of every JSON member named like a password.
std::string redact_password_fields(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t q = text.find('"'); q != std::string_view::npos; q = text.find('"', q + 1)) {
    for (std::string_view key : kPasswordKeys) {
      std::size_t after = q + 1 + key.size();
      if (after >= text.size() || text[after] != '"' ||
          !equals_ignore_case(text.substr(q + 1, key.size()), key)) {
        continue;
      }
      std::size_t i = text.find_first_not_of(" \t\r\n", after + 1);
      if (i == std::string_view::npos || text[i] != ':') break;
      i = text.find_first_not_of(" \t\r\n", i + 1);
      if (i == std::string_view::npos || text[i] != '"') break;
      std::size_t end = value_end(text, i);  // just past the closing quote
      out.append(text.substr(copied, i + 1 - copied)).append(kRedacted).push_back('"');
      copied = end;
      q = end - 1;
      break;
    }
  }
  out.append(text.substr(std::min(copied, text.size())));
  return out;
}

}  // namespace

void Redactor::add_secret(std::string_view secret) {
  if (secret.size() < kMinSecretSize) return;
  std::unique_lock lock(mutex_);
  insert(std::string(secret));
  insert(json_escaped(secret));
  insert(percent_encoded(secret));
}

void Redactor::insert(std::string secret) {
  if (!secrets_.insert(secret).second) return;
  std::vector<std::string>& bucket = by_prefix_[prefix_key(secret.data())];
  auto at = std::find_if(bucket.begin(), bucket.end(),
                         [&](const std::string& other) { return other.size() < secret.size(); });
  bucket.insert(at, std::move(secret));
}

void Redactor::learn(const Headers& headers) {
  for (const Header& h : headers) {
    std::string_view value = h.value;
    if (equals_ignore_case(h.name, "Authorization") ||
        equals_ignore_case(h.name, "Proxy-Authorization")) {
      std::size_t space = value.find(' ');
      std::string_view scheme = value.substr(0, space);
      std::string_view credential =
          space == std::string_view::npos ? value : value.substr(space + 1);
      if (equals_ignore_case(scheme, "Basic")) {
        add_secret(credential);
        std::string pair = decode_base64(credential);
        if (std::size_t colon = pair.find(':'); colon != std::string::npos) {
          add_secret(pair.substr(colon + 1));
        }
      } else if (!has_signature(value)) {
        add_secret(credential);
      }
    }
    if (equals_ignore_case(h.name, "Cookie") || equals_ignore_case(h.name, "Set-Cookie")) {
      std::string_view pairs = value;
      for (std::size_t pos = 0; pos < pairs.size();) {
        std::size_t end = std::min(pairs.find(';', pos), pairs.size());
        std::string_view pair = pairs.substr(pos, end - pos);
        if (std::size_t eq = pair.find('='); eq != std::string_view::npos) {
          add_secret(pair.substr(eq + 1));
        }
        if (equals_ignore_case(h.name, "Set-Cookie")) break;
        pos = end + 1;
      }
    }
    for_each_signature(value, [&](std::size_t begin, std::size_t end) {
      add_secret(value.substr(begin, end - begin));
    });
  }
}

std::string Redactor::replace_secrets(std::string text) const {
  if (text.size() < kMinSecretSize) return text;
  // Mark every span a secret covers (merged where they touch or overlap), then blank each span.
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end)
  {
    std::shared_lock lock(mutex_);
    if (by_prefix_.empty()) return text;
    for (std::size_t i = 0; i + kMinSecretSize <= text.size(); ++i) {
      auto bucket = by_prefix_.find(prefix_key(text.data() + i));
      if (bucket == by_prefix_.end()) continue;
      for (const std::string& secret : bucket->second) {  // longest first: the first match is
        if (text.compare(i, secret.size(), secret) != 0) continue;  // the widest
        std::size_t end = i + secret.size();
        if (!spans.empty() && i <= spans.back().second) {
          spans.back().second = std::max(spans.back().second, end);
        } else {
          spans.emplace_back(i, end);
        }
        break;
      }
    }
  }
  if (spans.empty()) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  for (const auto& [begin, end] : spans) {
    out.append(text, from, begin - from);
    out.append(kRedacted);
    from = end;
  }
  out.append(text, from, std::string::npos);
  return out;
}

std::string Redactor::header_value(std::string_view name, std::string_view value) const {
  std::string out;
  if (equals_ignore_case(name, "Authorization") ||
      equals_ignore_case(name, "Proxy-Authorization")) {
    std::size_t space = value.find(' ');
    if (space == std::string_view::npos) {
      out = kRedacted;
    } else if (has_signature(value)) {
      out = redact_signatures(value);
    } else {
      out = std::string(value.substr(0, space + 1)) + std::string(kRedacted);
    }
  } else if (equals_ignore_case(name, "X-Docker-Token")) {
    if (equals_ignore_case(value, "true") || equals_ignore_case(value, "false")) {
      out = value;
    } else {
      out = has_signature(value) ? redact_signatures(value) : std::string(kRedacted);
    }
  } else if (equals_ignore_case(name, "WWW-Authenticate")) {
    out = redact_signatures(value);
  } else if (equals_ignore_case(name, "Cookie")) {
    out = redact_cookie_values(value, false);
  } else if (equals_ignore_case(name, "Set-Cookie")) {
    out = redact_cookie_values(value, true);
  } else {
    out = value;
  }
  return replace_secrets(std::move(out));
}

std::string Redactor::body(std::string_view body) const {
  return replace_secrets(redact_password_fields(body));
}

std::string Redactor::url(std::string_view url) const {
  std::string out(url);
  std::size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    std::size_t authority = scheme + 3;
    std::size_t end = out.find_first_of("/?#", authority);
    if (end == std::string::npos) end = out.size();
    std::size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= authority) {
      std::size_t colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) {
        out.replace(colon + 1, at - colon - 1, kRedacted);
      }
    }
  }
  return replace_secrets(std::move(out));
}

std::string Redactor::text(std::string_view text) const {
  return replace_secrets(std::string(text));
}

void Redactor::redact(Exchange& exchange) {
  learn(exchange.request.headers);
  learn(exchange.response.headers);
  exchange.request.url = url(exchange.request.url);
  for (Headers* headers : {&exchange.request.headers, &exchange.response.headers}) {
    for (Header& h : *headers) h.value = header_value(h.name, h.value);
  }
  if (!exchange.request.streamed) exchange.request.body = body(exchange.request.body);
  exchange.response.body = body(exchange.response.body);
  exchange.error = text(exchange.error);
}

}  // namespace drydock::conformance
