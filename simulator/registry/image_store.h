#pragma once
// What the registry knows about one image, read from Storage through layout.h: whether its JSON
// exists and whether its upload is finished (protocol-notes 5.1 R4-R6), its ancestry and the
// checksums computed when its layer arrived.

#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/simulator/storage/storage.h"

namespace drydock::simulator::registry {

enum class ImageState {
  kAbsent,      // no JSON
  kInProgress,  // JSON stored, checksum not yet accepted: unreadable (protocol-notes 7)
  kComplete,    // checksum accepted
};

Result<ImageState> image_state(storage::Storage& storage, std::string_view image_id);

// The image's ancestry, self first. kNotFound when it has none.
Result<std::vector<std::string>> read_ancestry(storage::Storage& storage,
                                               std::string_view image_id);

// The checksums stored at PUT layer ("sha256:..." payload form, then "tarsum+sha256:..." when the
// layer was a readable tar). Empty when the layer never arrived or the JSON was replaced since.
Result<std::vector<std::string>> read_checksums(storage::Storage& storage,
                                                std::string_view image_id);

// Returns whether an object lives at `key` (false on error: handlers then answer "absent").
bool object_exists(storage::Storage& storage, std::string_view key);

}  // namespace drydock::simulator::registry
