#pragma once
// The step between routing and the handler: checks the path and query parameters against their
// schemas and a JSON request body against the operation's request schema. A failure becomes the
// reply for its condition (error_reply.h), so the handler only ever sees valid input.

#include <cstddef>
#include <optional>
#include <string_view>

#include "drydock/simulator/http/context.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/simulator/http/request.h"

namespace drydock::spec {
class Spec;
struct Match;
}  // namespace drydock::spec

namespace drydock::simulator::http {

// The fault under which a JSON body is parsed but not held to the request schema: the handler then
// sees fields the schema would refuse (a password of 4 characters).
inline constexpr std::string_view kFaultBodyUnchecked = "body-unchecked";

class RequestValidator {
 public:
  // `json_body_limit`: the largest JSON body read (larger: payload-too-large).
  RequestValidator(const spec::Spec& spec, size_t json_body_limit)
      : spec_(spec), json_body_limit_(json_body_limit) {}

  // Returns the error reply when `request` fails the operation of `match`, or nullopt when it
  // passes. On success with a JSON body, the parsed body is in `context.json_body` (the body
  // stream has been consumed).
  // Conditions: the parameter's invalid condition (a required query parameter that is missing
  // too), malformed-json, invalid-body, payload-too-large.
  std::optional<Reply> validate(const spec::Match& match, const Request& request,
                                Context& context) const;

 private:
  std::optional<Reply> validate_query(const Request& request, const Context& context) const;
  std::optional<Reply> validate_json_body(const Request& request, Context& context) const;

  const spec::Spec& spec_;
  size_t json_body_limit_;
};

}  // namespace drydock::simulator::http
