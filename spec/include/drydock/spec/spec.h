#pragma once
// The v1 API spec as data: the operations of spec/index-v1.openapi.json and
// spec/registry-v1.openapi.json, with their parameters, request schemas, responses, headers,
// sources, levels and profile variants (see spec/README.md for the extensions).
//
// A Spec is loaded once (from the files compiled into the binary, or from a folder) and is
// immutable afterwards, so it may be shared between threads without locking. Everything it hands
// out (Operation, Response, Schema pointers) lives as long as the Spec.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "drydock/common/result.h"
#include "drydock/spec/vocabulary.h"

namespace drydock::spec {

enum class Level { kMust, kShould, kMay };
enum class Side { kIndex, kRegistry };
enum class Security { kNone, kBasic, kToken };
// docs: what the two source documents say; docker-registry: what the 2014-2015 servers did;
// compat: either (the default).
enum class Profile { kDocs, kDockerRegistry, kCompat };

std::string_view to_string(Level level);        // "MUST", "SHOULD", "MAY"
std::string_view to_string(Side side);          // "index", "registry"
std::string_view to_string(Security security);  // "none", "basic", "token"
std::string_view to_string(Profile profile);    // "docs", "docker-registry", "compat"
std::optional<Profile> parse_profile(std::string_view text);

// Where an expectation comes from: a document and a section within it.
struct Source {
  std::string document;  // "hub-api-v1.md", "registry-api-v1.md" or "protocol-notes.md"
  std::string section;   // "Repositories > User Repository > Create a user repository", "5.1 R6"
  // "hub-api-v1.md: Repositories > ...": either part alone when the other is empty.
  std::string to_string() const;
};

class Schema;     // A compiled JSON Schema (schema.h).
struct Workflow;  // An Arazzo workflow (flow.h).

// How strongly an expectation holds (RFC 2119), and on whose word.
struct Citation {
  Level level = Level::kMust;
  Source source;
};

// Returns the stronger of two levels (MUST over SHOULD over MAY), and the weaker.
constexpr Level stronger(Level a, Level b) {
  return a < b ? a : b;
}
constexpr Level weaker(Level a, Level b) {
  return a < b ? b : a;
}

struct HeaderRule {
  std::string name;       // as written in the spec, e.g. "X-Docker-Token"
  bool required = false;  // the server MUST (at `level`) send it
  Level level = Level::kMust;
  std::string description;
  std::shared_ptr<const Schema> schema;  // schema of the header's string value; may be null
};

struct Response {
  int status = 0;  // 200, 404...
  std::string description;
  std::vector<std::string> conditions;  // x-drydock-conditions
  std::vector<HeaderRule> headers;
  std::string content_type;              // "application/json", "application/octet-stream", or empty
  std::shared_ptr<const Schema> schema;  // body schema (compat: admits every variant); may be null
  std::optional<std::string> error_text;  // x-drydock-error
  Level level = Level::kMust;
  Source source;
  // Per condition, the level and source it is answered at: the response's own, unless the
  // x-drydock-conditions entry is an object {"condition", "level", "source"} that says otherwise.
  std::map<std::string, Citation, std::less<>> condition_citations;

  bool answers(std::string_view condition) const;
  // Returns the level and source this response answers `condition` at.
  Citation citation_of(std::string_view condition) const;
};

struct Parameter {
  std::string name;
  std::string in;  // "path", "query" or "header"
  bool required = false;
  std::shared_ptr<const Schema> schema;
  std::string invalid_condition;  // x-drydock-invalid-condition, default "invalid-<name>"
  // x-drydock-unchecked-by: profiles whose reference server never validated this parameter (it
  // only escaped it), so a server answering that profile lets any value through to the handler.
  std::vector<Profile> unchecked_by;

  // Returns whether a server answering `profile` validates this parameter.
  bool checked_under(Profile profile) const;

  // The JSON value a path or query text stands for under the schema's type: "25" is 25 for an
  // integer, "true" is true for a boolean. Text that is not of the type stays a string, which the
  // schema then refuses.
  nlohmann::json value_of(std::string_view text) const;
  // Returns what is wrong with `text` under the schema ("n must be an integer from 1 to 100"), or
  // nullopt when it passes.
  std::optional<std::string> problem_with(std::string_view text) const;
};

// What one profile's source says of one condition, where it differs from the responses that list
// it (x-drydock-variants.<profile>.conditions).
struct ConditionVariant {
  std::vector<int> statuses;     // the acceptable statuses; empty: the responses listing it
  std::optional<Level> level;    // how strongly; unset: as those responses say
  std::optional<Source> source;  // on whose word; unset: the variants' source
};

// What one profile accepts where the documents and real servers disagree (x-drydock-variants).
struct ProfileVariant {
  std::vector<int> statuses;  // success statuses; empty: every response listing ok/created
  std::map<std::string, ConditionVariant, std::less<>> conditions;  // condition -> its variant
  std::map<int, std::shared_ptr<const Schema>> bodies;              // status -> body schema
  std::map<int, std::map<std::string, bool>> header_required;       // status -> header -> required
  std::map<int, std::map<std::string, Level>> header_levels;        // status -> header -> level
  // status -> header -> the schema of its value under this profile (the response's otherwise)
  std::map<int, std::map<std::string, std::shared_ptr<const Schema>>> header_schemas;
};

// What a server answering one profile is held to when a request raises one condition of an
// operation: the acceptable responses, how strongly (RFC 2119) and on whose word.
struct Expectation {
  std::vector<const Response*> responses;  // empty: the profile's source names no answer
  Level level = Level::kMust;
  Source source;

  bool accepts(int status) const;
  std::vector<int> statuses() const;
};

struct Operation {
  std::string id;      // operationId, unique across both files
  std::string method;  // upper case: "GET", "PUT"...
  std::string path;    // template: "/v1/images/{image_id}/json"
  Side side = Side::kRegistry;
  std::string tag;  // its first OpenAPI tag ("images"), or "other" when it has none
  // The library form of a repository operation: its path names a {repository} and no
  // {namespace} ("/v1/repositories/{repository}/images"), the twin of a user form.
  bool library = false;
  std::vector<Security> security;     // any one of these satisfies the operation; kNone: optional
  std::optional<std::string> access;  // x-drydock-access: "read", "write" or "delete"
  std::vector<Parameter> parameters;
  std::shared_ptr<const Schema> request_schema;  // may be null: no JSON body
  std::string request_content_type;  // "application/json", "application/octet-stream"...
  bool request_body_required = false;
  std::vector<Response> responses;
  std::string summary;
  Level level = Level::kMust;
  Source source;
  std::map<Profile, ProfileVariant> variants;
  std::optional<Source> variants_source;
  std::string file;     // the document it comes from: "registry-v1.openapi.json"
  std::string pointer;  // its JSON pointer there: "/paths/~1v1~1_ping/get"

  // Returns the response entry for `status`, or null.
  const Response* response(int status) const;
  // Returns what a request raising `condition` is held to under `profile`:
  //   - docs, docker-registry: the responses listing the condition (for ok/created narrowed to
  //     the profile's success statuses), or the statuses of the profile's condition variant; the
  //     strongest level any of them answers it at, or the variant's level;
  //   - compat: the union of both profiles' responses, at the weaker of their two levels, so a
  //     server fails under compat only where it fails under both.
  Expectation expectation(std::string_view condition, Profile profile) const;
  // Returns expectation(condition, profile).responses.
  std::vector<const Response*> responses_for(std::string_view condition, Profile profile) const;
  // Returns the body schema `profile` accepts for `status` (a variant's, else the response's).
  std::shared_ptr<const Schema> body_schema(int status, Profile profile) const;
  // Returns whether `header` is required for `status` under `profile`.
  bool header_required(int status, std::string_view header, Profile profile) const;
  // Returns the level `header` is held to for `status` under `profile` (a variant's, else the
  // response's rule's; MUST when there is no rule).
  Level header_level(int status, std::string_view header, Profile profile) const;
  // Returns the schema `profile` holds the value of `header` to for `status` (a variant's, else
  // the response's); may be null.
  std::shared_ptr<const Schema> header_schema(int status, std::string_view header,
                                              Profile profile) const;
  // Returns the response's own rule for `header` at `status` (the compat profile's), or null.
  const HeaderRule* header_rule(int status, std::string_view header) const;
  const Parameter* parameter(std::string_view name) const;
};

// Returns "putImageLayer" as "put-image-layer".
std::string kebab_case(std::string_view camel);
// Returns the ID of the conformance check of `operation` under `condition`:
// "<side>/<tag>/<kebab operationId>/<condition>" ("registry/images/put-image-layer/ok").
std::string check_id(const Operation& operation, std::string_view condition);

// A request path matched to an operation.
struct Match {
  const Operation* operation = nullptr;
  std::map<std::string, std::string> path_params;  // percent-decoded values, not yet validated
};

// One problem with a value, located by a JSON pointer into the value.
struct Violation {
  std::string pointer;  // "/username", "" for the root
  std::string message;
};

class Spec {
 public:
  // Loads the files compiled into the binary. Fails only if they are malformed (a build bug).
  static Result<Spec> load_embedded();
  // Loads index-v1.openapi.json, registry-v1.openapi.json and flows/*.arazzo.json from `dir`.
  // A malformed file is an Error naming the file and the JSON pointer of the problem.
  static Result<Spec> load_dir(const std::string& dir);
  // Returns the process-wide embedded spec, loaded on first use. Aborts with a message if the
  // embedded files are malformed (they are checked by the tests).
  static const Spec& embedded();

  // Every operation of both files, index first, each file in document order.
  const std::vector<Operation>& operations() const;
  // Returns the operation with this operationId, or null.
  const Operation* find(std::string_view operation_id) const;
  // Returns the operation `operation_id` names in the user form (library false) or the library
  // form (library true): itself when it is of that form, else its twin, the operation of the same
  // side and method whose path is the same but for the {namespace} segment. Null when there is
  // no such operation.
  const Operation* find(std::string_view operation_id, bool library) const;

  // Every Arazzo workflow of flows/*.arazzo.json, files in name order. Each step's operation_id
  // names an operation of this Spec (checked at load).
  const std::vector<Workflow>& workflows() const;
  // Returns the workflow with this workflowId, or null.
  const Workflow* workflow(std::string_view workflow_id) const;

  // Returns every operation whose method and path template match, most specific first
  // (a literal segment beats a parameter, earlier segments decide first). A trailing slash on
  // `path` is optional. `path` excludes the query string. Segments containing an encoded slash,
  // or equal to "." or "..", match no template.
  std::vector<Match> match(std::string_view method, std::string_view path) const;
  // Returns whether any operation has this path with another method (so 405, not 404).
  bool path_exists(std::string_view path) const;

  // Checks each path parameter of `match` that a server answering `profile` validates
  // (Parameter::checked_under) against its schema. Returns the first failure as the parameter's
  // invalid condition, or nullopt when all pass.
  std::optional<std::string> invalid_path_condition(const Match& match,
                                                    Profile profile = Profile::kCompat) const;

  const nlohmann::json& document(Side side) const;            // the raw OpenAPI document
  const std::vector<nlohmann::json>& flow_documents() const;  // raw Arazzo documents, name order
  std::string version() const;  // info.version of the OpenAPI documents ("index x / registry y")

  // Implementation detail, public for make_shared.
  struct Impl;
  explicit Spec(std::shared_ptr<const Impl> impl);

 private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace drydock::spec
