// `drydock spec lint`: the loader's checks, every problem reported rather than the first.

#include "drydock/spec/lint.h"

#include <algorithm>

#include "loader.h"

namespace drydock::spec {

std::string pointer_append(const std::string& pointer, const std::string& token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Problem::to_string() const {
  std::string where = file;
  if (!pointer.empty()) where += "#" + pointer;
  return where + ": " + message;
}

bool has_malformed(const std::vector<Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [](const Problem& p) { return p.severity == Severity::kMalformed; });
}

std::vector<Problem> lint_embedded() {
  Problems problems;
  std::vector<SpecFile> files = embedded_spec_files(problems);
  load_files(files, problems);
  return problems.take();
}

std::vector<Problem> lint_dir(const std::string& dir) {
  Problems problems;
  std::vector<SpecFile> files = read_spec_dir(dir, problems);
  load_files(files, problems);
  return problems.take();
}

}  // namespace drydock::spec
