#include "drydock/simulator/auth/basic_auth.h"

#include "drydock/common/base64.h"

namespace drydock::auth {

std::optional<BasicCredentials> parse_basic_authorization(std::string_view authorization) {
  while (!authorization.empty() &&
         (authorization.front() == ' ' || authorization.front() == '\t')) {
    authorization.remove_prefix(1);
  }
  constexpr std::string_view kScheme = "basic";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    char c = authorization[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[i]) return std::nullopt;
  }
  std::string_view rest = authorization.substr(kScheme.size());
  if (rest.front() != ' ') return std::nullopt;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  std::optional<std::string> decoded = base64_decode(rest);
  if (!decoded) return std::nullopt;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

}  // namespace drydock::auth
