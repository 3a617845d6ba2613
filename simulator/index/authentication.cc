#include "authentication.h"

#include <string>

#include "drydock/simulator/auth/access.h"
#include "drydock/simulator/auth/basic_auth.h"
#include "drydock/simulator/http/error_reply.h"

namespace drydock::simulator::index {

bool has_token_authorization(const http::Request& request) {
  auto value = request.headers.get("Authorization");
  return value && auth::token_credentials(*value).has_value();
}

Checked<std::optional<accounts::User>> authenticate_if_sent(IndexState& state, http::Context& ctx,
                                                            const http::Request& request) {
  if (!request.headers.contains("Authorization")) return std::optional<accounts::User>{};
  auto user = authenticate(state, ctx, request);
  if (!user.ok()) return std::move(user.refusal());
  return std::optional<accounts::User>(std::move(user.value()));
}

// protocol-notes 5.2 I2: 401 for missing or wrong credentials, 403 for an inactive account.
Checked<accounts::User> authenticate(IndexState& state, http::Context& ctx,
                                     const http::Request& request) {
  auto header = request.headers.get("Authorization");
  if (!header) return refuse(ctx, Condition::kMissingAuth);
  auto credentials = auth::parse_basic_authorization(*header);
  if (!credentials || credentials->user.empty()) return refuse(ctx, Condition::kBadCredentials);
  auto user = state.services.accounts->verify_password(credentials->user, credentials->password);
  if (!user.ok()) {
    if (user.error().code != ErrorCode::kUnauthorized) {
      return http::error_reply(ctx.operation, user.error());
    }
    if (auto refused = gate(ctx, Condition::kBadCredentials)) return std::move(*refused);
    // The password check waived: the account goes by its name alone.
    user = state.services.accounts->find_user(credentials->user);
    if (!user.ok()) return refuse(ctx, Condition::kBadCredentials);
  }
  if (!user->active) {
    if (auto refused = gate(ctx, Condition::kInactiveAccount)) return std::move(*refused);
  }
  ctx.user = user->username;
  ctx.admin = user->admin;
  return std::move(user).value();
}

// protocol-notes 5.2 I4: a user pushes to their own namespace; library repositories need an
// admin ("Access Denied: Not allowed to create Repo at given location").
std::optional<http::Reply> authorize_write(const http::Context& ctx, const accounts::User& user,
                                           const RepositoryName& repository) {
  if (user.admin) return std::nullopt;
  if (repository.ns == "library") {
    return gate(ctx, Condition::kPermissionDenied,
                "Access Denied: Not allowed to create Repo at library");
  }
  if (repository.ns != user.username) {
    return refuse(ctx, Condition::kPermissionDenied,
                  "Access Denied: Not allowed to create Repo at given location");
  }
  return std::nullopt;
}

// protocol-notes 4.3 step 7 and 4.4: the registry forwards the client's token, whatever its access,
// and any answer but 200 means the token is bad. A token is checked against the access it grants.
Checked<auth::Grant> check_repository_token(IndexState& state, http::Context& ctx,
                                            const http::Request& request,
                                            const RepositoryName& repository) {
  auto header = request.headers.get("Authorization");
  std::optional<std::string_view> token;
  if (header) token = auth::token_credentials(*header);
  if (!token) return refuse(ctx, Condition::kMissingAuth, {}, kTokenChallenge);

  auth::TokenSigner& signer = *state.services.tokens;
  const auto now = state.services.clock->now();
  const std::string scope = repository.full();
  const auth::Leniency leniency{.skip_signature = ctx.token_leniency.skip_signature,
                                .expiry_grace = ctx.token_leniency.expiry_grace};
  auth::TokenCheck check = signer.verify(*token, scope, auth::Access::kRead, now, leniency);
  if (check.failure == auth::TokenFailure::kWrongAccess) {
    // its own access: any will do
    check = signer.verify(*token, scope, check.grant.access, now, leniency);
  }
  if (check.failure) {
    auto raised = http::raised_from(ctx, auth::failure_name(*check.failure));
    if (!raised.ok()) return std::move(raised.refusal());
    if (auto refused = gate(ctx, raised.value(), {}, kTokenChallenge)) return std::move(*refused);
  }
  ctx.token_repository = check.grant.repository;
  ctx.token_access = std::string(auth::access_name(check.grant.access));
  return std::move(check.grant);
}

std::optional<http::Reply> check_guard(Guard guard, IndexState& state, http::Context& ctx,
                                       const http::Request& request) {
  switch (guard) {
    case Guard::kNone:
      return std::nullopt;
    case Guard::kBasic: {
      auto user = authenticate(state, ctx, request);
      if (!user.ok()) return std::move(user.refusal());
      return std::nullopt;
    }
    case Guard::kBasicWrite: {
      auto user = authenticate(state, ctx, request);
      if (!user.ok()) return std::move(user.refusal());
      return authorize_write(ctx, user.value(), repository_name(request));
    }
    case Guard::kToken: {
      auto grant = check_repository_token(state, ctx, request, repository_name(request));
      if (!grant.ok()) return std::move(grant.refusal());
      return std::nullopt;
    }
    case Guard::kTokenElseBasicIfSent: {
      if (has_token_authorization(request)) {
        return check_guard(Guard::kToken, state, ctx, request);
      }
      auto user = authenticate_if_sent(state, ctx, request);
      if (!user.ok()) return std::move(user.refusal());
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace drydock::simulator::index
