#pragma once
// What the registry knows about one image, read from Storage through layout.h: whether its JSON
// exists and whether its upload is finished (protocol-notes 5.1 R4-R6), its ancestry and the
// checksums computed when its layer arrived. Each read takes `complete` (may be null): what it
// holds of a complete image is answered from there, and what is read of one is kept there.

#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/simulator/storage/complete_images.h"
#include "drydock/simulator/storage/storage.h"

namespace drydock::simulator::registry {

enum class ImageState {
  kAbsent,      // no JSON
  kInProgress,  // JSON stored, checksum not yet accepted: unreadable (protocol-notes 7)
  kComplete,    // checksum accepted
};

Result<ImageState> image_state(storage::Storage& storage, std::string_view image_id,
                               storage::CompleteImages* complete = nullptr);

// The image's ancestry, self first. kNotFound when it has none.
Result<std::vector<std::string>> read_ancestry(storage::Storage& storage, std::string_view image_id,
                                               storage::CompleteImages* complete = nullptr);

// The checksums stored at PUT layer ("sha256:..." payload form, then "tarsum+sha256:..." when the
// layer was a readable tar). Empty when the layer never arrived or the JSON was replaced since.
Result<std::vector<std::string>> read_checksums(storage::Storage& storage,
                                                std::string_view image_id,
                                                storage::CompleteImages* complete = nullptr);

// The image's JSON, as stored. kNotFound when it has none.
Result<std::string> read_image_json(storage::Storage& storage, std::string_view image_id,
                                    storage::CompleteImages* complete = nullptr);

// The size of the image's layer. kNotFound when it has none.
Result<uint64_t> layer_size(storage::Storage& storage, std::string_view image_id,
                            storage::CompleteImages* complete = nullptr);

// Returns whether an object lives at `key` (false on error: handlers then answer "absent").
bool object_exists(storage::Storage& storage, std::string_view key);

}  // namespace drydock::simulator::registry
