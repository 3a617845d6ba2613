#pragma once
// Arazzo runtime expressions, evaluated against one exchange of a flow. The runner supplies the
// exchange through ExpressionContext; the evaluator knows the syntax:
//
//   $url  $method  $statusCode
//   $request.header.NAME  $response.header.NAME        (header names are case-insensitive)
//   $response.body  $response.body#/json/pointer        (the body parsed as JSON, or its text)
//   $inputs.NAME  $outputs.NAME  $steps.ID.outputs.NAME (each may end in #/json/pointer)
//   "Token {$steps.auth.outputs.token}"                 (templates: {$expr} inside a string)
//   $statusCode == 200 && $response.header.X-Docker-Token != ''   (conditions, see
//   evaluate_condition)
//
// Every function is pure: it reads the context and returns a value or an Error (kInvalidArgument)
// that names the expression. Nothing is cached, so any thread may evaluate.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "drydock/common/result.h"
#include "drydock/spec/flow.h"

namespace drydock::spec {

// What an expression may read. Each accessor returns nullopt when the value does not exist (no
// response yet, no such header, an unknown step or output); the evaluator turns that into an Error.
class ExpressionContext {
 public:
  virtual ~ExpressionContext() = default;
  virtual std::optional<std::string> url() const = 0;
  virtual std::optional<std::string> method() const = 0;
  virtual std::optional<int> status_code() const = 0;
  // `name` must be matched case-insensitively (HTTP header names); header_name_equals() helps.
  virtual std::optional<std::string> request_header(std::string_view name) const = 0;
  virtual std::optional<std::string> response_header(std::string_view name) const = 0;
  virtual std::optional<std::string> response_body() const = 0;  // raw bytes of the body
  virtual std::optional<nlohmann::json> input(std::string_view name) const = 0;
  virtual std::optional<nlohmann::json> step_output(std::string_view step_id,
                                                    std::string_view name) const = 0;
  virtual std::optional<nlohmann::json> workflow_output(std::string_view name) const = 0;
};

// Returns whether two HTTP header names are equal, ignoring ASCII case.
bool header_name_equals(std::string_view a, std::string_view b);

// A plain ExpressionContext holding its values, for tests and simple callers. Unset fields read as
// missing. Header lookups ignore case.
struct ExchangeValues : ExpressionContext {
  std::optional<std::string> url_value;
  std::optional<std::string> method_value;
  std::optional<int> status;
  std::vector<std::pair<std::string, std::string>> request_headers;
  std::vector<std::pair<std::string, std::string>> response_headers;
  std::optional<std::string> body;
  nlohmann::json inputs = nlohmann::json::object();
  nlohmann::json steps = nlohmann::json::object();  // {"stepId": {"outputName": value}}
  nlohmann::json outputs = nlohmann::json::object();

  std::optional<std::string> url() const override { return url_value; }
  std::optional<std::string> method() const override { return method_value; }
  std::optional<int> status_code() const override { return status; }
  std::optional<std::string> request_header(std::string_view name) const override;
  std::optional<std::string> response_header(std::string_view name) const override;
  std::optional<std::string> response_body() const override { return body; }
  std::optional<nlohmann::json> input(std::string_view name) const override;
  std::optional<nlohmann::json> step_output(std::string_view step_id,
                                            std::string_view name) const override;
  std::optional<nlohmann::json> workflow_output(std::string_view name) const override;
};

// Evaluates one runtime expression, e.g. "$response.header.X-Docker-Token". Returns its value:
// a number for $statusCode, a string for headers, url and method, JSON for bodies and outputs.
// Fails on a malformed or unsupported expression, or a value the context does not have.
Result<nlohmann::json> evaluate(std::string_view expression, const ExpressionContext& context);

// Replaces each {$expr} in `text` by its value (strings as they are, other values as JSON).
// Text without "{$" is returned unchanged.
Result<std::string> expand_template(std::string_view text, const ExpressionContext& context);

// Resolves a value written in a flow: a string that is one whole expression ("$inputs.user")
// evaluates to its value (keeping its JSON type); a string holding {$expr} is expanded; objects and
// arrays are resolved member by member; other values are returned as they are.
Result<nlohmann::json> resolve_value(const nlohmann::json& value, const ExpressionContext& context);

// Evaluates a simple condition: operands are runtime expressions, numbers, 'single-quoted'
// strings, true, false and null; operators ==, !=, <, <=, >, >=, !, &&, || and parentheses.
// A number compares with a string that holds a number numerically; == and != compare strings
// exactly. Fails on a syntax error, an operand that cannot be evaluated, or a non-boolean result.
Result<bool> evaluate_condition(std::string_view condition, const ExpressionContext& context);

// Checks the syntax of a runtime expression or a simple condition without evaluating it (the
// loader uses these on every flow, so a typo fails at load, not mid-run).
Result<void> check_expression(std::string_view expression);
Result<void> check_condition(std::string_view condition);

// Evaluates a success criterion (simple or regex; "jsonpath" and "xpath" are unsupported).
Result<bool> evaluate_criterion(const Criterion& criterion, const ExpressionContext& context);

// The longest text a regex criterion is matched against (bytes).
inline constexpr std::size_t kMaxRegexText = 4096;
// Returns whether `pattern` (ECMAScript) finds a match in `text`; an Error for a bad pattern, or
// a text longer than kMaxRegexText.
Result<bool> regex_holds(std::string_view pattern, std::string_view text);

}  // namespace drydock::spec
