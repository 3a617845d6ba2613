#pragma once
// Private to spec/: turns the spec files into a Spec::Impl, recording every problem. Both the
// Spec::load_* functions (which fail on the first malformed problem) and lint.cc use it.

#include <memory>
#include <string>
#include <vector>

#include "problems.h"
#include "spec_impl.h"

namespace drydock::spec {

struct SpecFile {
  std::string path;  // relative: "index-v1.openapi.json", "flows/push.arazzo.json"
  std::string text;
};

// Reads the two OpenAPI files and flows/*.arazzo.json from `dir` (flows in name order). A missing
// OpenAPI file or an unreadable one is recorded in `problems`.
std::vector<SpecFile> read_spec_dir(const std::string& dir, Problems& problems);
// The files compiled into the binary, in the same order.
std::vector<SpecFile> embedded_spec_files(Problems& problems);

// Parses and cross-checks `files`. Always returns an Impl (possibly partial); it is usable only
// when `problems` holds nothing malformed.
std::shared_ptr<Spec::Impl> load_files(const std::vector<SpecFile>& files, Problems& problems);

}  // namespace drydock::spec
