#include "catalogue.h"

#include <algorithm>

#include "drydock/spec/spec.h"

namespace drydock::simulator::faults {
namespace {

void add_unique(std::vector<std::string>& ids, std::string id) {
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
}

CatalogueEntry entry_of(const Fault& fault) {
  CatalogueEntry entry{std::string(fault.name),   fault.side, fault.seam,
                       std::string(fault.breaks), {},         {},
                       std::string(fault.profile)};
  for (const Waiver& waiver : fault.waives) {
    add_unique(entry.catches, check_id_of(waiver.operation, waiver.condition));
  }
  for (std::string_view id : fault.catches) add_unique(entry.catches, std::string(id));
  for (std::string_view id : fault.survives) add_unique(entry.survives, std::string(id));
  return entry;
}

std::vector<CatalogueEntry> assemble() {
  std::vector<CatalogueEntry> entries;
  for (const Fault& fault : fault_table()) entries.push_back(entry_of(fault));
  return entries;
}

}  // namespace

std::string check_id_of(std::string_view operation_id, std::string_view condition) {
  const spec::Operation* operation = spec::Spec::embedded().find(operation_id);
  if (operation == nullptr) return "unknown-operation/" + std::string(operation_id);
  return spec::check_id(*operation, condition);
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

std::string markdown_table() {
  std::string out = "| fault | side | seam | breaks | proven by |\n|---|---|---|---|---|\n";
  for (const CatalogueEntry& entry : fault_catalogue()) {
    out += "| `" + entry.name + "` | " + std::string(side_name(entry.side)) + " | " +
           std::string(seam_name(entry.seam)) + " | " + entry.breaks + " | ";
    const bool survived = entry.catches.empty();
    const std::vector<std::string>& checks = survived ? entry.survives : entry.catches;
    out += survived ? "survived: " : "caught by ";
    for (size_t i = 0; i < checks.size(); ++i) out += (i == 0 ? "`" : ", `") + checks[i] + "`";
    if (survived) out += " still pass";
    if (entry.profile != "compat") out += " (with `--profile " + entry.profile + "`)";
    out += " |\n";
  }
  return out;
}

}  // namespace drydock::simulator::faults
