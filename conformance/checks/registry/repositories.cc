// Recipes for the registry's repository operations (tag "repositories"): repository JSON and the
// registry side of a delete.

#include "../derive.h"

namespace drydock::conformance::checks {

std::vector<Recipe> registry_repository_recipes() {
  Recipe json;
  json.stage = Stage::kPushed;
  json.hint = "Answer GET .../json 200 with the repository's metadata.";
  Recipe remove;
  remove.stage = Stage::kPushed;
  remove.hint = "Delete the repository's tags and images for a delete token and answer 200.";
  std::vector<Recipe> out = user_and_library("get", "Json", json);
  for (Recipe& r : user_and_library("registryDelete", "", remove)) out.push_back(std::move(r));
  return out;
}

}  // namespace drydock::conformance::checks
