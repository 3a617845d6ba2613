// Repositories (protocol-notes 5.2 I4, I5; 6.2 step 1, 6.4): create or announce a push, the
// two-step delete, and the tokens and endpoints those replies carry.

#include <string>

#include <nlohmann/json.hpp>

#include "authentication.h"
#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/headers.h"
#include "index_handlers.h"

namespace drydock::simulator::index {
namespace {

bool wants_token(const http::Request& request) {
  auto value = request.headers.get("X-Docker-Token");
  return value && http::iequals(*value, "true");
}

// The registries the index names: Services::registry_endpoints, else (not yet bound, or an index
// on its own) the Host the client reached, as docker-registry's emulation did (5.2 I4).
std::string endpoints(const IndexState& state, const http::Request& request) {
  std::string joined;
  for (const auto& endpoint : state.services.registry_endpoints) {
    if (!joined.empty()) joined += ",";
    joined += endpoint;
  }
  if (joined.empty()) joined = request.headers.get("Host").value_or("localhost");
  return joined;
}

// The JSON string "": the Hub's body for repository writes (protocol-notes 10.1).
http::Reply empty_string_reply(int status) {
  return http::Reply::json(status, nlohmann::json(""));
}

}  // namespace

void add_token_headers(IndexState& state, const http::Request& request,
                       const RepositoryName& repository, auth::Access access, http::Reply& reply) {
  if (wants_token(request)) {
    // protocol-notes 10.2, 10.3: the Hub's X-Docker-Token has no "Token " prefix; the documents
    // put the same token in WWW-Authenticate with it. Both are sent.
    std::string token =
        state.services.tokens->issue(repository.full(), access, state.services.clock->now());
    reply.headers.set("X-Docker-Token", token);
    reply.headers.set("WWW-Authenticate", "Token " + token);
  }
  reply.headers.set("X-Docker-Endpoints", endpoints(state, request));
}

// PUT /v1/repositories/{namespace}/{repository}/ and PUT /v1/repositories/{repository}/:
// creates the repository or merges the pushed list into it; 200 "" with a write token when asked
// (5.2 I4: the Hub answered 200 although the documents say "200 Created").
http::Reply put_repository(IndexState& state, http::Context& ctx, const http::Request& request) {
  RepositoryName repository = repository_name(request);
  if (auto stored = store_images(state, repository, *ctx.user, image_entries(ctx.json_body));
      !stored.ok()) {
    return http::error_reply(ctx.operation, stored.error());
  }
  state.pending_deletes.clear(repository);  // pushing again cancels a pending delete

  http::Reply reply = empty_string_reply(200);
  add_token_headers(state, request, repository, auth::Access::kWrite, reply);
  return reply;
}

// DELETE /v1/repositories/{namespace}/{repository}/ and DELETE /v1/repositories/{repository}/
// (protocol-notes 6.4, SPEC delete flow): the first call, without X-Docker-Endpoints, marks the
// repository deleted and answers 202 with a delete token and the endpoints; the final call, with
// the X-Docker-Endpoints the registry deletion used, removes it from the index and answers 200 "".
http::Reply delete_repository(IndexState& state, http::Context& ctx, const http::Request& request) {
  RepositoryName repository = repository_name(request);
  accounts::Accounts& accounts = *state.services.accounts;
  if (auto found = accounts.repository(repository.ns, repository.name); !found.ok()) {
    if (found.error().code == ErrorCode::kNotFound)
      return refuse(ctx, Condition::kRepositoryNotFound);
    return http::error_reply(ctx.operation, found.error());
  }

  if (request.headers.contains("X-Docker-Endpoints")) {
    if (auto deleted = accounts.delete_repository(repository.ns, repository.name); !deleted.ok()) {
      return http::error_reply(ctx.operation, deleted.error());
    }
    state.pending_deletes.clear(repository);
    return empty_string_reply(200);
  }

  state.pending_deletes.mark(repository);
  http::Reply reply = empty_string_reply(202);
  add_token_headers(state, request, repository, auth::Access::kDelete, reply);
  return reply;
}

}  // namespace drydock::simulator::index
