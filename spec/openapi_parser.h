#pragma once
// Private to spec/: reads the operations of one OpenAPI 3.0 document into the model of spec.h,
// recording each problem with its JSON pointer and skipping what it cannot read.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/spec/spec.h"
#include "problems.h"

namespace drydock::spec {

// Appends the operations of `document` (from `file`, answered by `default_side` unless an
// operation says otherwise) to `operations`.
void parse_operations(const nlohmann::json& document, const std::string& file, Side default_side,
                      std::vector<Operation>& operations, Problems& problems);

}  // namespace drydock::spec
