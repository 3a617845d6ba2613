#pragma once
// The one place where a condition (spec/README.md "Conditions", plus the few the server itself
// raises) becomes an HTTP status and a JSON error body {"error": "..."} (distribution's errcode).
// Every error the simulator sends is built here.

#include <string_view>

#include "drydock/common/result.h"
#include "drydock/simulator/http/reply.h"

namespace drydock::spec {
struct Operation;
}

namespace drydock::simulator::http {

// Conditions the server raises on its own, beside the spec's vocabulary.
inline constexpr std::string_view kNoRoute = "no-route";                     // 404
inline constexpr std::string_view kMethodNotAllowed = "method-not-allowed";  // 405
inline constexpr std::string_view kPayloadTooLarge = "payload-too-large";    // 413
inline constexpr std::string_view kBadRequest = "bad-request";               // 400: not parseable
inline constexpr std::string_view kUriTooLong = "uri-too-long";              // 414
inline constexpr std::string_view kInvalidPath = "invalid-path";             // 400: not UTF-8
inline constexpr std::string_view kInvalidHeader = "invalid-header";         // 400: not UTF-8
inline constexpr std::string_view kInternalError = "internal-error";         // 500: a bug
inline constexpr std::string_view kNotImplemented = "not-implemented";       // 501: no handler

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

// Returns the condition an ErrorCode stands for ("invalid-body", "not-found"...).
std::string_view condition_for(ErrorCode code);

}  // namespace drydock::simulator::http
