#include "drydock/simulator/http/profile_shaper.h"

#include <optional>

#include <nlohmann/json.hpp>

#include "drydock/spec/schema.h"

namespace drydock::simulator::http {
namespace {

bool is_json(const Reply& reply) {
  auto type = reply.headers.get("Content-Type");
  return type && type->find("json") != std::string::npos;
}

}  // namespace

void answer_condition_as_profile(const spec::Operation& operation, spec::Profile profile,
                                 Reply& reply) {
  if (reply.condition.empty()) return;
  spec::Expectation expected = operation.expectation(reply.condition, profile);
  if (expected.responses.empty() || expected.accepts(reply.status)) return;
  const spec::Response& answer = *expected.responses.front();
  reply.status = answer.status;
  if (answer.error_text) reply.body = nlohmann::json{{"error", *answer.error_text}}.dump();
}

void shape_for_profile(const spec::Operation& operation, spec::Profile profile,
                       const std::map<std::string, std::string, std::less<>>& header_values,
                       Reply& reply) {
  if (reply.action != ConnectionAction::kNone) return;
  answer_condition_as_profile(operation, profile, reply);
  auto variant = operation.variants.find(profile);
  if (variant == operation.variants.end()) return;

  auto body = variant->second.bodies.find(reply.status);
  if (body != variant->second.bodies.end() && body->second && !reply.is_stream() &&
      is_json(reply)) {
    if (auto constant = body->second->only_value()) reply.body = constant->dump();
  }
  auto headers = variant->second.header_required.find(reply.status);
  if (headers != variant->second.header_required.end()) {
    for (const auto& [name, required] : headers->second) {
      auto value = header_values.find(name);
      if (required && value != header_values.end() && !reply.headers.contains(name)) {
        reply.headers.set(name, value->second);
      }
    }
  }
}

}  // namespace drydock::simulator::http
