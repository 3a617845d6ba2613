// Image JSON, ancestry and checksum (protocol-notes 5.1 R4, R6, R7, R9; section 7).
//
// In token mode, every upload (json, layer, checksum) refuses an image the index does not list
// for the token's repository (condition image-not-in-repository; docker-registry checked it on the
// JSON only, R4): the token validator brings that list along, read from the index's state (one
// listener) or from the index's answer to the token check (two).

#include <algorithm>

#include <nlohmann/json.hpp>

#include "drydock/simulator/storage/layout.h"
#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

namespace layout = storage::layout;
using http::Context;
using http::Reply;
using http::Request;

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// The parent an image JSON names, or "" for a base image.
std::string parent_of(const nlohmann::json& image) {
  auto it = image.find("parent");
  return it != image.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Stores a new or re-pushed image: JSON bytes verbatim, the in-progress mark, no old checksum,
// ancestry [id] + the parent's (R4).
Result<void> store_image_json(storage::Storage& storage, storage::CompleteImages* complete,
                              const std::string& id, const std::string& raw,
                              const std::string& parent) {
  if (complete != nullptr) complete->forget(id);
  std::vector<std::string> ancestry{id};
  if (!parent.empty()) {
    auto parents = read_ancestry(storage, parent, complete);
    if (parents.ok()) {
      ancestry.insert(ancestry.end(), parents->begin(), parents->end());
    } else {
      ancestry.push_back(parent);  // json-parent-unchecked: a parent we never saw
    }
  }
  if (auto r = storage.put(layout::image_in_progress(id), "true"); !r.ok()) return r;
  if (auto r = storage.remove(layout::image_checksum(id));
      !r.ok() && r.error().code != ErrorCode::kNotFound) {
    return r;
  }
  if (auto r = storage.put(layout::image_json(id), raw); !r.ok()) return r;
  return storage.put(layout::image_ancestry(id), nlohmann::json(ancestry).dump());
}

// PUT /v1/images/{id}/json. The payload checksum covers the JSON bytes exactly as PUT, so they are
// stored verbatim: the Router keeps the bytes it validated (Context::raw_body).
Reply put_image_json(Services& services, Context& context, const Request& request) {
  const std::string id = image_id_of(request);
  auto body = json_body(context, request);
  if (!body.ok()) return std::move(body.refusal());
  const nlohmann::json& image = body.value().value;
  if (!image.is_object()) return refuse(context, Condition::kInvalidBody, "Invalid JSON");
  auto image_id = image.find("id");
  if (image_id == image.end())
    return refuse(context, Condition::kInvalidBody, "Missing key `id' in JSON");
  if (!image_id->is_string())
    return refuse(context, Condition::kInvalidBody, "JSON data contains invalid id");
  if (image_id->get<std::string>() != id) {
    if (auto refused = gate(context, {Condition::kInvalidBody, "id-mismatch"},
                            "JSON data contains invalid id")) {
      return std::move(*refused);
    }
  }
  if (auto refused = refuse_unlisted(context, id)) return std::move(*refused);
  storage::Storage& storage = *services.storage;
  storage::CompleteImages* complete = services.complete_images.get();
  auto lock = services.image_locks->lock(id);
  const std::string parent = parent_of(image);
  if (!parent.empty()) {
    auto parent_state = image_state(storage, parent, complete);
    if (!parent_state.ok()) return refuse(context, parent_state.error());
    if (*parent_state == ImageState::kAbsent) {
      if (auto refused =
              gate(context, Condition::kParentMissing, "Image depends on a non existing parent")) {
        return std::move(*refused);
      }
    }
  }
  auto state = image_state(storage, id, complete);
  if (!state.ok()) return refuse(context, state.error());
  if (*state == ImageState::kComplete) {
    if (auto refused = gate(context, Condition::kImageExists)) return std::move(*refused);
  }
  if (auto stored = store_image_json(storage, complete, id, body.value().raw, parent);
      !stored.ok()) {
    return refuse(context, stored.error());
  }
  return success();
}

// GET /v1/images/{id}/json (R7): the stored bytes, X-Docker-Size, the stored checksums.
Reply get_image_json(Services& services, Context& context, const Request& request) {
  const std::string id = image_id_of(request);
  auto state = gate_image_read(services, context, request, id);
  if (!state.ok()) return std::move(state.refusal());
  storage::Storage& storage = *services.storage;
  storage::CompleteImages* complete = services.complete_images.get();
  if (state.value() == ImageState::kAbsent) return refuse(context, Condition::kImageNotFound);
  auto json = read_image_json(storage, id, complete);
  if (!json.ok()) return refuse(context, json.error());
  Reply reply = Reply::bytes(200, std::move(*json), "application/json");
  auto layer = layer_size(storage, id, complete);
  reply.headers.set("X-Docker-Size", std::to_string(layer.ok() ? *layer : 0));
  // docker-registry 0.9+ names the payload checksum X-Docker-Checksum-Payload and a tarsum
  // X-Docker-Checksum; the documents name every checksum X-Docker-Checksum (protocol-notes 10.12).
  auto checksums = read_checksums(storage, id, complete);
  if (checksums.ok()) {
    const bool docs = context.profile == spec::Profile::kDocs;
    for (const auto& checksum : *checksums) {
      bool payload = checksum.starts_with("sha256:") && !docs;
      reply.headers.add(payload ? "X-Docker-Checksum-Payload" : "X-Docker-Checksum", checksum);
    }
  }
  set_cacheable(reply, now_of(services));
  return reply;
}

// GET /v1/images/{id}/ancestry (R9): self first, down to the base.
Reply get_image_ancestry(Services& services, Context& context, const Request& request) {
  const std::string id = image_id_of(request);
  auto state = gate_image_read(services, context, request, id);
  if (!state.ok()) return std::move(state.refusal());
  if (state.value() == ImageState::kAbsent) return refuse(context, Condition::kImageNotFound);
  auto ancestry = read_ancestry(*services.storage, id, services.complete_images.get());
  if (!ancestry.ok()) return refuse(context, ancestry.error());
  Reply reply = Reply::json(200, *ancestry);
  set_cacheable(reply, now_of(services));
  return reply;
}

// Whether the client's checksum headers name one the registry computed at PUT layer: the payload
// form, or (old clients) the tarsum in X-Docker-Checksum.
bool checksum_matches(const Request& request, const std::string& payload,
                      const std::vector<std::string>& computed) {
  if (contains(computed, payload)) return true;
  auto tarsum = request.headers.get("X-Docker-Checksum");
  return tarsum && !tarsum->empty() && contains(computed, *tarsum);
}

// PUT /v1/images/{id}/checksum (R6, 0.9.1+ order).
Reply put_image_checksum(Services& services, Context& context, const Request& request) {
  const std::string id = image_id_of(request);
  auto payload = request.headers.get("X-Docker-Checksum-Payload");
  if (!payload) {
    if (auto refused = gate(context, Condition::kChecksumHeaderMissing)) return std::move(*refused);
  }
  if (payload && payload->empty()) {
    return refuse(context, Condition::kChecksumEmpty, "Missing Image's checksum");
  }
  storage::Storage& storage = *services.storage;
  auto lock = services.image_locks->lock(id);
  auto state = image_state(storage, id, services.complete_images.get());
  if (!state.ok()) return refuse(context, state.error());
  if (*state == ImageState::kAbsent) return refuse(context, Condition::kImageNotFound);
  if (auto refused = refuse_unlisted(context, id)) return std::move(*refused);
  if (*state == ImageState::kComplete) return refuse(context, Condition::kImageExists);
  auto computed = read_checksums(storage, id);
  if (!computed.ok()) return refuse(context, computed.error());
  if (computed->empty())
    return refuse(context, Condition::kLayerMissing, "Image's layer is missing");
  if (payload && !checksum_matches(request, *payload, *computed)) {
    if (auto refused = gate(context, Condition::kChecksumMismatch, "Checksum mismatch")) {
      return std::move(*refused);
    }
  }
  if (auto r = storage.remove(layout::image_in_progress(id)); !r.ok()) {
    return refuse(context, r.error());
  }
  return success();
}

}  // namespace

std::string image_id_of(const Request& request) {
  auto it = request.path_params.find("image_id");
  return it != request.path_params.end() ? it->second : std::string();
}

std::optional<Reply> refuse_unlisted(const Context& context, std::string_view image_id) {
  if (!context.token_images || contains(*context.token_images, image_id)) return std::nullopt;
  return gate(context, Condition::kImageNotInRepository,
              "This image does not belong to the repository");
}

http::Checked<ImageState> gate_image_read(Services& services, const Context& context,
                                          const Request& request, std::string_view image_id) {
  auto state = image_state(*services.storage, image_id, services.complete_images.get());
  if (!state.ok()) return refuse(context, state.error());
  if (*state == ImageState::kInProgress) {
    if (auto refused = gate(context, Condition::kImageInProgress)) return std::move(*refused);
  }
  if (request.headers.contains("If-Modified-Since")) {
    return not_modified();  // any value, even for absent images (protocol-notes 10.19)
  }
  return *state;
}

Result<void> register_image_handlers(http::Router& router, Services& services) {
  static constexpr Route kRoutes[] = {
      {"putImageJson", Scope::kImage, put_image_json},
      {"getImageJson", Scope::kImage, get_image_json},
      {"getImageAncestry", Scope::kImage, get_image_ancestry},
      {"putImageChecksum", Scope::kImage, put_image_checksum},
  };
  return register_routes(router, services, kRoutes);
}

}  // namespace drydock::simulator::registry
