// Recipes for the index's repository operations (tag "repositories"): create and delete user and
// library repositories, and the index/registry/index delete sequence (protocol-notes 6.4).

#include <nlohmann/json.hpp>

#include "../derive.h"

namespace drydock::conformance::checks {

namespace {

Result<void> ask_for_token(CheckContext&, const spec::Operation&, Scene&, Call& call) {
  call.headers.set("X-Docker-Token", "true");
  return {};
}

// The "ok" of an index DELETE is its last call: index DELETE (202 and a delete token), registry
// DELETE with that token, then this DELETE again.
Result<void> delete_sequence(CheckContext& ctx, const spec::Operation&, Scene& scene, Call& call) {
  // The final DELETE asks for no token and names the registry the deletion used (SPEC delete).
  call.headers.remove("X-Docker-Token");
  std::string endpoint = ctx.options().registry_target();
  if (auto scheme = endpoint.find("://"); scheme != std::string::npos) {
    endpoint = endpoint.substr(scheme + 3);
  }
  call.headers.set("X-Docker-Endpoints", endpoint);
  Repository& repo = *scene.repo;
  Result<std::string> auth = ctx.registry_auth(repo, "delete");
  if (!auth.ok()) return auth.error();
  Call registry{repo.library ? "registryDeleteLibraryRepository" : "registryDeleteUserRepository",
                repo.path_params(),
                {},
                {},
                {}};
  registry.headers.set("Authorization", *auth);
  Result<Response> r = ctx.send(registry);
  if (!r.ok()) return Error::io(r.error().message);
  if (r->status != 200)
    return Error::invalid("registry DELETE answered " + std::to_string(r->status));
  return {};
}

// A client that sent X-Docker-Token: true cannot go on without a token and a registry to use it
// on (protocol-notes 4.2): both must come back.
void token_and_endpoints_came_back(CheckContext& ctx, const Scene&, const Call& call,
                                   const Response& response) {
  if (!call.headers.contains("X-Docker-Token")) return;
  auto token = response.headers.get("X-Docker-Token");
  auto challenge = response.headers.get("WWW-Authenticate");
  if ((!token || token->empty()) &&
      (!challenge || challenge->find("signature=") == std::string::npos)) {
    ctx.fail(
        "asked with X-Docker-Token: true, the answer carries no token (X-Docker-Token or "
        "WWW-Authenticate)");
  } else if (!response.headers.get("X-Docker-Endpoints")) {
    ctx.fail("asked with X-Docker-Token: true, the answer names no registry (X-Docker-Endpoints)");
  }
}

}  // namespace

std::vector<Recipe> index_repository_recipes() {
  Recipe put;
  put.stage = Stage::kFresh;
  put.hint =
      "Create the repository, answer 200 or 201 with X-Docker-Endpoints and, when asked "
      "with X-Docker-Token: true, a write token.";
  put.finish = [](CheckContext&, const spec::Operation&, Scene& scene, Call& call) {
    nlohmann::json list = nlohmann::json::array();
    for (const fixtures::Image& image : scene.repo->images.images)
      list.push_back({{"id", image.id}});
    call.body = list.dump();
    call.headers.set("X-Docker-Token", "true");
    return Result<void>();
  };
  put.verify = token_and_endpoints_came_back;

  Recipe del;
  del.stage = Stage::kPushed;
  del.good_condition = "accepted";
  del.hint = "Answer the first index DELETE 202 with a delete token and X-Docker-Endpoints.";
  del.finish = ask_for_token;
  del.verify = token_and_endpoints_came_back;
  del.special["ok"] = delete_sequence;

  std::vector<Recipe> out = user_and_library("put", "", put);
  for (Recipe& r : user_and_library("delete", "", del)) out.push_back(std::move(r));
  return out;
}

}  // namespace drydock::conformance::checks
