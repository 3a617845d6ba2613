#include "feature_matrix.h"

#include <gtest/gtest.h>

namespace drydock::conformance::report {
namespace {

CheckResult result(std::string id, Outcome outcome, std::string message = "") {
  CheckResult r;
  r.id = std::move(id);
  r.outcome = outcome;
  r.message = std::move(message);
  return r;
}

const FeatureRow& row(const std::vector<FeatureRow>& rows, Feature feature) {
  return rows[static_cast<int>(feature)];
}

TEST(FeatureOf, EveryRowHasItsChecks) {
  EXPECT_EQ(feature_of("registry/ping/ping/ok"), Feature::kPing);
  EXPECT_EQ(feature_of("index/users/login-user/bad-credentials"), Feature::kLogin);
  EXPECT_EQ(feature_of("index/users/register-user/user-exists"), Feature::kRegister);
  EXPECT_EQ(feature_of("flows/registerAndLogin"), Feature::kRegister);
  EXPECT_EQ(feature_of("flows/pushUserRepository"), Feature::kPush);
  EXPECT_EQ(feature_of("registry/images/put-image-layer/ok"), Feature::kPush);
  EXPECT_EQ(feature_of("registry/images/large-layer/round-trip"), Feature::kPush);
  EXPECT_EQ(feature_of("flows/pullUserRepository"), Feature::kPull);
  EXPECT_EQ(feature_of("registry/images/get-image-layer/ok"), Feature::kPull);
  EXPECT_EQ(feature_of("registry/tags/delete-user-repository-tag/ok"), Feature::kTags);
  EXPECT_EQ(feature_of("flows/tagLifecycle"), Feature::kTags);
  EXPECT_EQ(feature_of("index/repositories/delete-user-repository/ok"), Feature::kDelete);
  EXPECT_EQ(feature_of("flows/deleteUserRepository"), Feature::kDelete);
  EXPECT_EQ(feature_of("flows/searchRepositories"), Feature::kSearch);
  EXPECT_EQ(feature_of("flows/tokenExpiry"), Feature::kTokens);
  EXPECT_EQ(feature_of("index/authorization/put-user-repository-auth/ok"), Feature::kTokens);
  EXPECT_EQ(feature_of("flows/pushLibraryRepository"), Feature::kLibrary);
  EXPECT_EQ(feature_of("registry/images/get-image-layer/partial-content"), Feature::kRanges);
  EXPECT_EQ(feature_of("registry/images/put-image-checksum/ok"), Feature::kChecksums);
}

TEST(FeatureOf, CrossCuttingFeaturesWin) {
  // A token check of a library tag counts once, under tokens; a library tag under library.
  EXPECT_EQ(feature_of("registry/tags/put-library-repository-tag/token-expired"), Feature::kTokens);
  EXPECT_EQ(feature_of("registry/tags/put-library-repository-tag/ok"), Feature::kLibrary);
  EXPECT_EQ(feature_of("registry/images/get-image-json/missing-auth"), Feature::kTokens);
  // An index call without Basic credentials is not a token check.
  EXPECT_EQ(feature_of("index/repositories/put-user-repository/missing-auth"), Feature::kPush);
}

TEST(FeatureMatrix, BrokenWhenAnyCheckFailedWasBlockedOrErred) {
  for (Outcome bad : {Outcome::kFail, Outcome::kBlocked, Outcome::kError}) {
    std::vector<FeatureRow> rows = feature_matrix({
        result("registry/tags/get-user-repository-tags/ok", Outcome::kPass),
        result("flows/tagLifecycle", bad),
    });
    const FeatureRow& tags = row(rows, Feature::kTags);
    EXPECT_EQ(tags.status, FeatureStatus::kBroken) << to_string(bad);
    EXPECT_EQ(tags.broken_checks, std::vector<std::string>{"flows/tagLifecycle"});
    EXPECT_EQ(tags.passed, 1u);
  }
}

TEST(FeatureMatrix, FailuresComeBeforeTheChecksTheyBlock) {
  std::vector<FeatureRow> rows = feature_matrix({
      result("registry/images/get-image-ancestry/ok", Outcome::kBlocked),
      result("registry/images/get-image-json/ok", Outcome::kFail),
      result("registry/images/get-image-layer/ok", Outcome::kBlocked),
  });
  EXPECT_EQ(row(rows, Feature::kPull).broken_checks,
            (std::vector<std::string>{"registry/images/get-image-json/ok",
                                      "registry/images/get-image-ancestry/ok",
                                      "registry/images/get-image-layer/ok"}));
}

TEST(FeatureMatrix, SupportedWhenSomethingPassedAndNothingBroke) {
  std::vector<FeatureRow> rows = feature_matrix({
      result("registry/ping/ping/ok", Outcome::kPass),
      result("registry/ping/ping-root/ok", Outcome::kDisabled),
  });
  EXPECT_EQ(row(rows, Feature::kPing).status, FeatureStatus::kSupported);
  EXPECT_EQ(row(rows, Feature::kPing).other, 1u);
}

TEST(FeatureMatrix, NotSupportedWhenItsChecksSkippedAsNotSupported) {
  std::vector<FeatureRow> rows = feature_matrix({
      result("registry/images/get-image-layer/partial-content", Outcome::kSkip,
             "not supported (MAY): answered 200"),
      result("registry/images/get-image-layer/range-not-satisfiable", Outcome::kSkip,
             "not supported (MAY): answered 200"),
  });
  const FeatureRow& ranges = row(rows, Feature::kRanges);
  EXPECT_EQ(ranges.status, FeatureStatus::kNotSupported);
  EXPECT_EQ(ranges.not_supported, 2u);
  EXPECT_EQ(ranges.not_supported_example, "registry/images/get-image-layer/partial-content");
}

TEST(FeatureMatrix, NotCheckedWhenNothingOfItRan) {
  std::vector<FeatureRow> rows = feature_matrix({
      result("flows/pushLibraryRepository", Outcome::kSkip, "needs an admin account (--admin)"),
  });
  EXPECT_EQ(row(rows, Feature::kLibrary).status, FeatureStatus::kNotChecked);
  EXPECT_EQ(row(rows, Feature::kSearch).status, FeatureStatus::kNotChecked);
  EXPECT_EQ(rows.size(), static_cast<std::size_t>(kFeatureCount));
  EXPECT_EQ(feature_name(rows.back().feature), "checksums");
}

}  // namespace
}  // namespace drydock::conformance::report
