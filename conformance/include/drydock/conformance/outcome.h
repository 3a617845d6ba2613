#pragma once
// The outcome of one check. Outcomes are ordered from least to most severe, so a parent (an area,
// a run) takes the worst of its children: disabled < skip < pass < blocked < fail < error.

#include <optional>
#include <string_view>

namespace drydock::conformance {

enum class Outcome {
  kDisabled,  // not run: deselected by --only/--skip, or a SHOULD check without --strict
  kSkip,      // the server validly answered "not supported", or a prerequisite is missing
  kPass,      // the server answered as the spec requires
  kBlocked,   // not judged: a step it needs failed, and that step's own check carries the failure
  kFail,      // the server answered outside every acceptable outcome
  kError,     // the tool or the connection broke; nothing was judged
};

inline constexpr int kOutcomeCount = 6;

// Returns "disabled", "skip", "pass", "blocked", "fail" or "error".
std::string_view to_string(Outcome outcome);
// Returns the outcome named by to_string(), or nullopt.
std::optional<Outcome> parse_outcome(std::string_view text);

// Returns the more severe of `a` and `b`.
constexpr Outcome worst(Outcome a, Outcome b) {
  return a < b ? b : a;
}

}  // namespace drydock::conformance
