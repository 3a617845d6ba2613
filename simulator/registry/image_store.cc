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

}  // namespace

bool object_exists(storage::Storage& storage, std::string_view key) {
  auto found = storage.exists(key);
  return found.ok() && *found;
}

Result<ImageState> image_state(storage::Storage& storage, std::string_view image_id) {
  auto json = storage.exists(layout::image_json(image_id));
  if (!json.ok()) return json.error();
  if (!*json) return ImageState::kAbsent;
  auto in_progress = storage.exists(layout::image_in_progress(image_id));
  if (!in_progress.ok()) return in_progress.error();
  return *in_progress ? ImageState::kInProgress : ImageState::kComplete;
}

Result<std::vector<std::string>> read_ancestry(storage::Storage& storage,
                                               std::string_view image_id) {
  return read_string_list(storage, layout::image_ancestry(image_id));
}

Result<std::vector<std::string>> read_checksums(storage::Storage& storage,
                                                std::string_view image_id) {
  auto list = read_string_list(storage, layout::image_checksum(image_id));
  if (!list.ok() && list.error().code == ErrorCode::kNotFound) return std::vector<std::string>{};
  return list;
}

}  // namespace drydock::simulator::registry
