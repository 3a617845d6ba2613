#include "drydock/common/target_url.h"

#include <string>

namespace drydock {

Result<void> check_target_url(std::string_view flag, std::string_view url, bool path_allowed) {
  if (url.empty()) return {};
  auto refused = [&](std::string_view why) {
    return Error::invalid(std::string(flag) + " " + std::string(url) + ": " + std::string(why) +
                          (path_allowed ? " (expected http://HOST[:PORT][/PATH] or https://...)"
                                        : " (expected http://HOST[:PORT] or https://...)"));
  };
  std::string_view rest = url;
  if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else {
    return refused("not an http:// or https:// URL");
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.find_first_of("?#") != std::string_view::npos) return refused("a query or fragment");
  if (authority.find('@') != std::string_view::npos) {
    return refused("credentials belong in --user and --password, not in the URL");
  }
  if (!path_allowed && authority.size() < rest.size()) return refused("a path");
  // The port follows the last colon, unless that colon is inside an [IPv6] literal.
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) != std::string_view::npos) {
    colon = std::string_view::npos;
  }
  std::string_view host = authority.substr(0, colon);
  if (host.empty() || host == "[]") return refused("no host");
  if (colon == std::string_view::npos) return {};
  std::string_view port = authority.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos ||
      std::stoul(std::string(port)) == 0 || std::stoul(std::string(port)) > 65535) {
    return refused("the port must be a number from 1 to 65535");
  }
  return {};
}

}  // namespace drydock
