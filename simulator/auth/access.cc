#include "drydock/simulator/auth/access.h"

#include "drydock/common/digest.h"

namespace drydock::auth {

std::string_view access_name(Access access) {
  switch (access) {
    case Access::kRead:
      return "read";
    case Access::kWrite:
      return "write";
    case Access::kDelete:
      return "delete";
  }
  return "read";
}

std::optional<Access> parse_access(std::string_view name) {
  if (name == "read") return Access::kRead;
  if (name == "write") return Access::kWrite;
  if (name == "delete") return Access::kDelete;
  return std::nullopt;
}

std::optional<Access> access_for_method(std::string_view method) {
  if (method == "GET" || method == "HEAD") return Access::kRead;
  if (method == "PUT" || method == "POST") return Access::kWrite;
  if (method == "DELETE") return Access::kDelete;
  return std::nullopt;
}

std::string grant_mac(std::string_view secret, std::string_view label, std::string_view repository,
                      std::string_view access, std::string_view expiry, std::string_view nonce) {
  std::string message(label);
  message.append(repository).append("\n").append(access).append("\n");
  message.append(expiry).append("\n").append(nonce);
  return hmac_sha256_hex(secret, message);
}

}  // namespace drydock::auth
