#pragma once
// Private to spec/: the table Spec::match() consults per request. Templates are split into
// segments once, at load, and kept per method and segment count, most specific first, so a
// lookup is a scan of a few candidates with string compares: no regex, no allocation beyond the
// returned parameters.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/spec/spec.h"

namespace drydock::spec {

class PathMatcher {
 public:
  // Adds `operation`'s path template. Fails if the template is not "/" followed by literal or
  // whole-"{name}" segments. REQUIRES: `operation` outlives the matcher.
  Result<void> add(const Operation& operation);
  // Sorts every bucket most specific first. REQUIRES: called once, after the last add().
  void finish();

  std::vector<Match> match(std::string_view method, std::string_view path) const;
  bool path_exists(std::string_view path) const;

 private:
  struct Route {
    const Operation* operation;
    std::vector<std::string> segments;  // literal text, or the parameter name
    std::vector<bool> is_param;
    size_t order;  // load order, to keep ties stable
  };
  // Splits and percent-decodes a request path. Returns false for a path no template can match.
  static bool split_request(std::string_view path, std::vector<std::string>& segments);
  static bool matches(const Route& route, const std::vector<std::string>& segments);

  // method -> routes indexed by segment count.
  std::unordered_map<std::string, std::vector<std::vector<Route>>> routes_;
  size_t added_ = 0;
};

}  // namespace drydock::spec
