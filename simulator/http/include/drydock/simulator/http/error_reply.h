#pragma once
// The one place where a condition (spec/README.md "Conditions", plus the few the server itself
// raises) becomes an HTTP status and a JSON error body {"error": "..."} (distribution's errcode).
// Every error the simulator sends is built here.

#include <string_view>

#include "drydock/common/result.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/spec/vocabulary.h"

namespace drydock::spec {
struct Operation;
}

namespace drydock::simulator::http {

// Conditions the server raises on its own, beside those a response may list (spec/conditions.json,
// scope "server").
inline constexpr std::string_view kNoRoute = spec::to_string(spec::Condition::kNoRoute);
inline constexpr std::string_view kMethodNotAllowed =
    spec::to_string(spec::Condition::kMethodNotAllowed);
inline constexpr std::string_view kPayloadTooLarge =
    spec::to_string(spec::Condition::kPayloadTooLarge);
inline constexpr std::string_view kBadRequest = spec::to_string(spec::Condition::kBadRequest);
inline constexpr std::string_view kUriTooLong = spec::to_string(spec::Condition::kUriTooLong);
inline constexpr std::string_view kInvalidPath = spec::to_string(spec::Condition::kInvalidPath);
inline constexpr std::string_view kInvalidHeader = spec::to_string(spec::Condition::kInvalidHeader);
inline constexpr std::string_view kInternalError = spec::to_string(spec::Condition::kInternalError);
inline constexpr std::string_view kNotImplemented =
    spec::to_string(spec::Condition::kNotImplemented);

// Returns the status for `condition`: that of `operation`'s first response listing it, else the
// condition's default (default_status()).
int status_for(const spec::Operation* operation, std::string_view condition);
// Returns the status a condition has when no operation says otherwise (400 when unknown).
int default_status(std::string_view condition);

// Returns the error reply for `condition` on `operation` (may be null: no route matched).
// The body is {"error": message}; an empty message takes the response's x-drydock-error text, or
// a generic text for the condition.
Reply error_reply(const spec::Operation* operation, std::string_view condition,
                  std::string_view message = {});
// Returns the error reply for `error`: its code's condition, with the error's message.
Reply error_reply(const spec::Operation* operation, const Error& error);

// Returns the condition an ErrorCode stands for (kInvalidBody, kNotFound...).
spec::Condition condition_of(ErrorCode code);
// Returns the name of condition_of(code) ("invalid-body", "not-found"...).
std::string_view condition_for(ErrorCode code);

}  // namespace drydock::simulator::http
