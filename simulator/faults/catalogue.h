#pragma once
// The fault catalogue: every fault `X-Drydock-Fault: NAME` can ask for (with --faults), which
// side it breaks, at which seam, what it breaks, and the conformance checks that prove it: those
// that must catch it or, for a fault the simulator survives (a slow backend), those that must still
// pass. It is what `drydock serve --list-faults` prints, README.md's fault table, and what the
// fault tests walk: every check listed in `catches` must fail against a simulator asked for the
// fault, every one in `survives` pass (design.md "Faults").
//
// Assembled from the one fault table (faults.h): a fault that waives condition C of operation O
// is caught by the check of O under C (the ID spec::check_id() gives it), plus the
// checks its row declares.

#include <string>
#include <string_view>
#include <vector>

#include "faults.h"

namespace drydock::simulator::faults {

struct CatalogueEntry {
  std::string name;  // the X-Drydock-Fault value: "layer-truncated"
  FaultSide side = FaultSide::kServer;
  Seam seam = Seam::kReply;
  std::string breaks;                 // one line: the behaviour it breaks
  std::vector<std::string> catches;   // check IDs that must fail under this fault
  std::vector<std::string> survives;  // or, for a fault the simulator survives: that must pass
  // The profile those checks run under (drydock check --profile) to catch it (Fault::profile).
  std::string profile = "compat";
};

// Every fault, in the table's order.
const std::vector<CatalogueEntry>& fault_catalogue();

// Returns the entry named `name`, or null.
const CatalogueEntry* find_fault(std::string_view name);

// The ID of the check of operation `operation_id` under `condition`:
// "<side>/<tag>/<kebab operationId>/<condition>" (spec::check_id()).
std::string check_id_of(std::string_view operation_id, std::string_view condition);

// README.md's fault table (markdown, one row per fault, ending in a newline).
std::string markdown_table();

}  // namespace drydock::simulator::faults
