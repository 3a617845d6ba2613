#include "drydock/common/payload_checksum.h"

namespace drydock {

PayloadChecksum::PayloadChecksum(std::string_view json) {
  hash_.update(json);
  hash_.update("\n");
}

void PayloadChecksum::update(std::string_view layer_chunk) {
  hash_.update(layer_chunk);
}

std::string PayloadChecksum::finish() {
  return "sha256:" + hash_.finish_hex();
}

std::string payload_checksum(std::string_view json, std::string_view layer) {
  PayloadChecksum checksum(json);
  checksum.update(layer);
  return checksum.finish();
}

}  // namespace drydock
