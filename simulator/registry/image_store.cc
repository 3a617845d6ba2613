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

// What `read()` answers for `member` of the image `id`: remembered when the image is known
// complete and that was read before; otherwise read, and remembered only if the image was known
// complete before the read (an image in progress may still change).
template <typename T, typename Read>
Result<T> remembered(storage::CompleteImages* complete, std::string_view id,
                     std::optional<T> storage::CompleteImage::*member, Read read) {
  auto known = complete != nullptr ? complete->get(id, member) : std::nullopt;
  if (known && *known) return **known;
  Result<T> value = read();
  if (known && value.ok()) complete->set(id, member, *value);
  return value;
}

}  // namespace

bool object_exists(storage::Storage& storage, std::string_view key) {
  auto found = storage.exists(key);
  return found.ok() && *found;
}

Result<ImageState> image_state(storage::Storage& storage, std::string_view image_id,
                               storage::CompleteImages* complete) {
  if (complete != nullptr && complete->contains(image_id)) return ImageState::kComplete;
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
  return remembered(complete, image_id, &storage::CompleteImage::ancestry,
                    [&] { return read_string_list(storage, layout::image_ancestry(image_id)); });
}

Result<std::vector<std::string>> read_checksums(storage::Storage& storage,
                                                std::string_view image_id,
                                                storage::CompleteImages* complete) {
  auto list = remembered(complete, image_id, &storage::CompleteImage::checksums, [&] {
    return read_string_list(storage, layout::image_checksum(image_id));
  });
  if (!list.ok() && list.error().code == ErrorCode::kNotFound) return std::vector<std::string>{};
  return list;
}

Result<std::string> read_image_json(storage::Storage& storage, std::string_view image_id,
                                    storage::CompleteImages* complete) {
  return remembered(complete, image_id, &storage::CompleteImage::json,
                    [&] { return storage.get(layout::image_json(image_id)); });
}

Result<uint64_t> layer_size(storage::Storage& storage, std::string_view image_id,
                            storage::CompleteImages* complete) {
  return remembered(complete, image_id, &storage::CompleteImage::layer_size,
                    [&]() -> Result<uint64_t> {
                      auto stat = storage.stat(layout::image_layer(image_id));
                      if (!stat.ok()) return stat.error();
                      return stat->size;
                    });
}

}  // namespace drydock::simulator::registry
