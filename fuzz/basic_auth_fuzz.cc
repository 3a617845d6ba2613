// Basic credentials on any Authorization value: what parses is canonical base64 of user:password,
// so encoding it again gives the value back, less the blanks around it.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "drydock/common/base64.h"
#include "drydock/simulator/auth/basic_auth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  auto credentials = drydock::auth::parse_basic_authorization(value);
  if (!credentials) return 0;
  if (credentials->user.find(':') != std::string::npos) std::abort();
  const std::string encoded =
      drydock::base64_encode(credentials->user + ":" + credentials->password);
  std::string_view sent = value;  // blanks around the value are not part of it
  while (!sent.empty() && (sent.back() == ' ' || sent.back() == '\t')) sent.remove_suffix(1);
  if (!sent.ends_with(encoded)) std::abort();
  return 0;
}
