#pragma once
// TokenSigner: issues and verifies the index's access tokens (protocol-notes §4.2-4.5).
//
// A token reads, as the Hub's did:
//
//   signature=<expiry>.<nonce>.<mac>,repository="<namespace>/<name>",access=<read|write|delete>
//
//   expiry  unix seconds (decimal) after which the token is refused
//   nonce   16 lower-case hex digits, random: two tokens for the same grant differ
//   mac     64 lower-case hex digits: HMAC-SHA256 under the data directory's secret over
//           "drydock-token\n" <repository> "\n" <access> "\n" <expiry> "\n" <nonce>
//
// so it matches `signature=[^,]+,repository="[^"]+",access=(read|write|delete)`, and the index
// needs to remember nothing to check one (except, under the single-use policy, which were spent).
//
// Parsing is as tolerant as docker-registry's (§4.3 step 4): pairs are found with the regex
// (\w+)[:=][\s"]?([^",]+)"? anywhere in the text, so quotes are optional, and both
// "Token signature=..." and "Token Token signature=..." (§10 quirk 3) parse.
//
// Thread-safe.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "drydock/common/result.h"
#include "drydock/simulator/auth/access.h"
#include "drydock/simulator/auth/clock.h"
#include "drydock/simulator/auth/spent_tokens.h"

namespace drydock::auth {

// Why a token (or a session cookie) does not grant a request. Names follow the spec's vocabulary.
enum class TokenFailure {
  kInvalidToken,     // "invalid-token": malformed, or not signed by this index (forged, altered)
  kExpired,          // "token-expired"
  kWrongRepository,  // "token-wrong-repository": issued for another repository
  kWrongAccess,      // "token-wrong-access": issued for another access level than the method's
  kSpent,            // "token-spent": single-use policy, already used once
};

// "invalid-token", "token-expired", ...
std::string_view failure_name(TokenFailure failure);
// An ErrorCode::kUnauthorized error whose message starts with failure_name().
Error failure_error(TokenFailure failure);

// What a token grants.
struct Grant {
  std::string repository;  // "namespace/name"
  Access access = Access::kRead;
  TimePoint expiry;
};

// The outcome of a verification: a failure, or the grant.
struct TokenCheck {
  std::optional<TokenFailure> failure;  // nullopt: the request is granted
  Grant grant;                          // meaningful when the signature was good

  bool ok() const { return !failure.has_value(); }
};

enum class TokenPolicy {
  kReusable,   // valid for any number of requests until expiry (real servers, 2014-2015)
  kSingleUse,  // spent by its first successful verification (SPEC, 2013); see Sessions
};

struct TokenOptions {
  std::chrono::seconds ttl{3600};
  TokenPolicy policy = TokenPolicy::kReusable;
};

// How a verification may be weakened: only the simulator's faults ask for this, to show that the
// conformance checks notice a server that verifies less.
struct Leniency {
  bool skip_signature = false;           // a token of the right shape passes, whatever its MAC
  std::chrono::seconds expiry_grace{0};  // a token passes until this long after its expiry
};

class TokenSigner {
 public:
  // REQUIRES: `secret` is non-empty (the data directory's token secret).
  // `spent` records the tokens spent under the single-use policy: null keeps them in this
  // process's memory (SpentTokens); servers sharing one index pass the store they share.
  explicit TokenSigner(std::string secret, TokenOptions options = {},
                       std::shared_ptr<SpentTokenStore> spent = nullptr);

  // Returns a new token granting `access` to `repository` ("namespace/name") until now + ttl.
  std::string issue(std::string_view repository, Access access, TimePoint now) const;

  // Checks `token_text` (a token, or the whole value of an Authorization header) for a request
  // needing `needed` on `repository`. Pass nullopt as `repository` for image routes, whose URL
  // names no repository (§4.3 step 5). Failures are checked in this order: invalid, expired,
  // wrong repository, wrong access, spent. Under the single-use policy a successful check
  // spends the token; a token whose spending the store could not record (its database is
  // unreachable) is refused as spent: a client asks for another rather than a token serving twice.
  TokenCheck verify(std::string_view token_text, std::optional<std::string_view> repository,
                    Access needed, TimePoint now, const Leniency& leniency = {});

  const TokenOptions& options() const { return options_; }

 private:
  std::string mac(std::string_view repository, std::string_view access, std::string_view expiry,
                  std::string_view nonce) const;

  const std::string secret_;
  const TokenOptions options_;
  const std::shared_ptr<SpentTokenStore> spent_;
};

// The pairs docker-registry's regex (\w+)[:=][\s"]?([^",]+)"? finds in a token, as Python's
// dict(re.findall(...)) holds them (the last of a repeated key wins). Hand-written, with the
// regex's backtracking spelled out, so a long header costs linear time and no recursion.
using TokenPairs = std::map<std::string, std::string, std::less<>>;
TokenPairs parse_token_pairs(std::string_view text);

// Returns what follows the scheme of an `Authorization: Token ...` header value (the scheme
// compared without case), or nullopt if the scheme is not "Token". "Token " alone gives "".
std::optional<std::string_view> token_credentials(std::string_view authorization);

}  // namespace drydock::auth
