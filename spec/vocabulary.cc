#include "drydock/spec/vocabulary.h"

namespace drydock::spec {
namespace {

constexpr ConditionInfo kConditions[kConditionCount] = {
#include "condition_rows.inc"
};

// The table is in the enum's order, so info() may index it, and names each condition as
// condition.h does.
constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kConditionCount; ++i) {
    if (static_cast<std::size_t>(kConditions[i].condition) != i) return false;
    if (kConditions[i].name != kConditionNames[i]) return false;
  }
  return true;
}
static_assert(in_enum_order());

}  // namespace

const ConditionInfo& info(Condition condition) {
  return kConditions[static_cast<std::size_t>(condition)];
}

std::optional<Condition> parse_condition(std::string_view name) {
  for (const ConditionInfo& entry : kConditions) {
    if (entry.name == name) return entry.condition;
  }
  return std::nullopt;
}

std::span<const ConditionInfo> condition_vocabulary() {
  return kConditions;
}

bool is_known_condition(std::string_view name) {
  std::optional<Condition> condition = parse_condition(name);
  return condition && info(*condition).scope == ConditionScope::kSpec;
}

std::string conditions_markdown() {
  std::string out = "| condition | raised by | default status | situation |\n|---|---|---|---|\n";
  for (ConditionScope scope : {ConditionScope::kSpec, ConditionScope::kServer}) {
    for (const ConditionInfo& entry : kConditions) {
      if (entry.scope != scope) continue;
      out += "| `" + std::string(entry.name) + "` | " +
             (scope == ConditionScope::kSpec ? "a response" : "the HTTP layer") + " | " +
             std::to_string(entry.status) + " | " + std::string(entry.situation) + " |\n";
    }
  }
  return out;
}

}  // namespace drydock::spec
