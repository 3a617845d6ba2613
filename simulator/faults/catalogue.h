#pragma once
// The fault catalogue: every fault `X-Drydock-Fault: NAME` can ask for (with --faults), which
// side it breaks, what it breaks, and the conformance checks that must catch it. It is what
// `drydock serve --list-faults` prints, and what the fault tests walk: every check listed in
// `catches` must fail against a simulator asked for the fault (design.md "Faults").
//
// Assembled from the index's faults (index_fault_names()), the registry's (registry_faults())
// and the server-level ones (server_faults.h). Names are unique across all three.

#include <string>
#include <string_view>
#include <vector>

namespace drydock::simulator::faults {

enum class FaultSide {
  kIndex,     // an index operation misbehaves
  kRegistry,  // a registry operation misbehaves
  kServer,    // the HTTP exchange itself breaks, on either side
};

// "index", "registry", "server".
std::string_view side_name(FaultSide side);

struct CatalogueEntry {
  std::string name;  // the X-Drydock-Fault value: "layer-truncated"
  FaultSide side = FaultSide::kServer;
  std::string breaks;                // one line: the behaviour it breaks
  std::vector<std::string> catches;  // check IDs that must fail under this fault
  // The profile those checks run under (drydock check --profile) to catch it: compat, unless the
  // fault breaks what only one profile's source requires (docker-registry's 304 to any
  // If-Modified-Since, protocol-notes 2). The simulator answers that profile too.
  std::string profile = "compat";
};

// Every fault: index first, then registry, then server-level, each in its own order.
const std::vector<CatalogueEntry>& fault_catalogue();

// Returns the entry named `name`, or null.
const CatalogueEntry* find_fault(std::string_view name);

}  // namespace drydock::simulator::faults
