// Registry-side repositories (protocol-notes 5.1 R17-R19): deleting a repository (or all its
// tags, the same thing), and the client metadata recorded at tag PUT.

#include <sstream>

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/simulator/storage/layout.h"
#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

namespace layout = storage::layout;
using http::Context;
using http::Reply;
using http::Request;

// Returns the User-Agent token's value after "<name>/", or null JSON.
nlohmann::json agent_field(std::string_view user_agent, std::string_view name, bool lower) {
  std::istringstream words{std::string(user_agent)};
  std::string word;
  while (words >> word) {
    if (word.size() > name.size() && word.compare(0, name.size(), name) == 0 &&
        word[name.size()] == '/') {
      std::string value = word.substr(name.size() + 1);
      if (lower) {
        for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      return value;
    }
  }
  return nullptr;
}

// DELETE .../ and DELETE .../tags (R17): every tag, the metadata and the image list go; the
// images stay.
Reply delete_repository(Services& services, Context& context, const Request& request) {
  RepositoryName repo = repository_name(request);
  const std::string dir = layout::repository_dir(repo.ns, repo.name);
  if (!object_exists(*services.storage, dir))
    return refuse(context, Condition::kRepositoryNotFound);
  if (auto r = services.storage->remove(dir); !r.ok()) return refuse(context, r.error());
  return success();
}

// Answers a stored metadata object, or the defaults when none was recorded (R18/R19: 200 even
// for repositories and tags that do not exist, as docker-registry did).
Reply metadata_reply(Services& services, Context& context, const std::string& key) {
  auto stored = services.storage->get(key);
  if (!stored.ok()) {
    if (stored.error().code != ErrorCode::kNotFound) return refuse(context, stored.error());
    return json_reply(200, default_metadata());
  }
  auto value = parse_json(*stored);
  return json_reply(200, value.ok() && value->is_object() ? *value : default_metadata());
}

Reply get_repository_json(Services& services, Context& context, const Request& request) {
  RepositoryName repo = repository_name(request);
  return metadata_reply(services, context, layout::repository_json(repo.ns, repo.name));
}

Reply get_tag_json(Services& services, Context& context, const Request& request) {
  RepositoryName repo = repository_name(request);
  auto tag = request.path_params.find("tag");
  std::string name = tag != request.path_params.end() ? tag->second : std::string();
  return metadata_reply(services, context, layout::repository_tag_json(repo.ns, repo.name, name));
}

}  // namespace

nlohmann::json default_metadata() {
  return {{"arch", "amd64"},   {"docker_go_version", nullptr}, {"docker_version", nullptr},
          {"kernel", nullptr}, {"last_update", nullptr},       {"os", "linux"}};
}

nlohmann::json client_metadata(std::string_view user_agent, std::time_t now) {
  nlohmann::json out = default_metadata();
  if (auto arch = agent_field(user_agent, "arch", true); !arch.is_null()) out["arch"] = arch;
  if (auto os = agent_field(user_agent, "os", true); !os.is_null()) out["os"] = os;
  out["docker_go_version"] = agent_field(user_agent, "go", false);
  out["docker_version"] = agent_field(user_agent, "docker", false);
  out["kernel"] = agent_field(user_agent, "kernel", false);
  out["last_update"] = static_cast<int64_t>(now);
  return out;
}

Result<void> register_repository_handlers(http::Router& router, Services& services) {
  static constexpr Route kRoutes[] = {
      {"registryDeleteUserRepository", Scope::kRepository, delete_repository, kUserAndLibrary},
      {"deleteUserRepositoryTags", Scope::kRepository, delete_repository, kUserAndLibrary},
      {"getUserRepositoryJson", Scope::kRepository, get_repository_json, kUserAndLibrary},
      {"getUserRepositoryTagJson", Scope::kRepository, get_tag_json, kUserAndLibrary},
  };
  return register_routes(router, services, kRoutes);
}

}  // namespace drydock::simulator::registry
