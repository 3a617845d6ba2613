#include "drydock/simulator/http/error_reply.h"

#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "drydock/spec/spec.h"

namespace drydock::simulator::http {
namespace {

// The vocabulary's entry for `condition` (spec/conditions.json), or null for a name it lacks.
const spec::ConditionInfo* find_default(std::string_view condition) {
  std::optional<spec::Condition> known = spec::parse_condition(condition);
  return known ? &spec::info(*known) : nullptr;
}

// The first response that lists `condition`: the spec's own answer. A profile whose source
// answers otherwise gets its status later (profile_shaper.h, answer_condition_as_profile).
const spec::Response* response_for(const spec::Operation* operation, std::string_view condition) {
  if (operation == nullptr) return nullptr;
  for (const spec::Response& response : operation->responses) {
    if (response.answers(condition)) return &response;
  }
  return nullptr;
}

}  // namespace

int default_status(std::string_view condition) {
  if (const auto* entry = find_default(condition)) return entry->status;
  return 400;  // a name outside the vocabulary: the client sent something wrong
}

int status_for(const spec::Operation* operation, std::string_view condition) {
  if (const auto* response = response_for(operation, condition)) return response->status;
  return default_status(condition);
}

Reply error_reply(const spec::Operation* operation, std::string_view condition,
                  std::string_view message) {
  const spec::Response* response = response_for(operation, condition);
  int status = response != nullptr ? response->status : default_status(condition);
  std::string text(message);
  if (text.empty() && response != nullptr && response->error_text) text = *response->error_text;
  if (text.empty()) {
    const auto* entry = find_default(condition);
    text = entry != nullptr && !entry->text.empty() ? std::string(entry->text) : "Bad request";
  }
  Reply reply = Reply::json(status, nlohmann::json{{"error", std::move(text)}});
  reply.condition = std::string(condition);
  return reply;
}

spec::Condition condition_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return spec::Condition::kInvalidBody;
    case ErrorCode::kUnauthorized:
      return spec::Condition::kMissingAuth;
    case ErrorCode::kForbidden:
      return spec::Condition::kPermissionDenied;
    case ErrorCode::kNotFound:
      return spec::Condition::kNotFound;
    case ErrorCode::kConflict:
      return spec::Condition::kConflict;
    case ErrorCode::kPreconditionFailed:
      return spec::Condition::kPreconditionFailed;
    case ErrorCode::kRangeNotSatisfiable:
      return spec::Condition::kRangeNotSatisfiable;
    case ErrorCode::kPayloadTooLarge:
      return spec::Condition::kPayloadTooLarge;
    case ErrorCode::kIo:
      return spec::Condition::kIoError;
    case ErrorCode::kParse:
    case ErrorCode::kCancelled:  // a handler's work is never cancelled: a bug if one says so
    case ErrorCode::kInternal:
      return spec::Condition::kInternalError;
  }
  return spec::Condition::kInternalError;
}

std::string_view condition_for(ErrorCode code) {
  return spec::to_string(condition_of(code));
}

Reply error_reply(const spec::Operation* operation, const Error& error) {
  return error_reply(operation, condition_for(error.code), error.message);
}

}  // namespace drydock::simulator::http
