// Recipes for the index's token-authorized operations (tag "authorization"): the SPEC delete
// flow's PUT .../auth and the undocumented layer access callback (protocol-notes 4.4).

#include "../derive.h"

namespace drydock::conformance::checks {

std::vector<Recipe> index_authorization_recipes() {
  Recipe auth;
  auth.stage = Stage::kPushed;
  auth.hint = "Accept the repository's token on PUT .../auth and answer 200.";

  Recipe access;
  access.operation_id = "getUserRepositoryLayerAccess";
  access.stage = Stage::kPushed;
  access.hint = "Answer 200 {\"access\": true} for an image of the repository.";

  std::vector<Recipe> out = user_and_library("put", "Auth", auth);
  out.push_back(access);
  return out;
}

}  // namespace drydock::conformance::checks
