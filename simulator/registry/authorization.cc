// The token guard of every registry token operation (protocol-notes 4.3), the faults that weaken
// it, and the reply conventions the handlers share (protocol-notes 2).

#include <chrono>

#include "drydock/simulator/auth/access.h"
#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/range.h"
#include "drydock/spec/spec.h"
#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

constexpr std::time_t kOneYear = 365 * 24 * 3600;  // docker-registry's cache lifetime
// How long after its expiry the token-expiry-grace fault still accepts a token.
constexpr std::chrono::seconds kExpiryGrace{60};

// The access an operation needs: its x-drydock-access, else what its method implies.
auth::Access access_needed(const http::Context& context, const http::Request& request) {
  if (context.operation->access) {
    if (auto access = auth::parse_access(*context.operation->access)) return *access;
  }
  return auth::access_for_method(request.method).value_or(auth::Access::kRead);
}

// Applies the token faults: each accepts exactly the one failure it names.
TokenDecision weakened(TokenValidator& validator, const http::Context& context,
                       const http::Request& request, std::optional<std::string_view> repository,
                       auth::Access access, TokenDecision decision) {
  if (!decision.failure) return decision;
  const std::string& failure = *decision.failure;
  if (failure == "token-wrong-repository" && has_fault(context, fault::kTokenScopeUnchecked)) {
    return validator.check(request, std::nullopt, access);  // as an image route: no scope check
  }
  if (failure == "token-wrong-access" && has_fault(context, fault::kTokenAccessUnchecked)) {
    for (auth::Access other : {auth::Access::kRead, auth::Access::kWrite, auth::Access::kDelete}) {
      TokenDecision retry = validator.check(request, repository, other);
      if (!retry.failure) return retry;
    }
  }
  if (failure == "token-expired" && has_fault(context, fault::kTokenExpiryUnchecked)) {
    decision.failure.reset();
  }
  if (failure == "invalid-token" && has_fault(context, fault::kTokenSignatureUnchecked)) {
    return validator.check(request, repository, access, {.skip_signature = true});
  }
  if (failure == "token-expired" && has_fault(context, fault::kTokenExpiryGrace)) {
    return validator.check(request, repository, access, {.expiry_grace = kExpiryGrace});
  }
  return decision;
}

}  // namespace

http::Handler guarded(Services& services, Scope scope, http::Handler handler) {
  return [&services, scope, handler = std::move(handler)](http::Context& context,
                                                          const http::Request& request) {
    if (has_fault(context, fault::kTokenUnchecked) || !services.token_validator) {
      return handler(context, request);
    }
    std::optional<std::string> repository;
    if (scope == Scope::kRepository) repository = repository_name(request).full();
    auth::Access access = access_needed(context, request);
    TokenValidator& validator = *services.token_validator;
    TokenDecision decision = weakened(validator, context, request, repository, access,
                                      validator.check(request, repository, access));
    if (decision.failure) return refuse(context, *decision.failure);
    context.token_repository = decision.granted_repository;
    context.token_images = std::move(decision.listed_images);
    context.token_access = std::string(auth::access_name(access));
    http::Reply reply = handler(context, request);
    if (decision.set_cookie) reply.headers.add("Set-Cookie", *decision.set_cookie);
    return reply;
  };
}

void set_no_cache(http::Reply& reply) {
  reply.headers.set("Cache-Control", "no-cache");
  reply.headers.set("Pragma", "no-cache");
  reply.headers.set("Expires", "-1");
}

void set_cacheable(http::Reply& reply, std::time_t now) {
  reply.headers.set("Cache-Control", "public, max-age=31536000");
  reply.headers.set("Expires", http::format_http_date(now + kOneYear));
  reply.headers.set("Last-Modified", http::format_http_date(0));
}

http::Reply json_reply(int status, const nlohmann::json& value) {
  http::Reply reply = http::Reply::json(status, value);
  set_no_cache(reply);
  return reply;
}

http::Reply success() {
  return json_reply(200, true);
}

http::Reply not_modified() {
  http::Reply reply;
  reply.status = 304;
  reply.body = std::string();
  return reply;
}

std::time_t now_of(const Services& services) {
  auto now = services.clock ? services.clock->now() : std::chrono::system_clock::now();
  return std::chrono::system_clock::to_time_t(now);
}

}  // namespace drydock::simulator::registry
