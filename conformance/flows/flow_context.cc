#include <nlohmann/json.hpp>

#include "flow_context.h"

namespace drydock::conformance {
namespace {

std::optional<nlohmann::json> member(const nlohmann::json& object, std::string_view name) {
  auto it = object.find(std::string(name));
  if (it == object.end()) return std::nullopt;
  return *it;
}

}  // namespace

void FlowContext::set_step_output(const std::string& step_id, const std::string& name,
                                  nlohmann::json value) {
  step_outputs_[step_id][name] = std::move(value);
}

void FlowContext::set_workflow_output(const std::string& name, nlohmann::json value) {
  workflow_outputs_[name] = std::move(value);
}

std::optional<std::string> FlowContext::url() const {
  if (request_ == nullptr) return std::nullopt;
  return request_->url;
}

std::optional<std::string> FlowContext::method() const {
  if (request_ == nullptr) return std::nullopt;
  return request_->method;
}

std::optional<int> FlowContext::status_code() const {
  if (response_ == nullptr) return std::nullopt;
  return response_->status;
}

std::optional<std::string> FlowContext::request_header(std::string_view name) const {
  if (request_ == nullptr) return std::nullopt;
  return request_->headers.get(name);
}

std::optional<std::string> FlowContext::response_header(std::string_view name) const {
  if (response_ == nullptr) return std::nullopt;
  return response_->headers.get(name);
}

std::optional<std::string> FlowContext::response_body() const {
  if (response_ == nullptr) return std::nullopt;
  return response_->body;
}

std::optional<nlohmann::json> FlowContext::input(std::string_view name) const {
  if (auto value = member(inputs_.values, name)) return value;
  auto blob = inputs_.blobs.find(std::string(name));
  if (blob == inputs_.blobs.end() || blob->second == nullptr) return std::nullopt;
  return nlohmann::json(*blob->second);
}

std::optional<nlohmann::json> FlowContext::step_output(std::string_view step_id,
                                                       std::string_view name) const {
  auto step = member(step_outputs_, step_id);
  if (!step) return std::nullopt;
  return member(*step, name);
}

std::optional<nlohmann::json> FlowContext::workflow_output(std::string_view name) const {
  return member(workflow_outputs_, name);
}

}  // namespace drydock::conformance
