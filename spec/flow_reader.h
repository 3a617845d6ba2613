#pragma once
// Private to spec/: reads the workflows of one Arazzo document, recording every problem.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/spec/flow.h"
#include "problems.h"

namespace drydock::spec {

void read_workflows(const nlohmann::json& document, const std::string& file,
                    std::vector<Workflow>& workflows, Problems& problems);

}  // namespace drydock::spec
