// Repository tags (protocol-notes 5.1 R13-R16): list, get, put, delete.

#include <map>

#include <nlohmann/json.hpp>

#include "drydock/simulator/storage/layout.h"
#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

namespace layout = storage::layout;
using http::Context;
using http::Reply;
using http::Request;

std::string tag_of(const Request& request) {
  auto it = request.path_params.find("tag");
  return it != request.path_params.end() ? it->second : std::string();
}

// Every tag of a repository and the image it names. kNotFound when the repository is absent.
Result<std::map<std::string, std::string>> read_tags(storage::Storage& storage,
                                                     const RepositoryName& repo) {
  const std::string dir = layout::repository_dir(repo.ns, repo.name);
  auto found = storage.exists(dir);
  if (!found.ok()) return found.error();
  if (!*found) return Error::not_found("Repository not found");
  auto keys = storage.list(dir);
  if (!keys.ok()) return keys.error();
  std::map<std::string, std::string> tags;
  for (const auto& key : *keys) {
    auto tag = layout::tag_from_key(key);
    if (!tag) continue;
    auto image = storage.get(key);
    if (image.ok()) tags.emplace(*tag, std::move(*image));
  }
  return tags;
}

// GET .../tags (R13): {tag: id}.
Reply get_tags(Services& services, Context& context, const Request& request) {
  auto tags = read_tags(*services.storage, repository_name(request));
  if (!tags.ok()) {
    return tags.error().code == ErrorCode::kNotFound
               ? refuse(context, Condition::kRepositoryNotFound)
               : refuse(context, tags.error());
  }
  return json_reply(200, *tags);
}

// GET .../tags/{tag} (R14): the image id as a JSON string.
Reply get_tag(Services& services, Context& context, const Request& request) {
  RepositoryName repo = repository_name(request);
  auto image = services.storage->get(layout::repository_tag(repo.ns, repo.name, tag_of(request)));
  if (!image.ok()) {
    return image.error().code == ErrorCode::kNotFound ? refuse(context, Condition::kTagNotFound)
                                                      : refuse(context, image.error());
  }
  return json_reply(200, *image);
}

// PUT .../tags/{tag} (R15): body a JSON string naming an image whose JSON exists (in-progress
// images are accepted, protocol-notes 10.18). Records the pushing client's metadata.
Reply put_tag(Services& services, Context& context, const Request& request) {
  auto body = json_body(context, request);
  if (!body.ok()) return std::move(body.refusal());
  if (!body.value().value.is_string())
    return refuse(context, Condition::kInvalidBody, "Invalid data");
  const std::string id = body.value().value.get<std::string>();
  storage::Storage& storage = *services.storage;
  auto state = image_state(storage, id, services.complete_images.get());
  if (!state.ok()) return refuse(context, state.error());
  if (*state == ImageState::kAbsent) {
    if (auto refused = gate(context, Condition::kImageNotFound)) return std::move(*refused);
  }
  RepositoryName repo = repository_name(request);
  const std::string tag = tag_of(request);
  if (auto r = storage.put(layout::repository_tag(repo.ns, repo.name, tag), id); !r.ok()) {
    return refuse(context, r.error());
  }
  const std::string metadata =
      client_metadata(request.headers.get("User-Agent").value_or(""), now_of(services)).dump();
  if (auto r = storage.put(layout::repository_tag_json(repo.ns, repo.name, tag), metadata);
      !r.ok()) {
    return refuse(context, r.error());
  }
  if (tag == "latest") {
    if (auto r = storage.put(layout::repository_json(repo.ns, repo.name), metadata); !r.ok()) {
      return refuse(context, r.error());
    }
  }
  return success();
}

// DELETE .../tags/{tag} (R16). Removes the tag and its metadata.
Reply delete_tag(Services& services, Context& context, const Request& request) {
  RepositoryName repo = repository_name(request);
  const std::string tag = tag_of(request);
  storage::Storage& storage = *services.storage;
  const std::string key = layout::repository_tag(repo.ns, repo.name, tag);
  if (!object_exists(storage, key))
    return refuse(context, Condition::kTagNotFound, "Tag not found: " + tag);
  if (auto r = storage.remove(key); !r.ok()) return refuse(context, r.error());
  (void)storage.remove(layout::repository_tag_json(repo.ns, repo.name, tag));  // may be absent
  return success();
}

}  // namespace

Result<void> register_tag_handlers(http::Router& router, Services& services) {
  static constexpr Route kRoutes[] = {
      {"getUserRepositoryTags", Scope::kRepository, get_tags, kUserAndLibrary},
      {"getUserRepositoryTag", Scope::kRepository, get_tag, kUserAndLibrary},
      {"putUserRepositoryTag", Scope::kRepository, put_tag, kUserAndLibrary},
      {"deleteUserRepositoryTag", Scope::kRepository, delete_tag, kUserAndLibrary},
  };
  return register_routes(router, services, kRoutes);
}

}  // namespace drydock::simulator::registry
