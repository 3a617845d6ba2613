#include "path_matcher.h"

#include <algorithm>

namespace drydock::spec {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes one segment. Returns false on a malformed escape or an encoded '/'.
bool decode_segment(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out.push_back(raw[i]);
      continue;
    }
    if (i + 2 >= raw.size()) return false;
    int hi = hex_value(raw[i + 1]);
    int lo = hex_value(raw[i + 2]);
    if (hi < 0 || lo < 0) return false;
    char c = static_cast<char>(hi * 16 + lo);
    if (c == '/' || c == '\0') return false;  // a segment never hides a separator
    out.push_back(c);
    i += 2;
  }
  return true;
}

// Splits "/a/b/" into {"a", "b"}. Returns false unless `path` starts with '/' and has no empty
// segment except an optional trailing slash.
bool split(std::string_view path, std::vector<std::string_view>& segments) {
  segments.clear();
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return true;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view segment =
        path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment.empty()) return false;
    segments.push_back(segment);
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

}  // namespace

Result<void> PathMatcher::add(const Operation& operation) {
  std::vector<std::string_view> parts;
  if (!split(operation.path, parts)) {
    return Error::parse("path '" + operation.path + "' is not '/' followed by non-empty segments");
  }
  Route route{&operation, {}, {}, added_++};
  for (std::string_view part : parts) {
    bool open = part.find('{') != std::string_view::npos;
    bool close = part.find('}') != std::string_view::npos;
    if (part.size() > 2 && part.front() == '{' && part.back() == '}' &&
        part.find_first_of("{}", 1) == part.size() - 1) {
      route.segments.emplace_back(part.substr(1, part.size() - 2));
      route.is_param.push_back(true);
    } else if (open || close) {
      return Error::parse("path '" + operation.path + "': segment '" + std::string(part) +
                          "' must be a literal or a whole {parameter}");
    } else {
      route.segments.emplace_back(part);
      route.is_param.push_back(false);
    }
  }
  auto& by_count = routes_[operation.method];
  if (by_count.size() <= route.segments.size()) by_count.resize(route.segments.size() + 1);
  by_count[route.segments.size()].push_back(std::move(route));
  return {};
}

void PathMatcher::finish() {
  for (auto& [method, by_count] : routes_) {
    for (auto& bucket : by_count) {
      // Literal before parameter, earlier segments first: compare is_param lexicographically.
      std::stable_sort(bucket.begin(), bucket.end(), [](const Route& a, const Route& b) {
        if (a.is_param != b.is_param) return a.is_param < b.is_param;
        return a.order < b.order;
      });
    }
  }
}

bool PathMatcher::split_request(std::string_view path, std::vector<std::string>& segments) {
  if (size_t query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  std::vector<std::string_view> raw;
  if (!split(path, raw)) return false;
  segments.resize(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (!decode_segment(raw[i], segments[i])) return false;
    if (segments[i] == "." || segments[i] == "..") return false;
  }
  return true;
}

bool PathMatcher::matches(const Route& route, const std::vector<std::string>& segments) {
  for (size_t i = 0; i < segments.size(); ++i) {
    if (!route.is_param[i] && route.segments[i] != segments[i]) return false;
  }
  return true;
}

std::vector<Match> PathMatcher::match(std::string_view method, std::string_view path) const {
  std::vector<Match> found;
  auto by_count = routes_.find(std::string(method));
  if (by_count == routes_.end()) return found;
  std::vector<std::string> segments;
  if (!split_request(path, segments) || segments.size() >= by_count->second.size()) return found;
  for (const Route& route : by_count->second[segments.size()]) {
    if (!matches(route, segments)) continue;
    Match match{route.operation, {}};
    for (size_t i = 0; i < segments.size(); ++i) {
      if (route.is_param[i]) match.path_params[route.segments[i]] = segments[i];
    }
    found.push_back(std::move(match));
  }
  return found;
}

bool PathMatcher::path_exists(std::string_view path) const {
  std::vector<std::string> segments;
  if (!split_request(path, segments)) return false;
  for (const auto& [method, by_count] : routes_) {
    if (segments.size() >= by_count.size()) continue;
    for (const Route& route : by_count[segments.size()]) {
      if (matches(route, segments)) return true;
    }
  }
  return false;
}

}  // namespace drydock::spec
