#pragma once
// SpentTokens: the tokens already used once, under the single-use policy. An entry is kept until
// its token expires (after which the token fails as expired anyway), so the set stays as small as
// the number of live tokens. Thread-safe.

#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "drydock/simulator/auth/clock.h"

namespace drydock::auth {

class SpentTokens {
 public:
  // Marks the token `id` (valid until `expiry`) as spent and returns true, or returns false if
  // it was spent already. Forgets every token expired at `now`.
  bool spend(std::string_view id, TimePoint expiry, TimePoint now);

  // Tokens remembered.
  size_t size() const;

 private:
  void prune(TimePoint now);  // REQUIRES: mu_ held

  mutable std::mutex mu_;
  std::unordered_set<std::string> ids_;                    // guarded by mu_
  std::set<std::pair<TimePoint, std::string>> by_expiry_;  // guarded by mu_
};

}  // namespace drydock::auth
