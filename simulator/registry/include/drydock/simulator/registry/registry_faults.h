#pragma once
// The registry's faults: with Options::faults, a request carrying `X-Drydock-Fault: <name>` has
// exactly one behaviour broken, so the conformance checks can prove they notice it.

#include <string>
#include <string_view>
#include <vector>

namespace drydock::simulator::registry {

struct RegistryFault {
  std::string_view name;         // "layer-truncated"
  std::string_view description;  // one line: what breaks
};

// Every registry fault, in catalogue order.
const std::vector<RegistryFault>& registry_faults();
// The names of registry_faults().
std::vector<std::string> registry_fault_names();

}  // namespace drydock::simulator::registry
