#include "drydock/simulator/auth/session.h"

#include <array>
#include <charconv>
#include <utility>

#include "drydock/common/digest.h"

namespace drydock::auth {

namespace {

constexpr std::string_view kSessionMacLabel = "drydock-session\n";
constexpr size_t kSessionNonceBytes = 8;

// Splits `text` at its first `n` dots into n + 1 fields (the last keeps any further dots).
template <size_t N>
std::optional<std::array<std::string_view, N + 1>> split_dots(std::string_view text) {
  std::array<std::string_view, N + 1> fields;
  for (size_t i = 0; i < N; ++i) {
    size_t dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    fields[i] = text.substr(0, dot);
    text.remove_prefix(dot + 1);
  }
  fields[N] = text;
  return fields;
}

std::optional<int64_t> parse_seconds(std::string_view text) {
  int64_t value = 0;
  if (text.empty() || text.size() > 18) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Sessions::Sessions(std::string secret, std::chrono::seconds ttl)
    : secret_(std::move(secret)), ttl_(ttl) {}

std::string Sessions::mac(std::string_view repository, std::string_view access,
                          std::string_view expiry, std::string_view nonce) const {
  return grant_mac(secret_, kSessionMacLabel, repository, access, expiry, nonce);
}

std::string Sessions::start(std::string_view repository, Access access, TimePoint now) const {
  auto expiry = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()) + ttl_;
  std::string expiry_text = std::to_string(expiry.count());
  std::string nonce = to_hex(random_bytes(kSessionNonceBytes));
  std::string_view access_text = access_name(access);
  return expiry_text + "." + nonce + "." + std::string(access_text) + "." +
         mac(repository, access_text, expiry_text, nonce) + "." + std::string(repository);
}

TokenCheck Sessions::check(std::string_view cookie_value,
                           std::optional<std::string_view> repository, Access needed,
                           TimePoint now) const {
  TokenCheck invalid{TokenFailure::kInvalidToken, {}};
  auto fields = split_dots<4>(cookie_value);
  if (!fields) return invalid;
  auto [expiry_text, nonce, access_text, given_mac, granted_repository] = *fields;
  auto expiry = parse_seconds(expiry_text);
  auto access = parse_access(access_text);
  if (!expiry || !access || granted_repository.empty()) return invalid;
  std::string expected = mac(granted_repository, access_text, expiry_text, nonce);
  if (!constant_time_equal(expected, given_mac)) return invalid;

  TokenCheck result{std::nullopt, Grant{std::string(granted_repository), *access,
                                        TimePoint(std::chrono::seconds(*expiry))}};
  if (now >= result.grant.expiry) {
    result.failure = TokenFailure::kExpired;
  } else if (repository && *repository != granted_repository) {
    result.failure = TokenFailure::kWrongRepository;
  } else if (*access != needed) {
    result.failure = TokenFailure::kWrongAccess;
  }
  return result;
}

std::optional<std::string_view> find_cookie(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    size_t semicolon = cookie_header.find(';');
    std::string_view pair = cookie_header.substr(0, semicolon);
    cookie_header = semicolon == std::string_view::npos ? std::string_view()
                                                        : cookie_header.substr(semicolon + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      std::string_view value = pair.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace drydock::auth
