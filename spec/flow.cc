// Reads Arazzo 1.0 workflows into the model of flow.h. Like the OpenAPI reader, it records each
// problem with its JSON pointer and carries on, so linting sees every problem of a file.

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "drydock/spec/expression.h"
#include "drydock/spec/schema.h"
#include "flow_reader.h"

namespace drydock::spec {

using nlohmann::json;

namespace {

constexpr std::string_view kSourcePrefix = "$sourceDescriptions.";
constexpr std::string_view kComponentParameterPrefix = "$components.parameters.";

class WorkflowReader {
 public:
  WorkflowReader(const json& document, const std::string& file, Problems& problems)
      : doc_(document), file_(file), problems_(problems) {}

  void read_all(std::vector<Workflow>& workflows) {
    if (!doc_.is_object() || !doc_.contains("arazzo") || !doc_["arazzo"].is_string()) {
      malformed("", "missing required field 'arazzo' (a version string)");
    }
    read_source_names();
    auto list = doc_.find("workflows");
    if (!doc_.is_object() || list == doc_.end() || !list->is_array() || list->empty()) {
      return malformed("", "missing required field 'workflows' (a non-empty array)");
    }
    for (size_t i = 0; i < list->size(); ++i) {
      Workflow workflow;
      workflow.file = file_;
      workflow.pointer = "/workflows/" + std::to_string(i);
      if (read_workflow((*list)[i], workflow)) workflows.push_back(std::move(workflow));
    }
  }

 private:
  void malformed(const std::string& at, std::string message) {
    problems_.malformed(file_, at, std::move(message));
  }

  void read_source_names() {
    auto sources = doc_.find("sourceDescriptions");
    if (sources == doc_.end() || !sources->is_array()) return;
    for (const json& source : *sources) {
      if (source.is_object() && source.contains("name") && source["name"].is_string()) {
        source_names_.insert(source["name"].get<std::string>());
      }
    }
  }

  static void read_extensions(const json& node, json& extensions) {
    for (const auto& [key, value] : node.items()) {
      if (key.rfind("x-", 0) == 0) extensions[key] = value;
    }
  }

  void read_expression_map(const json& node, const std::string& key, const std::string& at,
                           std::map<std::string, std::string>& out) {
    auto map = node.find(key);
    if (map == node.end()) return;
    if (!map->is_object()) return malformed(pointer_append(at, key), key + " is not an object");
    for (const auto& [name, expression] : map->items()) {
      if (expression.is_string()) {
        out[name] = expression.get<std::string>();
      } else {
        malformed(pointer_append(pointer_append(at, key), name),
                  "output is not an expression string");
      }
    }
  }

  bool read_workflow(const json& node, Workflow& workflow) {
    const std::string& at = workflow.pointer;
    if (!node.is_object() || !node.contains("workflowId") || !node["workflowId"].is_string()) {
      malformed(at, "missing required field 'workflowId' (a string)");
      return false;
    }
    workflow.id = node["workflowId"].get<std::string>();
    workflow.summary = node.value("summary", std::string());
    workflow.description = node.value("description", std::string());
    if (auto inputs = node.find("inputs"); inputs != node.end()) {
      workflow.inputs = *inputs;
      auto compiled = Schema::compile(*inputs, doc_, file_ + "#" + pointer_append(at, "inputs"));
      if (compiled.ok()) {
        workflow.inputs_schema = compiled.value();
      } else {
        malformed(pointer_append(at, "inputs"), compiled.error().message);
      }
    }
    if (auto depends = node.find("dependsOn"); depends != node.end() && depends->is_array()) {
      for (const json& id : *depends) {
        if (id.is_string()) workflow.depends_on.push_back(id.get<std::string>());
      }
    }
    read_expression_map(node, "outputs", at, workflow.outputs);
    read_extensions(node, workflow.extensions);
    auto steps = node.find("steps");
    if (steps == node.end() || !steps->is_array() || steps->empty()) {
      malformed(at, "missing required field 'steps' (a non-empty array)");
      return false;
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < steps->size(); ++i) {
      FlowStep step;
      step.pointer = pointer_append(pointer_append(at, "steps"), std::to_string(i));
      if (!read_step((*steps)[i], step)) continue;
      if (!ids.insert(step.id).second) {
        malformed(step.pointer, "duplicate stepId '" + step.id + "'");
        continue;
      }
      workflow.steps.push_back(std::move(step));
    }
    return true;
  }

  bool read_step(const json& node, FlowStep& step) {
    const std::string& at = step.pointer;
    if (!node.is_object() || !node.contains("stepId") || !node["stepId"].is_string()) {
      malformed(at, "missing required field 'stepId' (a string)");
      return false;
    }
    step.id = node["stepId"].get<std::string>();
    step.description = node.value("description", std::string());
    if (!read_target(node, step)) return false;
    read_parameters(node, step);
    if (auto body = node.find("requestBody"); body != node.end()) {
      if (!body->is_object()) {
        malformed(pointer_append(at, "requestBody"), "requestBody is not an object");
      } else {
        if (body->contains("payload")) step.request_body = (*body)["payload"];
        step.request_content_type = body->value("contentType", std::string());
      }
    }
    read_criteria(node, step);
    read_expression_map(node, "outputs", at, step.outputs);
    read_extensions(node, step.extensions);
    return true;
  }

  // operationId ("$sourceDescriptions.NAME.opId" or plain), operationPath, or workflowId.
  bool read_target(const json& node, FlowStep& step) {
    int targets =
        node.contains("operationId") + node.contains("operationPath") + node.contains("workflowId");
    if (targets != 1) {
      malformed(step.pointer, "a step needs exactly one of operationId, operationPath, workflowId");
      return false;
    }
    if (node.contains("workflowId")) {
      step.workflow_id =
          node["workflowId"].is_string() ? node["workflowId"].get<std::string>() : "";
      return !step.workflow_id.empty();
    }
    if (node.contains("operationPath")) {
      step.operation_path =
          node["operationPath"].is_string() ? node["operationPath"].get<std::string>() : "";
      if (step.operation_path.find('#') == std::string::npos) {
        malformed(pointer_append(step.pointer, "operationPath"),
                  "operationPath needs '#/paths/...' naming the operation");
        return false;
      }
      return true;
    }
    std::string id = node["operationId"].is_string() ? node["operationId"].get<std::string>() : "";
    std::string id_at = pointer_append(step.pointer, "operationId");
    if (id.rfind(kSourcePrefix, 0) == 0) {
      std::string rest = id.substr(kSourcePrefix.size());
      size_t dot = rest.find('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size()) {
        malformed(id_at, "operationId '" + id + "' is not $sourceDescriptions.NAME.operationId");
        return false;
      }
      step.source_name = rest.substr(0, dot);
      if (source_names_.count(step.source_name) == 0) {
        malformed(id_at, "no sourceDescription named '" + step.source_name + "'");
      }
      id = rest.substr(dot + 1);
    }
    if (id.empty()) {
      malformed(id_at, "operationId is empty");
      return false;
    }
    step.operation_id = id;
    return true;
  }

  void read_parameters(const json& node, FlowStep& step) {
    auto list = node.find("parameters");
    if (list == node.end()) return;
    std::string list_at = pointer_append(step.pointer, "parameters");
    if (!list->is_array()) return malformed(list_at, "parameters is not an array");
    for (size_t i = 0; i < list->size(); ++i) {
      std::string at = pointer_append(list_at, std::to_string(i));
      const json* parameter = &(*list)[i];
      json merged;
      if (parameter->is_object() && parameter->contains("reference")) {
        const json* target = component_parameter((*parameter)["reference"], at);
        if (target == nullptr) continue;
        merged = *target;
        if (parameter->contains("value")) merged["value"] = (*parameter)["value"];
        parameter = &merged;
      }
      if (!parameter->is_object() || !parameter->contains("name") ||
          !(*parameter)["name"].is_string() || !parameter->contains("value")) {
        malformed(at, "parameter needs 'name' (a string) and 'value'");
        continue;
      }
      step.parameters.push_back({(*parameter)["name"].get<std::string>(),
                                 parameter->value("in", std::string()), (*parameter)["value"]});
    }
  }

  const json* component_parameter(const json& reference, const std::string& at) {
    std::string text = reference.is_string() ? reference.get<std::string>() : "";
    if (text.rfind(kComponentParameterPrefix, 0) == 0) {
      std::string name = text.substr(kComponentParameterPrefix.size());
      try {
        return &doc_.at("components").at("parameters").at(name);
      } catch (const json::exception&) {
      }
    }
    malformed(pointer_append(at, "reference"), "unresolved reference '" + text + "'");
    return nullptr;
  }

  void read_criteria(const json& node, FlowStep& step) {
    auto list = node.find("successCriteria");
    if (list == node.end()) return;
    std::string list_at = pointer_append(step.pointer, "successCriteria");
    if (!list->is_array()) return malformed(list_at, "successCriteria is not an array");
    for (size_t i = 0; i < list->size(); ++i) {
      std::string at = pointer_append(list_at, std::to_string(i));
      const json& c = (*list)[i];
      if (!c.is_object() || !c.contains("condition") || !c["condition"].is_string()) {
        malformed(at, "criterion needs 'condition' (a string)");
        continue;
      }
      Criterion criterion;
      criterion.condition = c["condition"].get<std::string>();
      criterion.context = c.value("context", std::string());
      if (auto type = c.find("type"); type != c.end()) {
        const json& name = type->is_object() ? type->value("type", json()) : *type;
        criterion.type = name.is_string() ? name.get<std::string>() : "";
      }
      if (criterion.type != "simple" && criterion.type != "regex" && criterion.type != "jsonpath" &&
          criterion.type != "xpath") {
        malformed(pointer_append(at, "type"), "criterion type '" + criterion.type + "' is unknown");
        continue;
      }
      if (criterion.type != "simple" && criterion.context.empty()) {
        malformed(at, "a " + criterion.type + " criterion needs a 'context'");
        continue;
      }
      if (criterion.type == "simple") {
        if (auto syntax = check_condition(criterion.condition); !syntax.ok()) {
          malformed(pointer_append(at, "condition"), syntax.error().message);
          continue;
        }
      }
      step.success_criteria.push_back(std::move(criterion));
    }
  }

  const json& doc_;
  const std::string& file_;
  Problems& problems_;
  std::set<std::string> source_names_;
};

}  // namespace

bool is_json_media_type(std::string_view media_type) {
  media_type = media_type.substr(0, media_type.find(';'));
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!media_type.empty() && space(media_type.front())) media_type.remove_prefix(1);
  while (!media_type.empty() && space(media_type.back())) media_type.remove_suffix(1);
  std::string type(media_type);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == "application/json" ||
         (type.find('/') != std::string::npos && type.ends_with("+json"));
}

void read_workflows(const json& document, const std::string& file, std::vector<Workflow>& workflows,
                    Problems& problems) {
  WorkflowReader(document, file, problems).read_all(workflows);
}

Result<std::vector<Workflow>> parse_workflows(const json& document, const std::string& file) {
  Problems problems;
  std::vector<Workflow> workflows;
  read_workflows(document, file, workflows, problems);
  for (const Problem& p : problems.list()) {
    if (p.severity == Severity::kMalformed) return Error::parse(p.to_string());
  }
  return workflows;
}

}  // namespace drydock::spec
