#pragma once
// The multi-step flows of spec/flows/*.arazzo.json (Arazzo 1.0) as data. A Workflow is a list of
// Steps; each step calls one operation of the spec, with parameters and a body whose values may be
// runtime expressions ("$steps.login.outputs.token", "Token {$inputs.token}"; see expression.h),
// and judges the answer by its success criteria.
//
// Workflows are loaded with the Spec (Spec::workflows()), which also checks that every step names
// a real operation. They are immutable afterwards and may be shared between threads.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/common/result.h"

namespace drydock::spec {

class Schema;

// One value a step sends: a path, query or header parameter. `value` is a JSON literal or a
// string holding a runtime expression or a {$expr} template (resolve with resolve_value()).
struct FlowParameter {
  std::string name;
  std::string in;  // "path", "query", "header" or "cookie"
  nlohmann::json value;
};

// A success criterion. `type` "simple" (the default) evaluates `condition` as a boolean
// expression ("$statusCode == 200 && $response.header.X-Docker-Token != ''"); "regex" matches
// the value of `context` (a runtime expression) against the regular expression `condition`.
struct Criterion {
  std::string condition;
  std::string context;  // empty unless type is "regex"
  std::string type = "simple";
};

struct FlowStep {
  std::string id;              // stepId, unique in its workflow
  std::string operation_id;    // a Spec operationId (from operationId or operationPath)
  std::string source_name;     // "index" for "$sourceDescriptions.index.opId"; empty if plain
  std::string operation_path;  // operationPath as written, when the step uses it instead
  std::string workflow_id;     // set instead of operation_id when the step runs a workflow
  std::string description;
  std::vector<FlowParameter> parameters;
  std::optional<nlohmann::json> request_body;  // requestBody.payload; may hold expressions
  std::string request_content_type;            // requestBody.contentType, or empty
  std::vector<Criterion> success_criteria;     // all must hold; empty: any 2xx (Arazzo default)
  std::map<std::string, std::string> outputs;  // name -> runtime expression
  nlohmann::json extensions = nlohmann::json::object();  // every x-* key of the step, as written
  std::string pointer;                                   // "/workflows/0/steps/2" in `file`
};

struct Workflow {
  std::string id;  // workflowId, unique across every flow file
  std::string summary;
  std::string description;
  nlohmann::json inputs = nlohmann::json::object();  // the inputs JSON Schema as written
  std::shared_ptr<const Schema> inputs_schema;       // compiled; null when there are no inputs
  std::vector<FlowStep> steps;
  std::map<std::string, std::string> outputs;            // name -> runtime expression
  std::vector<std::string> depends_on;                   // dependsOn: workflowIds that run first
  nlohmann::json extensions = nlohmann::json::object();  // every x-* key of the workflow
  std::string file;                                      // "flows/push.arazzo.json"
  std::string pointer;                                   // "/workflows/0"

  // Returns the step with this stepId, or null.
  const FlowStep* step(std::string_view step_id) const;
};

// Returns whether `media_type` is JSON: application/json or a type with the +json suffix, in any
// case, parameters ("; charset=utf-8") ignored. A payload sent as JSON is its JSON serialization,
// a string payload included (a JSON string); a string payload of any other type is its bytes.
bool is_json_media_type(std::string_view media_type);

// Parses the workflows of one Arazzo document. `file` names it in errors and in Workflow::file.
// Returns an Error (kParse) naming the file and JSON pointer of the first problem: a missing
// workflowId, stepId or operation, a duplicate stepId, a malformed successCriteria, an inputs
// schema that does not compile. Operation names are not checked here (the Spec does that).
Result<std::vector<Workflow>> parse_workflows(const nlohmann::json& document,
                                              const std::string& file);

}  // namespace drydock::spec
