// Recipes for the index's token-authorized operations (tag "authorization"): the SPEC delete
// flow's PUT .../auth and the undocumented layer access callback (protocol-notes 4.4).

#include <nlohmann/json.hpp>

#include "../derive.h"
#include "drydock/common/json_limits.h"

namespace drydock::conformance::checks {

namespace {

// Fails the check unless a 200 answer says {"access": want} (a 404 has nothing to read).
Verify access_is(bool want) {
  return [want](CheckContext& ctx, const Scene&, const Call&, const Response& response) {
    if (response.status != 200) return;
    nlohmann::json body = parse_json(response.body).value_or(nlohmann::json());
    if (!body.is_object() || body.value("access", !want) != want) {
      ctx.fail(std::string("the answer must say {\"access\": ") + (want ? "true" : "false") +
               "}: " + response.body.substr(0, 200));
    }
  };
}

}  // namespace

std::vector<Recipe> index_authorization_recipes() {
  Recipe auth;
  auth.stage = Stage::kPushed;
  auth.hint = "Accept the repository's token on PUT .../auth and answer 200.";

  Recipe access;
  access.operation_id = "getUserRepositoryLayerAccess";
  access.stage = Stage::kPushed;
  access.hint = "Answer 200 {\"access\": true} for an image of the repository.";
  access.verify = access_is(true);
  // An image the repository does not list: 404, or 200 {"access": false}; never true, which
  // would let the registry serve it through this repository (protocol-notes 4.4).
  Provocation unlisted;
  unlisted.condition = "image-not-found";
  unlisted.sends = "for an image the repository does not list";
  unlisted.hint = "Answer {\"access\": false} (or 404) for an image the repository lacks.";
  unlisted.apply = [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
    call.path["image_id"] = unknown_image_id(ctx);
    return Result<void>();
  };
  unlisted.verify = access_is(false);
  access.variants.push_back(unlisted);

  std::vector<Recipe> out = user_and_library("put", "Auth", auth);
  out.push_back(access);
  return out;
}

}  // namespace drydock::conformance::checks
