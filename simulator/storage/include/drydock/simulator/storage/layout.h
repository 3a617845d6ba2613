#pragma once
// Layout: the ONE place that knows where the registry keeps things in a Storage. Handlers ask
// layout for a key and never build one themselves. The tree follows docker-registry's
// (depends/docker-registry-core/docker_registry/core/driver.py), so a reader of either finds
// their way in the other:
//
//   images/
//     <image id>/
//       json            the image JSON, bytes exactly as PUT
//       layer           the layer bytes
//       _checksum       the checksums computed at PUT layer (JSON list of "sha256:<hex>")
//       _inprogress     present from PUT json until PUT checksum succeeds (protocol-notes §5.1
//       R4-R6) ancestry        JSON list [id, parent, ..., base]
//   repositories/
//     <namespace>/
//       <repository>/
//         tag_<tag>         the image id a tag names (bare id, no quotes)
//         tagjson_<tag>     the tag's metadata JSON (from the pushing client's User-Agent);
//                           docker-registry's "tag<tag>_json" would collide with tag_<tag>
//         json              the repository's metadata JSON (R18; written with the "latest" tag)
//         _index_images     the image list the index sent (JSON)
//         _private          present when the repository is private (R20)
//
// Names are escaped per component (see escape_component), so any image id, namespace,
// repository or tag yields a valid key that cannot step outside its directory.

#include <optional>
#include <string>
#include <string_view>

namespace drydock::storage::layout {

// Returns `name` as one valid key component: every byte outside [A-Za-z0-9_.-] is
// percent-encoded (%XX), "." and ".." are encoded whole, and "" becomes "%".
std::string escape_component(std::string_view name);

// Returns the name that escape_component() turned into `component`, or nullopt if malformed.
std::optional<std::string> unescape_component(std::string_view component);

// Images.
std::string image_dir(std::string_view image_id);
std::string image_json(std::string_view image_id);
std::string image_layer(std::string_view image_id);
std::string image_checksum(std::string_view image_id);
std::string image_in_progress(std::string_view image_id);
std::string image_ancestry(std::string_view image_id);

// Repositories.
std::string repository_dir(std::string_view ns, std::string_view repository);
std::string repository_tag(std::string_view ns, std::string_view repository, std::string_view tag);
std::string repository_tag_json(std::string_view ns, std::string_view repository,
                                std::string_view tag);
std::string repository_json(std::string_view ns, std::string_view repository);
std::string repository_index_images(std::string_view ns, std::string_view repository);
std::string repository_private(std::string_view ns, std::string_view repository);

// Whether `key` is an image's layer (image_layer()) / a repository's tag (repository_tag()).
bool is_image_layer(std::string_view key);
bool is_repository_tag(std::string_view key);

// Returns the tag named by a key that list(repository_dir(...)) returned, or nullopt if the key
// is something else in the repository (json, a tag's metadata, the image list...).
std::optional<std::string> tag_from_key(std::string_view key);

}  // namespace drydock::storage::layout
