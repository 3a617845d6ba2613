#include "drydock/simulator/http/error_reply.h"

#include <string>
#include <utility>

#include "drydock/spec/spec.h"

namespace drydock::simulator::http {
namespace {

struct ConditionDefault {
  std::string_view condition;
  int status;
  std::string_view text;
};

// Defaults when the operation's responses name no status for a condition.
constexpr ConditionDefault kDefaults[] = {
    {kNoRoute, 404, "Not found"},
    {kMethodNotAllowed, 405, "Method not allowed"},
    {kPayloadTooLarge, 413, "Request body too large"},
    {kBadRequest, 400, "Bad request"},
    {kUriTooLong, 414, "Request URI too long"},
    {kInvalidPath, 400, "Invalid request path"},
    {kInvalidHeader, 400, "Invalid request header"},
    {kInternalError, 500, "Internal server error"},
    {kNotImplemented, 501, "Not implemented"},
    {"malformed-json", 400, "Malformed JSON"},
    {"invalid-body", 400, "Invalid request body"},
    {"invalid-query", 400, "Invalid query parameter"},
    {"missing-auth", 401, "Authorization required"},
    {"bad-credentials", 401, "Wrong username or password"},
    {"invalid-token", 401, "Invalid token"},
    {"token-expired", 401, "Token expired"},
    {"token-spent", 401, "Token already used"},
    {"inactive-account", 403, "Account is not active"},
    {"permission-denied", 403, "Access denied"},
    {"token-wrong-repository", 403, "Token not valid for this repository"},
    {"token-wrong-access", 403, "Token does not allow this method"},
    {"user-exists", 400, "Username or email already exists"},
    {"not-found", 404, "Not found"},
    {"user-not-found", 404, "User not found"},
    {"repository-not-found", 404, "Repository not found"},
    {"image-not-found", 404, "Image not found"},
    {"tag-not-found", 404, "Tag not found"},
    {"image-exists", 409, "Image already exists"},
    {"conflict", 409, "Conflict"},
    {"image-in-progress", 400, "Image is being uploaded, retry later"},
    {"parent-missing", 400, "Image depends on a non existing parent"},
    {"image-not-in-repository", 403, "Image not in repository"},
    {"checksum-header-missing", 400, "Missing Image's checksum"},
    {"checksum-empty", 400, "Checksum not found"},
    {"checksum-mismatch", 400, "Checksum mismatch"},
    {"layer-missing", 400, "Image's layer is missing"},
    {"range-not-satisfiable", 416, "Range not satisfiable"},
    {"precondition-failed", 412, "Precondition failed"},
    {"io-error", 500, "Storage error"},
};

const ConditionDefault* find_default(std::string_view condition) {
  for (const auto& entry : kDefaults) {
    if (entry.condition == condition) return &entry;
  }
  return nullptr;
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
  return 400;  // invalid-<parameter> and anything new: the client sent something wrong
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
    text = entry != nullptr ? std::string(entry->text) : "Invalid " + std::string(condition);
  }
  Reply reply = Reply::json(status, nlohmann::json{{"error", std::move(text)}});
  reply.condition = std::string(condition);
  return reply;
}

std::string_view condition_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid-body";
    case ErrorCode::kUnauthorized:
      return "missing-auth";
    case ErrorCode::kForbidden:
      return "permission-denied";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kPreconditionFailed:
      return "precondition-failed";
    case ErrorCode::kRangeNotSatisfiable:
      return "range-not-satisfiable";
    case ErrorCode::kPayloadTooLarge:
      return kPayloadTooLarge;
    case ErrorCode::kIo:
      return "io-error";
    case ErrorCode::kParse:
      return kInternalError;
    case ErrorCode::kInternal:
      return kInternalError;
  }
  return kInternalError;
}

Reply error_reply(const spec::Operation* operation, const Error& error) {
  return error_reply(operation, condition_for(error.code), error.message);
}

}  // namespace drydock::simulator::http
