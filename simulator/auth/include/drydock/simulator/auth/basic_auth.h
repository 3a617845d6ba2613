#pragma once
// HTTP Basic credentials, as the index reads them (protocol-notes §4.1):
// `Authorization: Basic base64(user:password)`.

#include <optional>
#include <string>
#include <string_view>

namespace drydock::auth {

struct BasicCredentials {
  std::string user;
  std::string password;
};

// Returns the credentials in an Authorization header value, or nullopt when the scheme is not
// "Basic" (compared without case) or the rest is not canonical base64 of "user:password" (the
// password may hold ':'; only the first one splits). Docker 1.x's anonymous "Basic Og==" parses
// as an empty user and password: callers decide what an empty user means.
std::optional<BasicCredentials> parse_basic_authorization(std::string_view authorization);

}  // namespace drydock::auth
