// The registry's other callbacks to the index (protocol-notes 4.4): PUT .../auth from the SPEC's
// delete flow, and the undocumented layer-access check docker-registry makes.

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "authentication.h"
#include "drydock/simulator/http/error_reply.h"
#include "index_handlers.h"

namespace drydock::simulator::index {
namespace {

// Returns the refusal for an unknown repository (404), or nullopt when it exists.
std::optional<http::Reply> require_repository(IndexState& state, const http::Context& ctx,
                                              const RepositoryName& repository) {
  auto found = state.services.accounts->repository(repository.ns, repository.name);
  if (found.ok()) return std::nullopt;
  if (found.error().code == ErrorCode::kNotFound)
    return refuse(ctx, Condition::kRepositoryNotFound);
  return http::error_reply(ctx.operation, found.error());
}

}  // namespace

// PUT /v1/repositories/{...}/auth (5.2 I9): 200 "OK" when the token is good for the repository.
// The SPEC's registry sends it with the client's delete token, so any access is accepted, as on
// the GET images callback.
http::Reply put_repository_auth(IndexState& state, http::Context& ctx,
                                const http::Request& request) {
  RepositoryName repository = repository_name(request);
  if (auto missing = require_repository(state, ctx, repository)) return std::move(*missing);
  return http::Reply::json(200, nlohmann::json("OK"));
}

// GET /v1/repositories/{namespace}/{repository}/layer/{image_id}/access (5.2 I10): whether the
// repository may use the image, i.e. whether it is in the repository's index list.
http::Reply get_layer_access(IndexState& state, http::Context& ctx, const http::Request& request) {
  RepositoryName repository = repository_name(request);
  if (auto missing = require_repository(state, ctx, repository)) return std::move(*missing);

  auto images = state.services.accounts->images(repository.ns, repository.name);
  if (!images.ok()) return http::error_reply(ctx.operation, images.error());
  const std::string& image_id = request.path_params.at("image_id");
  bool listed = std::any_of(images->begin(), images->end(), [&](const accounts::ImageEntry& entry) {
    return entry.id == image_id;
  });
  return http::Reply::json(200, nlohmann::json{{"access", listed}});
}

}  // namespace drydock::simulator::index
