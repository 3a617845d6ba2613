#pragma once
// The feature matrix at the top of every report: one row per API area or flow, saying whether the
// server supports it, validly does not, or is broken there.
//
// Each check belongs to exactly one row, by the first rule of a small table (feature_matrix.cc)
// its ID matches, so that a token check of a library tag counts once, under tokens. A row's
// status, from its checks' outcomes:
//   broken         any of its checks failed, was blocked or ended in error;
//   supported      otherwise, any of them passed;
//   not supported  otherwise, any of them was skipped as "not supported" (a MAY the server
//                  validly does not do: an answer of 404, 405 or 501, or the plain answer);
//   not checked    nothing of it ran: its checks were disabled, not selected, or skipped for
//                  want of what they need (an admin account, a token-issuing index).

#include <string>
#include <string_view>
#include <vector>

#include "drydock/conformance/check_result.h"

namespace drydock::conformance::report {

enum class Feature {
  kPing,
  kLogin,
  kRegister,
  kPush,
  kPull,
  kTags,
  kDelete,
  kSearch,
  kTokens,
  kLibrary,
  kRanges,
  kChecksums,
};
inline constexpr int kFeatureCount = 12;

enum class FeatureStatus { kSupported, kNotSupported, kBroken, kNotChecked };

// "ping", "login", ... as the rows are named in every report.
std::string_view feature_name(Feature feature);
// "supported", "not supported", "broken", "not checked".
std::string_view status_name(FeatureStatus status);

// Returns the row a check belongs to, by its ID ("registry/images/get-image-layer/partial-content"
// -> kRanges, "flows/pushUserRepository" -> kPush). Every ID has one: an unknown one is kPull for
// a GET, else kPush.
Feature feature_of(std::string_view check_id);

// Returns whether `result` is a skip that says the server validly does not do what it checks.
bool skipped_as_not_supported(const CheckResult& result);

struct FeatureRow {
  Feature feature = Feature::kPing;
  FeatureStatus status = FeatureStatus::kNotChecked;
  std::size_t passed = 0;
  std::size_t not_supported = 0;
  std::size_t broken = 0;  // failed, blocked or errored
  std::size_t other = 0;   // skipped for another reason, or disabled
  // The IDs of the checks that make it broken: those that failed or erred, then those blocked,
  // each in the order of the results.
  std::vector<std::string> broken_checks;
  // The first check that makes it not supported (to link to), or empty.
  std::string not_supported_example;
};

// Returns one row per Feature, in the order of the enum.
std::vector<FeatureRow> feature_matrix(const std::vector<CheckResult>& results);

}  // namespace drydock::conformance::report
