#pragma once
// Redactor: removes secrets from recorded exchanges before anything is reported or logged.
//
//   Authorization: Basic dXNlcjpwYXNz         -> Basic <redacted>
//   Authorization: Token signature=abc,repository="ns/x",access=write
//                                             -> Token
//                                             signature=<redacted>,repository="ns/x",access=write
//   X-Docker-Token / WWW-Authenticate         -> the signature only; X-Docker-Token: true stays
//   Cookie: a=1; b=2                          -> a=<redacted>; b=<redacted>
//   Set-Cookie: s=1; Path=/                   -> s=<redacted>; Path=/
//   {"password": "hunter2"}                   -> {"password": "<redacted>"}
//   https://user:pass@host/                   -> https://user:<redacted>@host/
// and every configured secret (the user's password), plainly or as it appears JSON-escaped or
// percent-encoded, anywhere in a URL, header or body. Credentials seen in headers (a Basic pair, a
// token signature, a cookie) are learned, so a later echo of them elsewhere is redacted too.
//
// Thread safety: every member may be called concurrently.
//
// Cost: a run learns thousands of token signatures, so secrets are indexed by their first three
// bytes and each text is scanned once, whatever their number. Overlapping secrets are blanked as
// one span, so no part of either shows.

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "drydock/conformance/exchange.h"
#include "drydock/conformance/headers.h"

namespace drydock::conformance {

inline constexpr std::string_view kRedacted = "<redacted>";

class Redactor {
 public:
  // Redacts `secret` wherever it appears from now on. Secrets shorter than kMinSecretSize are
  // ignored, so that a one-letter password does not blank every report.
  void add_secret(std::string_view secret);
  static constexpr std::size_t kMinSecretSize = 3;

  // Returns `value` of header `name` with its secret parts replaced.
  std::string header_value(std::string_view name, std::string_view value) const;
  // Returns `body` with JSON password fields and known secrets replaced.
  std::string body(std::string_view body) const;
  // Returns `url` with the userinfo password and known secrets replaced.
  std::string url(std::string_view url) const;
  // Returns `text` with known secrets replaced (for free text: messages, observed values).
  std::string text(std::string_view text) const;

  // Learns the credentials in the headers of `exchange`, then redacts all of it in place.
  void redact(Exchange& exchange);

 private:
  void learn(const Headers& headers);
  void insert(std::string secret);  // REQUIRES: mutex_ held exclusively
  std::string replace_secrets(std::string text) const;

  mutable std::shared_mutex mutex_;
  std::unordered_set<std::string> secrets_;  // guarded by mutex_
  // First three bytes -> the secrets starting with them, longest first. Guarded by mutex_.
  std::unordered_map<std::uint32_t, std::vector<std::string>> by_prefix_;
};

}  // namespace drydock::conformance
