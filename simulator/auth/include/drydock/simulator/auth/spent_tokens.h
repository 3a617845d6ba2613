#pragma once
// The tokens already used once, under the single-use policy. SpentTokenStore is what TokenSigner
// asks; SpentTokens keeps them in this process's memory, and the index database keeps them where
// several servers share them (accounts.h, SharedSpentTokens). An entry is kept until its token
// expires (after which the token fails as expired anyway), so the set stays as small as the
// number of live tokens. Thread-safe.

#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "drydock/common/result.h"
#include "drydock/simulator/auth/clock.h"

namespace drydock::auth {

class SpentTokenStore {
 public:
  virtual ~SpentTokenStore() = default;
  // Marks the token `id` (valid until `expiry`) as spent and returns true, or returns false if
  // it was spent already; an error when the store cannot tell (its database is unreachable).
  virtual Result<bool> spend(std::string_view id, TimePoint expiry, TimePoint now) = 0;
};

// In memory, for one process.
class SpentTokens final : public SpentTokenStore {
 public:
  // As SpentTokenStore::spend(), never an error. Forgets every token expired at `now`.
  Result<bool> spend(std::string_view id, TimePoint expiry, TimePoint now) override;

  // Tokens remembered.
  size_t size() const;

 private:
  void prune(TimePoint now);  // REQUIRES: mu_ held

  mutable std::mutex mu_;
  std::unordered_set<std::string> ids_;                    // guarded by mu_
  std::set<std::pair<TimePoint, std::string>> by_expiry_;  // guarded by mu_
};

}  // namespace drydock::auth
