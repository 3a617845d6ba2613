#pragma once
// Private to spec/: what a Spec holds.

#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/spec/flow.h"
#include "drydock/spec/spec.h"
#include "path_matcher.h"

namespace drydock::spec {

struct Spec::Impl {
  nlohmann::json index_document = nlohmann::json::object();
  nlohmann::json registry_document = nlohmann::json::object();
  std::vector<nlohmann::json> flow_documents;
  std::vector<Operation> operations;  // never resized after load: the matcher points into it
  std::vector<Workflow> workflows;
  std::unordered_map<std::string, size_t> operation_index;  // operationId -> operations[i]
  std::unordered_map<std::string, size_t> workflow_index;
  PathMatcher matcher;
};

}  // namespace drydock::spec
