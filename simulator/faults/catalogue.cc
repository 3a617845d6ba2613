#include "catalogue.h"

#include "drydock/simulator/registry/registry_faults.h"
#include "index/index_faults.h"
#include "server_faults.h"

namespace drydock::simulator::faults {
namespace {

std::vector<CatalogueEntry> assemble() {
  // `catches` stays empty until the conformance checks exist: the runner's catalogue fills in,
  // per fault, the IDs of the checks that must fail under it.
  std::vector<CatalogueEntry> entries;
  for (const FaultInfo& fault : index_fault_names()) {
    entries.push_back({fault.name, FaultSide::kIndex, fault.description, {}});
  }
  for (const auto& fault : registry::registry_faults()) {
    entries.push_back(
        {std::string(fault.name), FaultSide::kRegistry, std::string(fault.description), {}});
  }
  for (const FaultInfo& fault : server_fault_names()) {
    entries.push_back({fault.name, FaultSide::kServer, fault.description, {}});
  }
  return entries;
}

}  // namespace

std::string_view side_name(FaultSide side) {
  switch (side) {
    case FaultSide::kIndex:
      return "index";
    case FaultSide::kRegistry:
      return "registry";
    case FaultSide::kServer:
      return "server";
  }
  return "server";
}

const std::vector<CatalogueEntry>& fault_catalogue() {
  static const std::vector<CatalogueEntry> catalogue = assemble();
  return catalogue;
}

const CatalogueEntry* find_fault(std::string_view name) {
  for (const auto& entry : fault_catalogue()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace drydock::simulator::faults
