#pragma once
// The spec's own checks, as `drydock spec lint` runs them. Unlike Spec::load_*, which stops at the
// first problem, linting reports every problem it finds, each with its file and JSON pointer:
//   malformed  (the Spec cannot load): invalid JSON, a missing required field, an unknown
//              extension value (level, condition, side, access, source document), an unresolved
//              $ref, a schema that does not compile, a duplicate operationId, a flow step naming
//              no operation;
//   incomplete (the Spec loads, but a check would lack its citation, or a reader a valid example):
//              an operation or response without x-drydock-source or x-drydock-level; an `example`
//              (or `examples` value) of a header, parameter or body that its schema rejects.

#include <string>
#include <vector>

namespace drydock::spec {

enum class Severity { kMalformed, kIncomplete };

struct Problem {
  Severity severity = Severity::kMalformed;
  std::string file;     // "index-v1.openapi.json", "flows/push.arazzo.json"
  std::string pointer;  // "/paths/~1v1~1users~1/post/responses/201"; empty for the whole file
  std::string message;
  // "index-v1.openapi.json#/paths/~1v1~1users~1/post: message"
  std::string to_string() const;
};

// Lints the files compiled into the binary.
std::vector<Problem> lint_embedded();
// Lints index-v1.openapi.json, registry-v1.openapi.json and flows/*.arazzo.json in `dir`.
// A missing or unreadable file is a malformed problem.
std::vector<Problem> lint_dir(const std::string& dir);

// Returns whether any problem is kMalformed.
bool has_malformed(const std::vector<Problem>& problems);

}  // namespace drydock::spec
