// JSON bodies as the simulator's validation step reads them: parsed within the nesting bound, then
// judged by an operation's request schema. Never throws, never recurses past the bound.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/spec/schema.h"
#include "drydock/spec/spec.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<const drydock::spec::Operation*> operations = [] {
    std::vector<const drydock::spec::Operation*> with_bodies;
    for (const auto& operation : drydock::spec::Spec::embedded().operations()) {
      if (operation.request_schema) with_bodies.push_back(&operation);
    }
    return with_bodies;
  }();
  drydock::fuzz::FuzzInput input(data, size);
  const drydock::spec::Operation& operation = *operations[input.take_number(1) % operations.size()];
  const std::string_view body = input.rest();

  auto value = drydock::parse_json(body);
  if (!value.ok()) {
    if (value.error().code == drydock::ErrorCode::kInvalidArgument &&
        drydock::json_text_depth(body) <= drydock::kMaxJsonDepth) {
      std::abort();  // refused as too deep, but it is not
    }
    return 0;
  }
  if (drydock::json_value_depth(*value) > drydock::kMaxJsonDepth) std::abort();
  operation.request_schema->validate(*value);
  value->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
