// Tokens and session cookies on any Authorization and Cookie values, as the index and the registry
// read them: parsing takes linear time, a forged value is refused, and only a value the signer
// issued is granted.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "drydock/simulator/auth/session.h"
#include "drydock/simulator/auth/token.h"
#include "fuzz_input.h"

using namespace drydock::auth;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static TokenSigner signer("fuzz-secret", TokenOptions{});
  static const Sessions sessions("fuzz-secret");
  const TimePoint now = TimePoint(std::chrono::seconds(1'400'000'000));
  drydock::fuzz::FuzzInput input(data, size);
  const std::string_view authorization = input.take_line();
  const std::string_view cookie_header = input.rest();

  parse_token_pairs(authorization);
  if (auto credentials = token_credentials(authorization)) {
    for (Access access : {Access::kRead, Access::kWrite, Access::kDelete}) {
      TokenCheck checked = signer.verify(*credentials, "ns/repo", access, now);
      if (checked.ok()) std::abort();  // nothing here was issued by the signer
      signer.verify(*credentials, std::nullopt, access, now);
    }
  }
  if (auto session = find_cookie(cookie_header, kSessionCookieName)) {
    if (sessions.check(*session, "ns/repo", Access::kRead, now).ok()) std::abort();
  }

  // A token issued for the fuzzed repository name verifies, for it and no other.
  const std::string repository(authorization.substr(0, 64));
  if (repository.empty() || repository.find_first_of("\",") != std::string::npos) return 0;
  const std::string token = signer.issue(repository, Access::kRead, now);
  if (!signer.verify(token, repository, Access::kRead, now).ok()) std::abort();
  if (signer.verify(token, repository + "x", Access::kRead, now).ok()) std::abort();
  return 0;
}
