#pragma once
// Where the two documents and the real servers disagree, the spec records each profile's answer
// (x-drydock-variants). shape_for_profile() applies to a handler's reply the part of a variant that
// data alone settles:
//   - the status of an error reply: the one the profile's source gives for its condition
//     (answer_condition_as_profile);
//   - a success body the variant fixes to one constant: `""` in the documents, `true` for
//     docker-registry (protocol-notes 10.1);
//   - a header the variant requires and the handler left out, from `header_values`
//     ("X-Docker-Registry-Version", which the documents show on every reply, 10.13).
// What depends on the request's own state stays with the handlers, which read Context::profile:
// the checksum header's name on GET json (10.12), the form of Content-Range (10.22).

#include <functional>
#include <map>
#include <string>

#include "drydock/simulator/http/reply.h"
#include "drydock/spec/spec.h"

namespace drydock::simulator::http {

// Gives an error reply (Reply::condition set) the status `profile` names for its condition on
// `operation`, when that differs from the one it has: an unfinished image is "not found" in the
// documents (404) and "being uploaded" to docker-registry (400).
void answer_condition_as_profile(const spec::Operation& operation, spec::Profile profile,
                                 Reply& reply);

void shape_for_profile(const spec::Operation& operation, spec::Profile profile,
                       const std::map<std::string, std::string, std::less<>>& header_values,
                       Reply& reply);

}  // namespace drydock::simulator::http
