// Recipes for the registry's image operations (tag "images"): JSON, layer, checksum, ancestry.
// Reads work on a pushed image; each upload step works on a created repository with the steps
// before it done.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "../derive.h"
#include "drydock/common/digest.h"
#include "drydock/common/json_limits.h"

namespace drydock::conformance::checks {

namespace {

// Fails the check unless `body` parses as JSON equal to `want`.
void expect_json(CheckContext& ctx, std::string_view what, const std::string& body,
                 const nlohmann::json& want) {
  Result<nlohmann::json> got = parse_json(body);
  if (!got.ok() || *got != want)
    ctx.fail(std::string(what) + " differs from what was pushed: " + want.dump());
}

// The content of each good read of the pushed top image: its layer's bytes, its JSON, and its
// ancestry, top first.
Verify content_of(std::string_view operation_id) {
  const std::string id(operation_id);
  return [id](CheckContext& ctx, const Scene& scene, const Call&, const Response& response) {
    if (scene.repo == nullptr) return;
    const fixtures::ImageChain& images = scene.repo->images;
    if (id == "getImageLayer" && response.body != images.top().layer) {
      const std::string& got = response.body;
      const std::string& want = images.top().layer;
      // The first differing byte, or the end of the shorter one.
      auto first = std::mismatch(got.begin(), got.end(), want.begin(), want.end()).first;
      ctx.fail("the layer's bytes differ from the pushed layer from offset " +
               std::to_string(first - got.begin()) + " (" + std::to_string(got.size()) +
               " bytes received, sha256:" + sha256_hex(got) + "; " + std::to_string(want.size()) +
               " pushed, sha256:" + sha256_hex(want) + ")");
    } else if (id == "getImageJson") {
      expect_json(ctx, "the image JSON", response.body, nlohmann::json::parse(images.top().json));
    } else if (id == "getImageAncestry") {
      expect_json(ctx, "the ancestry (top first)", response.body, images.ancestry());
    }
  };
}

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
    read.hint = "Serve a complete image, exactly as pushed, to a read token.";
    read.verify = content_of(id);
    out.push_back(read);
  }
  Recipe json;
  json.operation_id = "putImageJson";
  json.stage = Stage::kCreated;
  json.hint = "Store the image JSON of a listed image and answer 200.";
  json.finish = upload_until(false, false);
  // R4: the JSON's id must be the URL's ("JSON data contains invalid id"); else the registry
  // would serve an image under an id it does not have.
  Provocation other_id;
  other_id.condition = "invalid-body";
  other_id.variant = "id-mismatch";
  other_id.sends = "with JSON whose id is another image's";
  other_id.hint = "Compare the JSON's id with the URL's and answer 400 when they differ.";
  other_id.apply = [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
    nlohmann::json image = nlohmann::json::parse(call.body, nullptr, false);
    if (!image.is_object()) return Result<void>(Error::internal("the fixture JSON is not JSON"));
    image["id"] = unknown_image_id(ctx);
    call.body = image.dump();
    return Result<void>();
  };
  json.variants.push_back(other_id);
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
