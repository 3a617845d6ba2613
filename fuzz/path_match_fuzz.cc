// The spec's path matcher and parameter validation on any method, path and query value, as the
// Router runs them on every request: matches name an operation of that method whose parameters
// were each one decoded segment, and validating them answers without failing.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "drydock/spec/spec.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const drydock::spec::Spec& spec = drydock::spec::Spec::embedded();
  drydock::fuzz::FuzzInput input(data, size);
  const std::string_view method = input.take_line();
  const std::string_view path = input.take_line();
  const std::string_view value = input.rest();

  for (const drydock::spec::Match& match : spec.match(method, path)) {
    if (match.operation == nullptr || match.operation->method != method) std::abort();
    for (const auto& [name, decoded] : match.path_params) {
      if (decoded.empty() || decoded.find('/') != std::string::npos) std::abort();
    }
    spec.invalid_path_condition(match);
    for (const drydock::spec::Parameter& parameter : match.operation->parameters) {
      if (parameter.in == "query" || parameter.in == "path") parameter.problem_with(value);
    }
  }
  spec.path_exists(path);
  return 0;
}
