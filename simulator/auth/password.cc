#include "drydock/simulator/auth/password.h"

#include <openssl/evp.h>

#include <cassert>
#include <charconv>
#include <cstdlib>
#include <optional>

#include "drydock/common/digest.h"

namespace drydock::auth {

namespace {

constexpr std::string_view kHashScheme = "pbkdf2-sha256";
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

std::string derive(std::string_view password, std::string_view salt, int iterations) {
  std::string out(kHashBytes, '\0');
  int ok =
      PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data()));
  if (ok != 1) std::abort();  // only fails on allocation failure or bad arguments: a bug
  return out;
}

}  // namespace

PasswordHasher::PasswordHasher(int iterations) : iterations_(iterations) {
  assert(iterations >= 1 && iterations <= kMaxIterations);
}

std::string PasswordHasher::hash(std::string_view password) const {
  std::string salt = random_bytes(kSaltBytes);
  return std::string(kHashScheme) + "$" + std::to_string(iterations_) + "$" + to_hex(salt) + "$" +
         to_hex(derive(password, salt, iterations_));
}

bool PasswordHasher::verify(std::string_view password, std::string_view stored) const {
  std::string_view fields[4];
  for (size_t i = 0; i < 3; ++i) {
    size_t dollar = stored.find('$');
    if (dollar == std::string_view::npos) return false;
    fields[i] = stored.substr(0, dollar);
    stored.remove_prefix(dollar + 1);
  }
  fields[3] = stored;
  if (fields[0] != kHashScheme) return false;
  int iterations = 0;
  auto [ptr, ec] =
      std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), iterations);
  if (ec != std::errc() || ptr != fields[1].data() + fields[1].size()) return false;
  if (iterations < 1 || iterations > kMaxIterations) return false;
  std::optional<std::string> salt = from_hex(fields[2]);
  std::optional<std::string> expected = from_hex(fields[3]);
  if (!salt || salt->empty() || !expected || expected->size() != kHashBytes) return false;
  return constant_time_equal(derive(password, *salt, iterations), *expected);
}

}  // namespace drydock::auth
