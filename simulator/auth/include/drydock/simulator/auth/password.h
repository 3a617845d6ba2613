#pragma once
// PasswordHasher: salted PBKDF2-HMAC-SHA256 password hashes, stored as
//
//   pbkdf2-sha256$<iterations>$<salt, 32 hex digits>$<hash, 64 hex digits>
//
// The iteration count travels with each hash, so raising the default never breaks old ones.
// Thread-safe (no state besides the iteration count).

#include <string>
#include <string_view>

namespace drydock::auth {

class PasswordHasher {
 public:
  static constexpr int kDefaultIterations = 100000;  // ~50 ms per hash on one core
  static constexpr int kMaxIterations = 10000000;    // verify() refuses more: bounds its cost

  PasswordHasher() : PasswordHasher(kDefaultIterations) {}
  // REQUIRES: 1 <= iterations <= kMaxIterations. Tests pass a small count to stay fast.
  explicit PasswordHasher(int iterations);

  // Returns the stored form of `password`, with a fresh random salt.
  std::string hash(std::string_view password) const;

  // True if `password` matches `stored`; false also for a malformed `stored`. The final
  // comparison takes constant time.
  bool verify(std::string_view password, std::string_view stored) const;

 private:
  int iterations_;
};

}  // namespace drydock::auth
