// Recipes for the registry's tag operations (tag "tags"), user and library repositories.

#include "../derive.h"

namespace drydock::conformance::checks {

std::vector<Recipe> registry_tag_recipes() {
  Recipe read;
  read.stage = Stage::kPushed;
  read.hint = "Serve the repository's tags to a read token.";
  Recipe remove;
  remove.stage = Stage::kPushed;
  remove.hint = "Delete tags for a delete token and answer 200.";
  Recipe put;
  put.stage = Stage::kPushed;
  put.hint = "Set the tag to the image id sent as a JSON string and answer 200.";
  put.finish = [](CheckContext&, const spec::Operation&, Scene& scene, Call& call) {
    call.path["tag"] = "dd-tag";
    call.body = "\"" + scene.repo->images.top().id + "\"";
    return Result<void>();
  };
  std::vector<Recipe> out;
  for (const char* suffix : {"Tags", "Tag", "TagJson"}) {
    for (Recipe& r : user_and_library("get", suffix, read)) out.push_back(std::move(r));
  }
  for (const char* suffix : {"Tags", "Tag"}) {
    for (Recipe& r : user_and_library("delete", suffix, remove)) out.push_back(std::move(r));
  }
  for (Recipe& r : user_and_library("put", "Tag", put)) out.push_back(std::move(r));
  return out;
}

}  // namespace drydock::conformance::checks
