#pragma once
// A JSON Schema compiled once with valijson (OpenAPI 3.0 schema objects are accepted: `nullable`
// and the other OpenAPI keywords are translated before compiling). Immutable and thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "drydock/common/result.h"
#include "drydock/spec/spec.h"

namespace drydock::spec {

class Schema {
 public:
  // Compiles `schema`, whose $refs are resolved against `root` (the document it came from).
  // Returns an Error naming `where` (a file and JSON pointer) if the schema cannot be compiled.
  static Result<std::shared_ptr<const Schema>> compile(const nlohmann::json& schema,
                                                       const nlohmann::json& root,
                                                       const std::string& where);
  ~Schema();

  // Returns every violation of `value`; empty means valid. A value nested deeper than
  // kMaxJsonDepth (json_limits.h) is one violation, and is not walked.
  std::vector<Violation> validate(const nlohmann::json& value) const;
  bool accepts(const nlohmann::json& value) const { return validate(value).empty(); }
  // The schema as written, with $refs resolved (for reports).
  const nlohmann::json& json() const;
  // The one value the schema allows (`"enum": [v]` or `"const": v`, through $refs), if it allows
  // only one: `""` for EmptyString, `true` for True.
  std::optional<nlohmann::json> only_value() const;

  struct Impl;
  explicit Schema(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace drydock::spec
