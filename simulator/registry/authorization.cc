// The token guard of every registry token operation (protocol-notes 4.3), and the reply
// conventions the handlers share (protocol-notes 2).

#include <chrono>

#include <nlohmann/json.hpp>

#include "drydock/simulator/auth/access.h"
#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/range.h"
#include "drydock/spec/spec.h"
#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

constexpr std::time_t kOneYear = 365 * 24 * 3600;  // docker-registry's cache lifetime

// The access an operation needs: its x-drydock-access, else what its method implies.
auth::Access access_needed(const http::Context& context, const http::Request& request) {
  if (context.operation->access) {
    if (auto access = auth::parse_access(*context.operation->access)) return *access;
  }
  return auth::access_for_method(request.method).value_or(auth::Access::kRead);
}

// The token check, as lenient as the request asks (Context::token_leniency): each leniency
// accepts exactly the one failure it names.
TokenDecision check_token(TokenValidator& validator, const http::TokenLeniency& lenient,
                          const http::Request& request, std::optional<std::string_view> repository,
                          auth::Access access) {
  const auth::Leniency leniency{.skip_signature = lenient.skip_signature,
                                .expiry_grace = lenient.expiry_grace};
  TokenDecision decision = validator.check(request, repository, access, leniency);
  if (decision.failure == "token-wrong-repository" && lenient.any_repository) {
    return validator.check(request, std::nullopt, access, leniency);  // as an image route
  }
  if (decision.failure == "token-wrong-access" && lenient.any_access) {
    for (auth::Access other : {auth::Access::kRead, auth::Access::kWrite, auth::Access::kDelete}) {
      TokenDecision retry = validator.check(request, repository, other, leniency);
      if (!retry.failure) return retry;
    }
  }
  return decision;
}

}  // namespace

http::Handler guarded(Services& services, Scope scope, http::Handler handler) {
  return [&services, scope, handler = std::move(handler)](http::Context& context,
                                                          const http::Request& request) {
    if (!services.token_validator) return handler(context, request);
    std::optional<std::string> repository;
    if (scope == Scope::kRepository) repository = repository_name(request).full();
    auth::Access access = access_needed(context, request);
    TokenDecision decision =
        check_token(*services.token_validator, context.token_leniency, request, repository, access);
    if (decision.failure) {
      auto raised = http::raised_from(context, *decision.failure);
      if (!raised.ok()) return std::move(raised.refusal());
      if (auto refused = gate(context, raised.value())) return std::move(*refused);
    } else {
      context.token_repository = decision.granted_repository;
      context.token_images = std::move(decision.listed_images);
    }
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
