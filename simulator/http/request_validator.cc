#include "drydock/simulator/http/request_validator.h"

#include <string>

#include "drydock/common/json_limits.h"
#include "drydock/simulator/http/error_reply.h"
#include "drydock/spec/schema.h"
#include "drydock/spec/spec.h"

namespace drydock::simulator::http {
namespace {

bool is_json_type(std::string_view type) {
  return type.find("json") != std::string_view::npos;
}

// A body is judged as JSON when the operation takes JSON and the request says so, or says nothing
// (old clients omit Content-Type).
bool judged_as_json(const spec::Operation& operation, const Request& request) {
  if (!operation.request_schema) return false;
  if (!operation.request_content_type.empty() && !is_json_type(operation.request_content_type)) {
    return false;  // a layer's bytes: the handler reads them
  }
  auto type = request.headers.get("Content-Type");
  return !type || type->empty() || is_json_type(*type);
}

}  // namespace

std::optional<Reply> RequestValidator::validate(const spec::Match& match, const Request& request,
                                                Context& context) const {
  const spec::Operation* operation = match.operation;
  if (auto condition = spec_.invalid_path_condition(match, context.profile)) {
    return error_reply(operation, *condition);
  }
  if (auto refused = validate_query(request, context)) return refused;
  if (judged_as_json(*operation, request)) {
    return validate_json_body(request, context);
  }
  return std::nullopt;
}

std::optional<Reply> RequestValidator::validate_query(const Request& request,
                                                      const Context& context) const {
  for (const spec::Parameter& parameter : context.operation->parameters) {
    if (parameter.in != "query") continue;
    auto text = request.query_param(parameter.name);
    if (!text) {
      if (!parameter.required) continue;
      return error_reply(context.operation, parameter.invalid_condition,
                         parameter.name + " is required");
    }
    if (auto problem = parameter.problem_with(*text)) {
      return error_reply(context.operation, parameter.invalid_condition, *problem);
    }
  }
  return std::nullopt;
}

std::optional<Reply> RequestValidator::validate_json_body(const Request& request,
                                                          Context& context) const {
  const spec::Operation* operation = context.operation;
  auto text = request.body().read_all(json_body_limit_);
  if (!text.ok()) return error_reply(operation, text.error());
  if (text->empty() && !operation->request_body_required) return std::nullopt;

  auto value = parse_json(*text);
  if (!value.ok()) {
    if (value.error().code == ErrorCode::kParse) return error_reply(operation, "malformed-json");
    return error_reply(operation, "invalid-body", value.error().message);  // too deep
  }
  auto violations = context.fault == kFaultBodyUnchecked
                        ? std::vector<spec::Violation>{}
                        : operation->request_schema->validate(*value);
  if (!violations.empty()) {
    const auto& first = violations.front();
    std::string where = first.pointer.empty() ? "body" : first.pointer;
    return error_reply(operation, "invalid-body", where + ": " + first.message);
  }
  context.json_body = std::move(value).value();
  context.raw_body = std::move(*text);
  return std::nullopt;
}

}  // namespace drydock::simulator::http
