#include "drydock/simulator/registry/registry_faults.h"

namespace drydock::simulator::registry {

const std::vector<RegistryFault>& registry_faults() {
  static const std::vector<RegistryFault> kFaults = {
      {"token-unchecked", "every registry token check passes, even without Authorization"},
      {"token-scope-unchecked", "a token for another repository is accepted"},
      {"token-access-unchecked", "a token whose access does not allow the method is accepted"},
      {"token-expiry-unchecked", "an expired token is accepted"},
      {"token-signature-unchecked",
       "a token of the right shape is accepted whatever its signature (edited fields included)"},
      {"token-expiry-grace", "a token is accepted until a minute after its expiry"},
      {"image-list-unchecked",
       "json, layer and checksum uploads of an image the token's repository does not list are "
       "accepted"},
      {"json-overwrite-allowed", "PUT json of a complete image answers 200 instead of 409"},
      {"json-id-unchecked", "PUT json whose body id differs from the URL's is accepted"},
      {"not-modified-ignored",
       "GET json, layer and ancestry ignore If-Modified-Since (docker-registry answered 304)"},
      {"json-no-checksum-header", "GET json sends no checksum header"},
      {"json-parent-unchecked", "PUT json naming a missing parent is accepted"},
      {"in-progress-readable", "json, layer and ancestry of an unfinished image answer 200"},
      {"checksum-unverified", "PUT checksum accepts a checksum that does not match"},
      {"checksum-header-optional",
       "PUT checksum without X-Docker-Checksum-Payload answers 200 instead of 412"},
      {"layer-truncated", "GET layer sends only the first half of the bytes"},
      {"layer-corrupted", "GET layer sends the layer with its first byte flipped"},
      {"range-wrong-bytes", "GET layer with a Range answers 206 with the bytes one past it"},
      {"range-off-by-one",
       "GET layer judges a Range as if the layer had one byte more: bytes=SIZE- answers 206"},
      {"ancestry-wrong-order", "GET ancestry lists the base first"},
      {"tags-wrong-shape", "GET tags answers a list of {name, layer} instead of a map"},
      {"tag-delete-noop", "DELETE tag answers 200 but keeps the tag"},
      {"tag-unknown-image-accepted", "PUT tag naming an unknown image answers 200"},
      {"unknown-image-200", "GET json of an unknown image answers 200 {}"},
      {"json-no-size-header", "GET json omits X-Docker-Size"},
  };
  return kFaults;
}

std::vector<std::string> registry_fault_names() {
  std::vector<std::string> names;
  for (const auto& entry : registry_faults()) names.emplace_back(entry.name);
  return names;
}

}  // namespace drydock::simulator::registry
