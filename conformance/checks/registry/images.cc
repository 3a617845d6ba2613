// Recipes for the registry's image operations (tag "images"): JSON, layer, checksum, ancestry.
// Reads work on a pushed image; each upload step works on a created repository with the steps
// before it done.

#include "../derive.h"

namespace drydock::conformance::checks {

namespace {

// Returns a finish step that uploads the base image up to (not including) the operation, then
// aims the call at it.
Apply upload_until(bool layer_first, bool checksum_first) {
  return [layer_first, checksum_first](CheckContext& ctx, const spec::Operation& op, Scene& scene,
                                       Call& call) -> Result<void> {
    Repository& repo = *scene.repo;
    if (layer_first || checksum_first) {
      if (Result<void> r =
              ctx.upload(repo, repo.images.base(), layer_first && checksum_first, false);
          !r.ok()) {
        return r;
      }
    }
    return aim_at_image(ctx, op, repo, repo.images.base(), call);
  };
}

}  // namespace

std::vector<Recipe> registry_image_recipes() {
  std::vector<Recipe> out;
  for (const char* id : {"getImageJson", "getImageLayer", "getImageAncestry"}) {
    Recipe read;
    read.operation_id = id;
    read.stage = Stage::kPushed;
    read.hint = "Serve a complete image to a read token.";
    out.push_back(read);
  }
  Recipe json;
  json.operation_id = "putImageJson";
  json.stage = Stage::kCreated;
  json.hint = "Store the image JSON of a listed image and answer 200.";
  json.finish = upload_until(false, false);
  out.push_back(json);

  Recipe layer;
  layer.operation_id = "putImageLayer";
  layer.stage = Stage::kCreated;
  layer.hint = "Store the layer of an image whose JSON was sent, and answer 200.";
  layer.finish = upload_until(false, true);
  out.push_back(layer);

  Recipe checksum;
  checksum.operation_id = "putImageChecksum";
  checksum.stage = Stage::kCreated;
  checksum.hint = "Verify X-Docker-Checksum-Payload over JSON and layer, and answer 200.";
  checksum.finish = upload_until(true, true);
  out.push_back(checksum);
  return out;
}

}  // namespace drydock::conformance::checks
