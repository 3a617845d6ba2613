// Arazzo runtime expressions: parsed into a small description (what to read, and an optional JSON
// pointer into it), then read from the ExpressionContext. Conditions live in condition.cc.

#include "drydock/spec/expression.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"

namespace drydock::spec {

using nlohmann::json;

namespace {

enum class Origin {
  kUrl,
  kMethod,
  kStatusCode,
  kRequestHeader,
  kResponseHeader,
  kResponseBody,
  kInput,
  kOutput,
  kStepOutput,
};

struct Parsed {
  Origin source = Origin::kUrl;
  std::string name;                    // header, input or output name
  std::string step;                    // kStepOutput: the stepId
  std::optional<std::string> pointer;  // after '#': "/token", "" for the whole value
};

Error bad(std::string_view expression, const std::string& why) {
  return Error::invalid("runtime expression '" + std::string(expression) + "': " + why);
}

bool is_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

Result<Parsed> parse(std::string_view expression) {
  Parsed parsed;
  std::string_view base = expression;
  if (size_t hash = expression.find('#'); hash != std::string_view::npos) {
    base = expression.substr(0, hash);
    parsed.pointer = std::string(expression.substr(hash + 1));
    if (!parsed.pointer->empty() && parsed.pointer->front() != '/') {
      return bad(expression, "a JSON pointer after '#' starts with '/'");
    }
  }
  auto after = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (base.substr(0, prefix.size()) != prefix) return std::nullopt;
    return base.substr(prefix.size());
  };
  bool pointer_allowed = true;
  if (base == "$url" || base == "$method" || base == "$statusCode") {
    parsed.source = base == "$url"      ? Origin::kUrl
                    : base == "$method" ? Origin::kMethod
                                        : Origin::kStatusCode;
    pointer_allowed = false;
  } else if (auto name = after("$request.header.")) {
    parsed.source = Origin::kRequestHeader;
    parsed.name = std::string(*name);
    pointer_allowed = false;
  } else if (auto rname = after("$response.header.")) {
    parsed.source = Origin::kResponseHeader;
    parsed.name = std::string(*rname);
    pointer_allowed = false;
  } else if (base == "$response.body") {
    parsed.source = Origin::kResponseBody;
    parsed.name = "body";
  } else if (auto input = after("$inputs.")) {
    parsed.source = Origin::kInput;
    parsed.name = std::string(*input);
  } else if (auto output = after("$outputs.")) {
    parsed.source = Origin::kOutput;
    parsed.name = std::string(*output);
  } else if (auto step = after("$steps.")) {
    size_t marker = step->find(".outputs.");
    if (marker == std::string_view::npos) return bad(expression, "expected $steps.ID.outputs.NAME");
    parsed.source = Origin::kStepOutput;
    parsed.step = std::string(step->substr(0, marker));
    parsed.name = std::string(step->substr(marker + 9));
    if (!is_name(parsed.step)) return bad(expression, "the stepId is empty or malformed");
  } else if (!expression.empty() && expression.front() == '$') {
    return bad(expression,
               "unsupported (expected $url, $method, $statusCode, $request.header., "
               "$response.header., $response.body, $inputs., $outputs. or $steps.)");
  } else {
    return bad(expression, "does not start with '$'");
  }
  bool named = parsed.source != Origin::kUrl && parsed.source != Origin::kMethod &&
               parsed.source != Origin::kStatusCode;
  if (named && !is_name(parsed.name)) return bad(expression, "the name is empty or malformed");
  if (parsed.pointer && !pointer_allowed)
    return bad(expression, "a '#' pointer needs a JSON value");
  return parsed;
}

Result<json> apply_pointer(const json& value, const Parsed& parsed, std::string_view expression) {
  if (!parsed.pointer) return value;
  try {
    json::json_pointer pointer(*parsed.pointer);
    if (!value.contains(pointer)) {
      // kNotFound, so that a condition can read an absent member as null.
      return Error::not_found("runtime expression '" + std::string(expression) + "': nothing at '" +
                              *parsed.pointer + "'");
    }
    return value.at(pointer);
  } catch (const json::exception& e) {
    return bad(expression, std::string("bad JSON pointer: ") + e.what());
  }
}

Result<json> read(const Parsed& parsed, const ExpressionContext& context,
                  std::string_view expression) {
  auto missing = [&](const std::string& what) {
    return bad(expression, what + " is not available");
  };
  switch (parsed.source) {
    case Origin::kUrl:
      if (auto v = context.url()) return json(*v);
      return missing("the URL");
    case Origin::kMethod:
      if (auto v = context.method()) return json(*v);
      return missing("the method");
    case Origin::kStatusCode:
      if (auto v = context.status_code()) return json(*v);
      return missing("the status code");
    case Origin::kRequestHeader:
      if (auto v = context.request_header(parsed.name)) return json(*v);
      return missing("request header " + parsed.name);
    case Origin::kResponseHeader:
      if (auto v = context.response_header(parsed.name)) return json(*v);
      return missing("response header " + parsed.name);
    case Origin::kResponseBody: {
      auto body = context.response_body();
      if (!body) return missing("the response body");
      Result<json> value = parse_json(*body);
      if (!value.ok()) {
        if (parsed.pointer) {
          return bad(expression, value.error().code == ErrorCode::kParse
                                     ? "the response body is not JSON"
                                     : "the response body's " + value.error().message);
        }
        return json(*body);
      }
      return apply_pointer(*value, parsed, expression);
    }
    case Origin::kInput:
      if (auto v = context.input(parsed.name)) return apply_pointer(*v, parsed, expression);
      return missing("input " + parsed.name);
    case Origin::kOutput:
      if (auto v = context.workflow_output(parsed.name))
        return apply_pointer(*v, parsed, expression);
      return missing("output " + parsed.name);
    case Origin::kStepOutput:
      if (auto v = context.step_output(parsed.step, parsed.name)) {
        return apply_pointer(*v, parsed, expression);
      }
      return missing("output " + parsed.name + " of step " + parsed.step);
  }
  return bad(expression, "unsupported");
}

std::optional<std::string> find_header(
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (header_name_equals(key, name)) return value;
  }
  return std::nullopt;
}

std::optional<json> member(const json& object, std::string_view name) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(std::string(name));
  if (it == object.end()) return std::nullopt;
  return *it;
}

}  // namespace

bool header_name_equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> ExchangeValues::request_header(std::string_view name) const {
  return find_header(request_headers, name);
}
std::optional<std::string> ExchangeValues::response_header(std::string_view name) const {
  return find_header(response_headers, name);
}
std::optional<json> ExchangeValues::input(std::string_view name) const {
  return member(inputs, name);
}
std::optional<json> ExchangeValues::step_output(std::string_view step_id,
                                                std::string_view name) const {
  auto step = member(steps, step_id);
  return step ? member(*step, name) : std::nullopt;
}
std::optional<json> ExchangeValues::workflow_output(std::string_view name) const {
  return member(outputs, name);
}

Result<void> check_expression(std::string_view expression) {
  Result<Parsed> parsed = parse(expression);
  if (!parsed.ok()) return parsed.error();
  return {};
}

Result<json> evaluate(std::string_view expression, const ExpressionContext& context) {
  Result<Parsed> parsed = parse(expression);
  if (!parsed.ok()) return parsed.error();
  return read(parsed.value(), context, expression);
}

Result<std::string> expand_template(std::string_view text, const ExpressionContext& context) {
  std::string out;
  size_t at = 0;
  while (true) {
    size_t open = text.find("{$", at);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      return Error::invalid("template '" + std::string(text) + "': '{$' without a closing '}'");
    }
    out.append(text.substr(at, open - at));
    Result<json> value = evaluate(text.substr(open + 1, close - open - 1), context);
    if (!value.ok()) return value.error();
    out += value->is_string() ? value->get<std::string>() : dump_json(*value);
    at = close + 1;
  }
  out.append(text.substr(at));
  return out;
}

Result<json> resolve_value(const json& value, const ExpressionContext& context) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.front() == '$') return evaluate(text, context);
    if (text.find("{$") == std::string::npos) return value;
    Result<std::string> expanded = expand_template(text, context);
    if (!expanded.ok()) return expanded.error();
    return json(expanded.value());
  }
  if (value.is_object() || value.is_array()) {
    json out = value;
    for (auto& [key, member_value] : out.items()) {
      Result<json> resolved = resolve_value(member_value, context);
      if (!resolved.ok()) return resolved;
      member_value = std::move(resolved).value();
    }
    return out;
  }
  return value;
}

}  // namespace drydock::spec
