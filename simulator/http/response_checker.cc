#include "drydock/simulator/http/response_checker.h"

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/spec/schema.h"
#include "drydock/spec/spec.h"

namespace drydock::simulator::http {
namespace {

bool is_json(const Reply& reply) {
  auto type = reply.headers.get("Content-Type");
  return type && type->find("json") != std::string::npos;
}

void check_body(const spec::Operation& operation, const Reply& reply, spec::Profile profile,
                std::vector<std::string>& problems) {
  if (reply.is_stream() || !is_json(reply)) return;
  auto schema = operation.body_schema(reply.status, profile);
  if (!schema) return;
  auto value = parse_json(reply.text());
  if (!value.ok()) {
    problems.push_back("body is not JSON: " + value.error().message);
    return;
  }
  for (const auto& violation : schema->validate(*value)) {
    problems.push_back("body at '" + violation.pointer + "': " + violation.message);
  }
}

}  // namespace

std::vector<ResponseViolation> ResponseChecker::check(const spec::Operation& operation,
                                                      const Reply& reply, spec::Profile profile) {
  if (reply.action != ConnectionAction::kNone) return {};  // a fault answers nothing to judge
  std::vector<std::string> problems;
  const spec::Response* response = operation.response(reply.status);
  if (response == nullptr) {
    problems.push_back("status " + std::to_string(reply.status) + " is not a response of " +
                       operation.id);
  } else {
    for (const auto& rule : response->headers) {
      // Headers are judged under compat: where a profile requires a header, it is for the request
      // the conformance check sends (X-Docker-Token when the client asked for one).
      if (operation.header_required(reply.status, rule.name, spec::Profile::kCompat) &&
          !reply.headers.contains(rule.name)) {
        problems.push_back("required header " + rule.name + " is missing");
      }
    }
    check_body(operation, reply, profile, problems);
  }

  std::vector<ResponseViolation> found;
  for (auto& problem : problems) {
    found.push_back({operation.id, reply.status, std::move(problem)});
  }
  if (found.empty()) return found;
  std::lock_guard lock(mutex_);
  for (const auto& violation : found) {
    ++count_;
    recent_.push_back(violation);
    if (recent_.size() > kKept) recent_.pop_front();
    if (log_) {
      log_("response check: " + violation.operation_id + " " + std::to_string(violation.status) +
           ": " + violation.message);
    }
  }
  return found;
}

size_t ResponseChecker::violation_count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

std::vector<ResponseViolation> ResponseChecker::recent() const {
  std::lock_guard lock(mutex_);
  return {recent_.begin(), recent_.end()};
}

void ResponseChecker::clear() {
  std::lock_guard lock(mutex_);
  count_ = 0;
  recent_.clear();
}

}  // namespace drydock::simulator::http
