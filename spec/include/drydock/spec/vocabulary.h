#pragma once
// The condition vocabulary: every situation a response can answer ("malformed-json",
// "token-expired"...), defined once in spec/conditions.json. The build turns that file into the
// typed `Condition` enum and its table (condition_table.h, generated), so code names a condition
// by enumerator and the spec files name it by string; parse_condition() joins the two.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "drydock/spec/condition_table.h"

namespace drydock::spec {

// What spec/conditions.json says of `condition`.
constexpr const ConditionInfo& info(Condition condition) {
  return kConditions[static_cast<std::size_t>(condition)];
}
// "malformed-json".
constexpr std::string_view to_string(Condition condition) {
  return info(condition).name;
}
// The condition named `name`, of either scope; nullopt when the vocabulary has no such name.
std::optional<Condition> parse_condition(std::string_view name);
// Every condition, in the file's order.
std::span<const ConditionInfo> condition_vocabulary();

// Returns whether `name` is a condition a response's x-drydock-conditions may list (scope spec).
bool is_known_condition(std::string_view name);

// The vocabulary as the Markdown table of spec/README.md "Conditions": one row per condition,
// spec scope first, with its default status and situation (`drydock spec conditions` prints it).
std::string conditions_markdown();

}  // namespace drydock::spec
