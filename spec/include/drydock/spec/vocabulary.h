#pragma once
// The condition vocabulary: every situation a response can answer ("malformed-json",
// "token-expired"...), defined once in spec/conditions.json. The build turns that file into the
// typed `Condition` enum with each name (condition.h, generated) and the table of what the file
// says of each (compiled into vocabulary.cc alone), so code names a condition by enumerator and
// the spec files name it by string; parse_condition() joins the two.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "drydock/spec/condition.h"

namespace drydock::spec {

// What spec/conditions.json says of `condition`.
const ConditionInfo& info(Condition condition);
// "malformed-json".
constexpr std::string_view to_string(Condition condition) {
  return kConditionNames[static_cast<std::size_t>(condition)];
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
