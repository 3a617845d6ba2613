#include "cookie_jar.h"

#include <algorithm>
#include <cctype>

namespace drydock::conformance {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Returns the URL after "scheme://".
std::string_view after_scheme(std::string_view url) {
  std::size_t scheme = url.find("://");
  return scheme == std::string_view::npos ? url : url.substr(scheme + 3);
}

// RFC 6265 5.1.4: the request path matches the cookie path.
bool path_matches(std::string_view request_path, std::string_view cookie_path) {
  if (!request_path.starts_with(cookie_path)) return false;
  return request_path.size() == cookie_path.size() || cookie_path.ends_with('/') ||
         request_path[cookie_path.size()] == '/';
}

// RFC 6265 5.1.4: the default path is the request path up to its last '/'.
std::string default_path(std::string_view request_path) {
  std::size_t slash = request_path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(request_path.substr(0, slash));
}

}  // namespace

std::string url_host(std::string_view url) {
  std::string_view rest = after_scheme(url);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() == '[') return lower(rest.substr(0, rest.find(']') + 1));
  return lower(rest.substr(0, rest.find(':')));
}

std::string url_path(std::string_view url) {
  std::string_view rest = after_scheme(url);
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return "/";
  rest = rest.substr(slash);
  return std::string(rest.substr(0, rest.find_first_of("?#")));
}

void CookieJar::store(std::string_view url, std::string_view set_cookie) {
  std::string_view pair = set_cookie.substr(0, set_cookie.find(';'));
  std::size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return;  // RFC 6265 5.2: ignore a pair without '='
  std::string name(trim(pair.substr(0, eq)));
  std::string value(trim(pair.substr(eq + 1)));
  if (name.empty()) return;
  std::string path = default_path(url_path(url));
  bool expired = value.empty();
  std::string_view attributes =
      set_cookie.size() > pair.size() ? set_cookie.substr(pair.size() + 1) : std::string_view{};
  while (!attributes.empty()) {
    std::size_t end = attributes.find(';');
    std::string_view attribute = trim(attributes.substr(0, end));
    attributes = end == std::string_view::npos ? std::string_view{} : attributes.substr(end + 1);
    std::size_t attr_eq = attribute.find('=');
    std::string key = lower(trim(attribute.substr(0, attr_eq)));
    std::string_view val = attr_eq == std::string_view::npos ? std::string_view{}
                                                             : trim(attribute.substr(attr_eq + 1));
    if (key == "path" && val.starts_with('/')) path = std::string(val);
    if (key == "max-age" && !val.empty() && (val.front() == '-' || val == "0")) expired = true;
  }
  auto& cookies = cookies_[{url_host(url), path}];
  if (expired) {
    cookies.erase(name);
  } else {
    cookies[name] = value;
  }
}

std::string CookieJar::header_for(std::string_view url) const {
  const std::string host = url_host(url);
  const std::string path = url_path(url);
  std::string header;
  for (const auto& [where, cookies] : cookies_) {
    if (where.first != host || !path_matches(path, where.second)) continue;
    for (const auto& [name, value] : cookies) {
      if (!header.empty()) header += "; ";
      header += name + "=" + value;
    }
  }
  return header;
}

}  // namespace drydock::conformance
