// Arazzo runtime expressions, templates and simple conditions on any text, read against an
// exchange whose response body and headers are fuzzed too (a server under test sends them).
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "drydock/spec/expression.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  drydock::fuzz::FuzzInput input(data, size);
  const std::string_view text = input.take_line();
  const std::string_view header = input.take_line();

  drydock::spec::ExchangeValues exchange;
  exchange.url_value = "http://127.0.0.1/v1/_ping";
  exchange.method_value = "GET";
  exchange.status = 200;
  exchange.response_headers = {{"X-Docker-Token", std::string(header)}};
  exchange.request_headers = {{"Authorization", std::string(header)}};
  exchange.body = std::string(input.rest());
  exchange.inputs = {{"user", "alice"}, {"n", 25}};
  exchange.steps = {{"auth", {{"token", std::string(header)}}}};

  // What the syntax check refuses, evaluation refuses too.
  const bool expression_ok = drydock::spec::check_expression(text).ok();
  if (drydock::spec::evaluate(text, exchange).ok() && !expression_ok) std::abort();
  const bool condition_ok = drydock::spec::check_condition(text).ok();
  if (drydock::spec::evaluate_condition(text, exchange).ok() && !condition_ok) std::abort();
  static_cast<void>(drydock::spec::expand_template(text, exchange));
  static_cast<void>(
      drydock::spec::resolve_value(nlohmann::json::array({std::string(text)}), exchange));
  return 0;
}
