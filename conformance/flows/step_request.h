#pragma once
// Turns one step of a workflow into the HTTP request it sends (spec/README.md, Flows 1 and 4).

#include <string>
#include <string_view>

#include "cookie_jar.h"
#include "drydock/common/result.h"
#include "drydock/conformance/flows/flow_inputs.h"
#include "drydock/conformance/http_client.h"
#include "drydock/spec/spec.h"
#include "flow_context.h"

namespace drydock::conformance {

// Returns the request of `step`, which calls `operation` on the server at `base_url`:
// parameters resolved through `context` (literals, runtime expressions, {$...} templates); path
// parameters percent-encoded into the operation's path template; query parameters appended;
// header parameters set; the payload sent byte for byte when it resolves to a string, as JSON
// otherwise, and streamed from the blob when it is exactly "$inputs.NAME" of a binary input;
// Content-Type from the step (else the operation); cookies from `jar`, unless the step sets a
// Cookie header (even an empty one, which sends none). Fails, naming the parameter, when a value
// cannot be resolved (an earlier step's output is missing) or a path parameter is not given.
Result<Request> build_step_request(const spec::FlowStep& step, const spec::Operation& operation,
                                   std::string_view base_url, const FlowInputs& inputs,
                                   const FlowContext& context, const CookieJar& jar);

// Returns `text` with every byte outside RFC 3986's unreserved set as %XX.
std::string percent_encode(std::string_view text);

// Returns a BodySource that reads `bytes` from the start; each copy reads independently.
BodySource blob_source(std::shared_ptr<const std::string> bytes);

}  // namespace drydock::conformance
