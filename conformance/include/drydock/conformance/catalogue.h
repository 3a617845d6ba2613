#pragma once
// The catalogue: every check drydock knows, derived from the spec. For every operation, the
// good-input check (condition "ok", or "created"/"accepted" where that is what good input gets)
// and a bad-input check for every condition the operation lists that the runner can provoke;
// and one check per Arazzo workflow ("flows/<workflowId>").
//
// IDs are stable and hierarchical: "<side>/<tag>/<operation>/<condition>", the operation in
// kebab case ("registry/images/put-image-layer/image-not-found"; spec::check_id() makes them). The
// good-input check of an operation is its "ok" (or "created"/"accepted") child. The list is sorted
// by ID.

#include <string>
#include <string_view>
#include <vector>

#include "drydock/conformance/check.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance {

// Returns every check, sorted by ID. REQUIRES: `spec` outlives the checks.
std::vector<Check> make_catalogue(const spec::Spec& spec);

// Returns the read-only catalogue (--read-only): the checks of a pull of RunOptions::repository,
// an existing repository, that register, push and delete nothing: "read-only/<side>/<what>"
// (ping, the index's image list and read token, the tags, the token flow for reads, each image's
// JSON, the ancestry, each layer against its size and checksum, a Range read). Sorted by ID.
std::vector<Check> make_read_only_catalogue(const spec::Spec& spec);
// Returns an Error saying what is wrong when `repository` is not NS/NAME or NS/NAME:TAG (a bare
// NAME is library/NAME).
Result<void> check_read_only_repository(const std::string& repository);

}  // namespace drydock::conformance
