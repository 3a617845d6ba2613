// Recipes for the index's image-list operations (tag "images"): the list a push records and a pull
// reads.

#include "../derive.h"

namespace drydock::conformance::checks {

std::vector<Recipe> index_image_recipes() {
  Recipe put;
  put.stage = Stage::kCreated;
  put.hint = "Record the pushed image list and answer 204 (Docker 1.x requires 204).";
  put.finish = [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
    call.body = "[]";  // what Docker 0.10 to 1.9 send (protocol-notes 10.9)
    return Result<void>();
  };

  Recipe get;
  get.stage = Stage::kPushed;
  get.hint = "Answer GET .../images 200 with the repository's image list.";

  std::vector<Recipe> out = user_and_library("put", "Images", put);
  for (Recipe& r : user_and_library("get", "Images", get)) out.push_back(std::move(r));
  return out;
}

}  // namespace drydock::conformance::checks
