#include "feature_matrix.h"

namespace drydock::conformance::report {
namespace {

// A check belongs to `feature` when its ID starts with `prefix` and contains `contains` (either
// may be empty). The first matching rule wins.
struct Rule {
  Feature feature;
  std::string_view prefix;
  std::string_view contains;
};

// What cuts across operations comes first (ranges, tokens, library, checksums), so that, say, a
// token check of a tag counts under tokens; then the operations, by their area and name.
constexpr Rule kRules[] = {
    {Feature::kRanges, "registry/images/get-image-layer/partial-content", ""},
    {Feature::kRanges, "registry/images/get-image-layer/range-", ""},
    {Feature::kTokens, "flows/token", ""},
    {Feature::kTokens, "", "token"},                 // invalid-token, token-expired, token-wrong-*
    {Feature::kTokens, "index/authorization/", ""},  // the calls that issue tokens
    {Feature::kTokens, "registry/", "/missing-auth"},  // a registry call without its token
    {Feature::kLibrary, "", "library"},
    {Feature::kLibrary, "flows/pushLibrary", ""},
    {Feature::kChecksums, "", "checksum"},
    {Feature::kChecksums, "index/images/put-", "/read-back"},  // the index keeps the checksums
    {Feature::kPing, "registry/ping/", ""},
    {Feature::kRegister, "index/users/register-", ""},
    {Feature::kRegister, "index/users/update-", ""},
    {Feature::kRegister, "flows/register", ""},
    {Feature::kLogin, "index/users/", ""},
    {Feature::kSearch, "index/search/", ""},
    {Feature::kSearch, "flows/search", ""},
    {Feature::kTags, "registry/tags/", ""},
    {Feature::kTags, "flows/tag", ""},
    {Feature::kDelete, "", "delete"},
    {Feature::kPull, "flows/pull", ""},
    {Feature::kPull, "", "/get-"},
    {Feature::kPush, "", ""},  // the uploads, flows/pushUserRepository, the large layer
};

constexpr std::string_view kNames[kFeatureCount] = {
    "ping",   "login",  "register", "push",    "pull",   "tags",
    "delete", "search", "tokens",   "library", "ranges", "checksums",
};

}  // namespace

std::string_view feature_name(Feature feature) {
  return kNames[static_cast<int>(feature)];
}

std::string_view status_name(FeatureStatus status) {
  switch (status) {
    case FeatureStatus::kSupported:
      return "supported";
    case FeatureStatus::kNotSupported:
      return "not supported";
    case FeatureStatus::kBroken:
      return "broken";
    case FeatureStatus::kNotChecked:
      return "not checked";
  }
  return "not checked";
}

Feature feature_of(std::string_view check_id) {
  for (const Rule& rule : kRules) {
    if (check_id.starts_with(rule.prefix) &&
        check_id.find(rule.contains) != std::string_view::npos) {
      return rule.feature;
    }
  }
  return Feature::kPush;
}

bool skipped_as_not_supported(const CheckResult& result) {
  return result.outcome == Outcome::kSkip && result.message.starts_with("not supported");
}

std::vector<FeatureRow> feature_matrix(const std::vector<CheckResult>& results) {
  std::vector<FeatureRow> rows(kFeatureCount);
  for (int i = 0; i < kFeatureCount; ++i) rows[i].feature = static_cast<Feature>(i);
  std::vector<std::vector<std::string>> blocked(kFeatureCount);
  for (const CheckResult& r : results) {
    FeatureRow& row = rows[static_cast<int>(feature_of(r.id))];
    switch (r.outcome) {
      case Outcome::kPass:
        ++row.passed;
        break;
      case Outcome::kFail:
      case Outcome::kError:
        ++row.broken;
        row.broken_checks.push_back(r.id);
        break;
      case Outcome::kBlocked:
        ++row.broken;
        blocked[static_cast<int>(row.feature)].push_back(r.id);
        break;
      case Outcome::kSkip:
        if (skipped_as_not_supported(r)) {
          ++row.not_supported;
          if (row.not_supported_example.empty()) row.not_supported_example = r.id;
        } else {
          ++row.other;
        }
        break;
      case Outcome::kDisabled:
        ++row.other;
        break;
    }
  }
  for (FeatureRow& row : rows) {
    const std::vector<std::string>& more = blocked[static_cast<int>(row.feature)];
    row.broken_checks.insert(row.broken_checks.end(), more.begin(), more.end());
    row.status = row.broken > 0          ? FeatureStatus::kBroken
                 : row.passed > 0        ? FeatureStatus::kSupported
                 : row.not_supported > 0 ? FeatureStatus::kNotSupported
                                         : FeatureStatus::kNotChecked;
  }
  return rows;
}

}  // namespace drydock::conformance::report
