#pragma once
// SHA-256, HMAC-SHA-256, hex and random bytes on top of OpenSSL 3's EVP interfaces.
// All functions are thread safe; a Sha256 object is not (use one per thread).

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace drydock {

// A streaming SHA-256: update() any number of times, then finish() or finish_hex().
// Finishing resets the object, so it can hash a new message afterwards.
class Sha256 {
 public:
  static constexpr size_t kDigestSize = 32;  // bytes in a raw digest

  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // Returns the 32 raw bytes of the digest of everything fed since the last finish.
  std::string finish();
  // Returns finish() as 64 lower-case hex digits.
  std::string finish_hex();

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

// Returns the lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// Returns the raw 32-byte HMAC-SHA-256 of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);
// Returns hmac_sha256() as 64 lower-case hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Compares in time that depends only on the lengths, never on where the bytes differ.
// Use for signatures, tokens and password hashes.
bool constant_time_equal(std::string_view a, std::string_view b);

// Returns `bytes` as lower-case hex, two digits a byte.
std::string to_hex(std::string_view bytes);
// Returns the bytes `hex` spells (either case), or nullopt for an odd length or a non-hex digit.
std::optional<std::string> from_hex(std::string_view hex);

// Returns `n` bytes from OpenSSL's CSPRNG. Aborts if the generator fails (it cannot be seeded),
// since no caller can do anything useful without randomness.
std::string random_bytes(size_t n);

}  // namespace drydock
