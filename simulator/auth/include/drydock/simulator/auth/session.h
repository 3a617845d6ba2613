#pragma once
// Sessions: the registry's session cookie under the single-use token policy (protocol-notes
// §4.5). The SPEC's registry spends a token on first use and then "normally sets a cookie" that
// the client echoes back; docker-registry <= 0.6.8 did so with a signed cookie scoped to the
// repository. Ours is stateless, like a token, and scoped the same way:
//
//   Set-Cookie: session=<expiry>.<nonce>.<access>.<mac>.<repository>; Path=/; HttpOnly
//
//   mac = HMAC-SHA256 under the data directory's secret over
//         "drydock-session\n" <repository> "\n" <access> "\n" <expiry> "\n" <nonce>
//
// (its own label, so a token's MAC never passes for a cookie's). Every character of the value is
// a legal cookie-octet for repository names the index accepts. Thread-safe.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "drydock/simulator/auth/access.h"
#include "drydock/simulator/auth/clock.h"
#include "drydock/simulator/auth/token.h"

namespace drydock::auth {

inline constexpr std::string_view kSessionCookieName = "session";

class Sessions {
 public:
  // REQUIRES: `secret` is non-empty.
  explicit Sessions(std::string secret, std::chrono::seconds ttl = std::chrono::seconds(3600));

  // Returns a cookie value granting `access` to `repository` until now + ttl; typically issued
  // right after a single-use token was spent on the same grant.
  std::string start(std::string_view repository, Access access, TimePoint now) const;

  // Checks a cookie value for a request needing `needed` on `repository` (nullopt for image
  // routes). Same failures and order as TokenSigner::verify(), except that sessions are never
  // spent: a session serves any number of requests until it expires.
  TokenCheck check(std::string_view cookie_value, std::optional<std::string_view> repository,
                   Access needed, TimePoint now) const;

 private:
  std::string mac(std::string_view repository, std::string_view access, std::string_view expiry,
                  std::string_view nonce) const;

  const std::string secret_;
  const std::chrono::seconds ttl_;
};

// Returns the value of the cookie `name` in a Cookie request header value ("a=1; session=..."),
// or nullopt if it is absent.
std::optional<std::string_view> find_cookie(std::string_view cookie_header, std::string_view name);

}  // namespace drydock::auth
