#pragma once
// Private to spec/: where the loader records what is wrong with a file, so that loading can stop
// at the first malformed problem while linting reports all of them.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/spec/lint.h"

namespace drydock::spec {

class Problems {
 public:
  void malformed(const std::string& file, const std::string& pointer, std::string message) {
    list_.push_back({Severity::kMalformed, file, pointer, std::move(message)});
  }
  void incomplete(const std::string& file, const std::string& pointer, std::string message) {
    list_.push_back({Severity::kIncomplete, file, pointer, std::move(message)});
  }
  const std::vector<Problem>& list() const { return list_; }
  std::vector<Problem> take() { return std::move(list_); }

 private:
  std::vector<Problem> list_;
};

// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901).
std::string pointer_append(const std::string& pointer, const std::string& token);

}  // namespace drydock::spec
