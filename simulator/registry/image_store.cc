#include "image_store.h"

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/simulator/storage/layout.h"

namespace drydock::simulator::registry {
namespace {

namespace layout = storage::layout;

// Reads a JSON array of strings stored at `key`.
Result<std::vector<std::string>> read_string_list(storage::Storage& storage, std::string_view key) {
  auto text = storage.get(key);
  if (!text.ok()) return text.error();
  auto value = parse_json(*text);
  if (!value.ok() || !value->is_array()) {
    return Error::internal("not a JSON list: " + std::string(key));
  }
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (!item.is_string()) return Error::internal("not a list of strings: " + std::string(key));
    out.push_back(item.get<std::string>());
  }
  return out;
}

// Whether an object lives at `key`, by its stat: an object store answers that in one request, where
// exists() must also look for a directory beneath a missing key. The image's files are never
// directories.
Result<bool> has_object(storage::Storage& storage, std::string_view key) {
  auto stat = storage.stat(key);
  if (stat.ok()) return true;
  if (stat.error().code == ErrorCode::kNotFound) return false;
  return stat.error();
}

// An entry of CompleteImages holding `value` as its `member` alone.
template <typename T>
storage::CompleteImage fact(std::optional<T> storage::CompleteImage::*member, T value) {
  storage::CompleteImage facts;
  facts.*member = std::move(value);
  return facts;
}

}  // namespace

bool object_exists(storage::Storage& storage, std::string_view key) {
  auto found = storage.exists(key);
  return found.ok() && *found;
}

Result<ImageState> image_state(storage::Storage& storage, std::string_view image_id,
                               storage::CompleteImages* complete) {
  if (complete != nullptr && complete->find(image_id)) return ImageState::kComplete;
  auto json = has_object(storage, layout::image_json(image_id));
  if (!json.ok()) return json.error();
  if (!*json) return ImageState::kAbsent;
  auto in_progress = has_object(storage, layout::image_in_progress(image_id));
  if (!in_progress.ok()) return in_progress.error();
  if (*in_progress) return ImageState::kInProgress;
  if (complete != nullptr) complete->add(image_id);
  return ImageState::kComplete;
}

Result<std::vector<std::string>> read_ancestry(storage::Storage& storage, std::string_view image_id,
                                               storage::CompleteImages* complete) {
  auto known = complete != nullptr ? complete->find(image_id) : std::nullopt;
  if (known && known->ancestry) return *known->ancestry;
  auto ancestry = read_string_list(storage, layout::image_ancestry(image_id));
  if (known && ancestry.ok())
    complete->update(image_id, fact(&storage::CompleteImage::ancestry, *ancestry));
  return ancestry;
}

Result<std::vector<std::string>> read_checksums(storage::Storage& storage,
                                                std::string_view image_id,
                                                storage::CompleteImages* complete) {
  auto known = complete != nullptr ? complete->find(image_id) : std::nullopt;
  if (known && known->checksums) return *known->checksums;
  auto list = read_string_list(storage, layout::image_checksum(image_id));
  if (!list.ok() && list.error().code == ErrorCode::kNotFound) return std::vector<std::string>{};
  if (known && list.ok())
    complete->update(image_id, fact(&storage::CompleteImage::checksums, *list));
  return list;
}

Result<std::string> read_image_json(storage::Storage& storage, std::string_view image_id,
                                    storage::CompleteImages* complete) {
  auto known = complete != nullptr ? complete->find(image_id) : std::nullopt;
  if (known && known->json) return *known->json;
  auto json = storage.get(layout::image_json(image_id));
  if (known && json.ok()) complete->update(image_id, fact(&storage::CompleteImage::json, *json));
  return json;
}

Result<uint64_t> layer_size(storage::Storage& storage, std::string_view image_id,
                            storage::CompleteImages* complete) {
  auto known = complete != nullptr ? complete->find(image_id) : std::nullopt;
  if (known && known->layer_size) return *known->layer_size;
  auto stat = storage.stat(layout::image_layer(image_id));
  if (!stat.ok()) return stat.error();
  if (known) complete->update(image_id, fact(&storage::CompleteImage::layer_size, stat->size));
  return stat->size;
}

}  // namespace drydock::simulator::registry
