#include "drydock/conformance/check_result.h"

namespace drydock::conformance {

std::string CheckResult::area() const {
  return id.substr(0, id.find('/'));
}

std::size_t Summary::total() const {
  std::size_t sum = 0;
  for (std::size_t n : counts) sum += n;
  return sum;
}

Outcome Summary::overall() const {
  Outcome result = Outcome::kDisabled;
  for (int i = 0; i < kOutcomeCount; ++i) {
    if (counts[static_cast<std::size_t>(i)] > 0) result = worst(result, static_cast<Outcome>(i));
  }
  return result;
}

void Summary::add(const CheckResult& result) {
  ++counts[static_cast<std::size_t>(result.outcome)];
  requests += result.exchanges.size();
  if (result.baselined) ++baselined;
}

Summary Summary::of(const std::vector<CheckResult>& results) {
  Summary summary;
  for (const CheckResult& r : results) summary.add(r);
  return summary;
}

}  // namespace drydock::conformance
