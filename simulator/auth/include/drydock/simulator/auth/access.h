#pragma once
// Access: what a token or a session allows, and which HTTP methods each level covers
// (protocol-notes §4.2-4.3: write -> PUT/POST, read -> GET/HEAD, delete -> DELETE).

#include <optional>
#include <string>
#include <string_view>

namespace drydock::auth {

enum class Access { kRead, kWrite, kDelete };

// "read", "write" or "delete", as tokens spell them.
std::string_view access_name(Access access);
// The Access `name` spells (exactly, lower case), or nullopt.
std::optional<Access> parse_access(std::string_view name);
// The Access a request with this HTTP method needs, or nullopt for a method no token covers.
std::optional<Access> access_for_method(std::string_view method);

// The HMAC-SHA256 (hex) that signs a grant of `access` to `repository` until `expiry`: a token's
// signature and a session cookie's both. `label` ("drydock-token\n", "drydock-session\n") keeps
// one kind's MAC from passing for the other's.
std::string grant_mac(std::string_view secret, std::string_view label, std::string_view repository,
                      std::string_view access, std::string_view expiry, std::string_view nonce);

}  // namespace drydock::auth
