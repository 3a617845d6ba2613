#include "drydock/simulator/auth/spent_tokens.h"

namespace drydock::auth {

Result<bool> SpentTokens::spend(std::string_view id, TimePoint expiry, TimePoint now) {
  std::lock_guard lock(mu_);
  prune(now);
  if (!ids_.emplace(id).second) return false;
  by_expiry_.emplace(expiry, std::string(id));
  return true;
}

size_t SpentTokens::size() const {
  std::lock_guard lock(mu_);
  return ids_.size();
}

void SpentTokens::prune(TimePoint now) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) {
    ids_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
}

}  // namespace drydock::auth
