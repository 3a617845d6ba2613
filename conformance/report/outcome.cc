#include "drydock/conformance/outcome.h"

#include <array>

namespace drydock::conformance {
namespace {

constexpr std::array<std::string_view, kOutcomeCount> kNames = {"disabled", "skip", "pass",
                                                                "blocked",  "fail", "error"};

}  // namespace

std::string_view to_string(Outcome outcome) {
  return kNames[static_cast<std::size_t>(outcome)];
}

std::optional<Outcome> parse_outcome(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return static_cast<Outcome>(i);
  }
  return std::nullopt;
}

}  // namespace drydock::conformance
