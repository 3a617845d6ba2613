#pragma once
// The URL of a server drydock talks to (`drydock check --index`, `drydock proxy --registry`):
// http:// or https://, a host, an optional port 1-65535 and, where the caller allows it, a path.
// Anything else is refused before any request, naming the flag it came from.

#include <string_view>

#include "drydock/common/result.h"

namespace drydock {

// Ok for "" (no server given) and for a URL of that form; otherwise an Error naming `flag`, `url`
// and what is wrong with it: another scheme, no host, a port out of range, a query or fragment,
// credentials, or (without `path_allowed`) a path.
Result<void> check_target_url(std::string_view flag, std::string_view url,
                              bool path_allowed = true);

}  // namespace drydock
