#pragma once
// CookieJar: the cookies one workflow run has been given (spec/README.md, Flows 4). Cookies are
// host-only (a Domain attribute is ignored), kept per host (any port) and path; Max-Age=0 or an
// empty value removes one. Not thread-safe: one jar per run.

#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace drydock::conformance {

class CookieJar {
 public:
  // Stores the cookie of one Set-Cookie header value received from `url`.
  void store(std::string_view url, std::string_view set_cookie);
  // Returns the Cookie header value for a request to `url` ("a=1; b=2"), or "" if none apply.
  std::string header_for(std::string_view url) const;
  bool empty() const { return cookies_.empty(); }

 private:
  // host, path, name -> value
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> cookies_;
};

// Returns the host of an absolute URL ("http://a.b:80/x" -> "a.b"), lower case.
std::string url_host(std::string_view url);
// Returns the path of an absolute URL without its query ("http://a/x/y?q" -> "/x/y").
std::string url_path(std::string_view url);

}  // namespace drydock::conformance
