#pragma once
// Private to simulator/index/: who is calling (HTTP Basic -> account, protocol-notes 4.1), what a
// token grants on a repository (the registry's callbacks, 4.4), who may write where (5.2 I4), and
// the error replies for their failures, with the 401 challenge the spec lists.

#include <optional>
#include <string_view>
#include <utility>
#include <variant>

#include "drydock/simulator/accounts/accounts.h"
#include "drydock/simulator/auth/token.h"
#include "index_handlers.h"

namespace drydock::simulator::index {

using http::kBasicChallenge;
using http::kTokenChallenge;

using http::Checked;

// Returns the account named by the request's Basic credentials, active. Refusals: missing-auth
// (no Authorization header), bad-credentials (not Basic, malformed, unknown user or wrong
// password), inactive-account. Sets ctx.user and ctx.admin on success.
Checked<accounts::User> authenticate(IndexState& state, http::Context& ctx,
                                     const http::Request& request);

// As authenticate(), for operations where credentials are optional: nullopt without an
// Authorization header.
Checked<std::optional<accounts::User>> authenticate_if_sent(IndexState& state, http::Context& ctx,
                                                            const http::Request& request);

// Returns the refusal (permission-denied) unless `user` may write `repository`: its own
// namespace, or anywhere for an admin; `library` only for an admin (through the gate).
std::optional<http::Reply> authorize_write(const http::Context& ctx, const accounts::User& user,
                                           const RepositoryName& repository);

// Returns what the request's `Authorization: Token ...` grants on `repository`, whatever its
// access (the registry asks with any token, protocol-notes 4.3 step 7). Refusals: missing-auth
// (no Token header), invalid-token, token-expired, token-wrong-repository, token-spent, each
// with the challenge "Token". Under the single-use policy a good token is spent. Sets
// ctx.token_repository and ctx.token_access on success.
Checked<auth::Grant> check_repository_token(IndexState& state, http::Context& ctx,
                                            const http::Request& request,
                                            const RepositoryName& repository);

// Whether the request's Authorization header uses the Token scheme.
bool has_token_authorization(const http::Request& request);

// The credentials an index route asks for before its handler runs: the guard column of index.cc's
// route table. A refusal answers the request as it is (its checks go through the refusal gate, so
// a fault's waivers apply); on success the guard leaves who is calling in the Context: ctx.user
// and ctx.admin (Basic), ctx.token_repository and ctx.token_access (Token).
enum class Guard {
  kNone,        // none: the handler asks for what it needs, if anything
  kBasic,       // an active account's Basic credentials (authenticate())
  kBasicWrite,  // kBasic, and the account may write the repository the URL names
                // (authorize_write())
  kToken,       // a token good for the repository the URL names (check_repository_token())
  // kToken for an `Authorization: Token ...` header (the registry's callback); otherwise Basic
  // credentials when sent, as kBasic, and none when not.
  kTokenElseBasicIfSent,
};

// Runs `guard` on the request: nullopt when its handler may go on, else the refusal.
std::optional<http::Reply> check_guard(Guard guard, IndexState& state, http::Context& ctx,
                                       const http::Request& request);

}  // namespace drydock::simulator::index
