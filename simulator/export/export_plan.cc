// plan_export (static_export.h): which repositories, tags and images an export holds, read from a
// store through layout.h and the registry's image state.

#include <algorithm>
#include <set>

#include "drydock/simulator/export/static_export.h"
#include "drydock/simulator/storage/layout.h"
#include "registry/image_store.h"

namespace drydock::static_registry {

namespace {

namespace layout = storage::layout;

// Whether `name` can be both a URL path segment and a file name as it is: [A-Za-z0-9_.-], not
// "." or "..". The simulator accepts no other image id, namespace, repository or tag.
bool is_plain_name(const std::string& name) {
  return !name.empty() && layout::escape_component(name) == name;
}

struct RepositoryName {
  std::string ns;
  std::string name;
};

Result<RepositoryName> parse_repository(const std::string& text) {
  size_t slash = text.find('/');
  RepositoryName parsed = slash == std::string::npos
                              ? RepositoryName{"library", text}
                              : RepositoryName{text.substr(0, slash), text.substr(slash + 1)};
  if (!is_plain_name(parsed.ns) || !is_plain_name(parsed.name)) {
    return Error::invalid("not a repository name (NS/NAME): " + text);
  }
  return parsed;
}

// The last component of `key`, unescaped; "" when malformed.
std::string last_name(const std::string& key) {
  size_t slash = key.rfind('/');
  return layout::unescape_component(key.substr(slash + 1)).value_or("");
}

// Every repository of the store.
Result<std::vector<RepositoryName>> all_repositories(storage::Storage& store) {
  std::vector<RepositoryName> found;
  auto namespaces = store.list("repositories");
  if (!namespaces) return namespaces.error();
  for (const std::string& ns_key : *namespaces) {
    auto names = store.list(ns_key);
    if (!names) return names.error();
    for (const std::string& name_key : *names) {
      found.push_back({last_name(ns_key), last_name(name_key)});
    }
  }
  return found;
}

class Planner {
 public:
  Planner(storage::Storage& store, ExportPlan& plan) : store_(store), plan_(plan) {}

  // Adds the repository with its tags whose images are all complete.
  Result<void> add(const RepositoryName& repository) {
    ExportedRepository out{repository.ns, repository.name, {}, {}};
    const std::string full = repository.ns + "/" + repository.name;
    auto keys = store_.list(layout::repository_dir(repository.ns, repository.name));
    if (!keys) return keys.error();
    for (const std::string& key : *keys) {
      std::optional<std::string> tag = layout::tag_from_key(key);
      if (!tag) continue;
      if (!is_plain_name(*tag)) {
        note(full + ": tag " + *tag + " left out: not a name a URL path can carry as it is");
        continue;
      }
      auto id = store_.get(key);
      if (!id) return id.error();
      std::string why = add_image_chain(*id);
      if (!why.empty()) {
        note(full + ":" + *tag + " left out: " + why);
        continue;
      }
      out.tags[*tag] = *id;
      for (const std::string& ancestor : plan_.images[*id].ancestry) {
        if (std::find(out.images.begin(), out.images.end(), ancestor) == out.images.end()) {
          out.images.push_back(ancestor);
        }
      }
    }
    plan_.repositories.push_back(std::move(out));
    return {};
  }

  void note(std::string text) { plan_.notes.push_back(std::move(text)); }

 private:
  // Adds `id` and its ancestors to the plan; returns why they cannot be exported, "" when they
  // can.
  std::string add_image_chain(const std::string& id) {
    if (!is_plain_name(id)) return "its image id " + id + " is not a plain name";
    auto ancestry = simulator::registry::read_ancestry(store_, id);
    if (!ancestry || ancestry->empty() || ancestry->front() != id) {
      return "image " + id + " has no ancestry starting with itself";
    }
    for (const std::string& ancestor : *ancestry) {
      if (plan_.images.count(ancestor) != 0) continue;
      std::string why = image_problem(ancestor);
      if (!why.empty()) return why;
    }
    for (size_t i = 0; i < ancestry->size(); ++i) {
      const std::string& ancestor = (*ancestry)[i];
      if (plan_.images.count(ancestor) != 0) continue;
      ExportedImage image;
      image.id = ancestor;
      image.ancestry.assign(ancestry->begin() + static_cast<long>(i), ancestry->end());
      image.layer_size = store_.stat(layout::image_layer(ancestor)).value_or({}).size;
      auto checksums = simulator::registry::read_checksums(store_, ancestor);
      for (const std::string& checksum : checksums.value_or({})) {
        if (checksum.starts_with("sha256:") && image.payload_checksum.empty()) {
          image.payload_checksum = checksum;
        } else if (checksum.starts_with("tarsum+sha256:") && image.tarsum.empty()) {
          image.tarsum = checksum;
        }
      }
      plan_.images[ancestor] = std::move(image);
    }
    return "";
  }

  // Why image `id` cannot be exported, "" when it can: it must be complete (protocol-notes 7:
  // an image is readable only once its checksum was accepted), with its layer.
  std::string image_problem(const std::string& id) {
    if (!is_plain_name(id)) return "its ancestor " + id + " is not a plain image id";
    auto state = simulator::registry::image_state(store_, id);
    if (!state) return "image " + id + " cannot be read: " + state.error().message;
    if (*state == simulator::registry::ImageState::kAbsent) return "image " + id + " is missing";
    if (*state == simulator::registry::ImageState::kInProgress) {
      return "image " + id + " is still being uploaded";
    }
    if (!store_.stat(layout::image_layer(id)).ok()) return "image " + id + " has no layer";
    return "";
  }

  storage::Storage& store_;
  ExportPlan& plan_;
};

}  // namespace

Result<ExportPlan> plan_export(storage::Storage& store,
                               const std::vector<std::string>& repositories, bool include_private) {
  ExportPlan plan;
  Planner planner(store, plan);
  std::vector<RepositoryName> chosen;
  for (const std::string& text : repositories) {
    auto parsed = parse_repository(text);
    if (!parsed) return parsed.error();
    auto found = store.exists(layout::repository_dir(parsed->ns, parsed->name));
    if (!found) return found.error();
    if (!*found) return Error::not_found("no repository " + parsed->ns + "/" + parsed->name);
    if (!include_private && simulator::registry::object_exists(
                                store, layout::repository_private(parsed->ns, parsed->name))) {
      return Error{ErrorCode::kForbidden,
                   parsed->ns + "/" + parsed->name + " is private: --include-private exports it"};
    }
    chosen.push_back(*parsed);
  }
  if (repositories.empty()) {
    auto all = all_repositories(store);
    if (!all) return all.error();
    for (const RepositoryName& repository : *all) {
      const std::string full = repository.ns + "/" + repository.name;
      if (!is_plain_name(repository.ns) || !is_plain_name(repository.name)) {
        planner.note(full + " left out: not a name a URL path can carry as it is");
      } else if (!include_private &&
                 simulator::registry::object_exists(
                     store, layout::repository_private(repository.ns, repository.name))) {
        planner.note(full + " left out: private (--include-private exports it)");
      } else {
        chosen.push_back(repository);
      }
    }
  }
  std::set<std::string> seen;
  for (const RepositoryName& repository : chosen) {
    if (!seen.insert(repository.ns + "/" + repository.name).second) continue;
    if (auto added = planner.add(repository); !added) return added.error();
  }
  return plan;
}

}  // namespace drydock::static_registry
