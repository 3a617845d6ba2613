#pragma once
// The registry's "simple" (payload) checksum, protocol-notes section 7:
//   "sha256:" + hex(SHA-256(json bytes + "\n" + layer bytes))
// with the JSON and layer bytes exactly as they were PUT. Computed incrementally, so a layer of
// any size streams through in bounded memory.

#include <string>
#include <string_view>

#include "drydock/common/digest.h"

namespace drydock {

class PayloadChecksum {
 public:
  // Starts the checksum with the image's JSON bytes (and the "\n" that follows them).
  explicit PayloadChecksum(std::string_view json);

  // Feeds the next chunk of layer bytes.
  void update(std::string_view layer_chunk);

  // Returns "sha256:<64 hex digits>". REQUIRES: called once.
  std::string finish();

 private:
  Sha256 hash_;
};

// Returns the payload checksum of a whole layer held in memory.
std::string payload_checksum(std::string_view json, std::string_view layer);

}  // namespace drydock
