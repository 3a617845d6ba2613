#include "causes.h"

#include <gtest/gtest.h>

namespace drydock::conformance::report {
namespace {

CheckResult result_of(std::string id, Outcome outcome, std::string message,
                      std::string blocked_by = "") {
  CheckResult r;
  r.id = std::move(id);
  r.outcome = outcome;
  r.message = std::move(message);
  r.blocked_by = std::move(blocked_by);
  return r;
}

std::vector<std::string> ids(const std::vector<const CheckResult*>& results) {
  std::vector<std::string> out;
  for (const CheckResult* r : results) out.push_back(r->id);
  return out;
}

TEST(MaskRunSpecific, MasksIdsDigestsSizesAndPortsButNotStatuses) {
  EXPECT_EQ(mask_run_specific("GET http://127.0.0.1:41234/v1/repositories/bob/dd-1a2b3c4d/tags "
                              "answered 500 after 6656 bytes"),
            "GET http://127.0.0.1:#/v1/repositories/bob/dd-#/tags answered 500 after # bytes");
  EXPECT_EQ(mask_run_specific("sha256:deadbeefcafebabe differs"), "#:# differs");
  EXPECT_EQ(mask_run_specific("expected 404, answered 200"), "expected 404, answered 200");
}

TEST(GroupByCause, SameMessageOnceMaskedIsOneCause) {
  std::vector<CheckResult> results = {
      result_of("registry/images/get-image-layer/ok", Outcome::kFail,
                "the layer differs at byte 0 (6656 bytes received, sha256:aa11aa11)"),
      result_of("registry/ping/ping/ok", Outcome::kPass, ""),
      result_of("flows/pullUserRepository", Outcome::kFail,
                "the layer differs at byte 0 (7168 bytes received, sha256:bb22bb22)"),
      result_of("registry/tags/get-user-repository-tags/ok", Outcome::kFail, "answered 500"),
  };
  std::vector<Cause> causes = group_by_cause(results);
  ASSERT_EQ(causes.size(), 2u);
  EXPECT_EQ(ids(causes[0].failures), (std::vector<std::string>{"registry/images/get-image-layer/ok",
                                                               "flows/pullUserRepository"}));
  EXPECT_EQ(causes[0].message, results[0].message);
  EXPECT_EQ(ids(causes[1].failures),
            std::vector<std::string>{"registry/tags/get-user-repository-tags/ok"});
}

TEST(GroupByCause, DifferentStatusesAreDifferentCauses) {
  std::vector<Cause> causes = group_by_cause({
      result_of("a/x", Outcome::kFail, "answered 404"),
      result_of("a/y", Outcome::kFail, "answered 500"),
  });
  EXPECT_EQ(causes.size(), 2u);
}

TEST(GroupByCause, BlockedChecksGoUnderTheStepThatBlocksThem) {
  std::vector<CheckResult> results = {
      result_of("index/repositories/put-user-repository/ok", Outcome::kFail, "no X-Docker-Token"),
      result_of("registry/images/get-image-json/ok", Outcome::kBlocked,
                "blocked by index/repositories/put-user-repository/ok: setup failed",
                "index/repositories/put-user-repository/ok"),
      // Blocked by a blocked check: the root is the one that failed.
      result_of("registry/images/get-image-layer/ok", Outcome::kBlocked,
                "blocked by registry/images/get-image-json/ok",
                "registry/images/get-image-json/ok"),
      result_of("registry/ping/ping/ok", Outcome::kFail, "answered 404"),
  };
  std::vector<Cause> causes = group_by_cause(results);
  ASSERT_EQ(causes.size(), 2u);
  EXPECT_EQ(ids(causes[0].failures),
            std::vector<std::string>{"index/repositories/put-user-repository/ok"});
  EXPECT_EQ(ids(causes[0].blocked),
            (std::vector<std::string>{"registry/images/get-image-json/ok",
                                      "registry/images/get-image-layer/ok"}));
  EXPECT_EQ(causes[0].size(), 3u);
  EXPECT_EQ(&causes[0].example(), &results[0]);
  EXPECT_EQ(ids(causes[1].failures), std::vector<std::string>{"registry/ping/ping/ok"});
}

TEST(GroupByCause, BlockedByACheckNotInTheRunIsACauseNamedByIt) {
  std::vector<CheckResult> results = {
      result_of("registry/images/get-image-json/ok", Outcome::kBlocked, "blocked by push",
                "index/repositories/put-user-repository/ok"),
      result_of("registry/images/get-image-layer/ok", Outcome::kBlocked, "blocked by push",
                "index/repositories/put-user-repository/ok"),
  };
  std::vector<Cause> causes = group_by_cause(results);
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].outcome, Outcome::kBlocked);
  EXPECT_EQ(causes[0].blocked_by, "index/repositories/put-user-repository/ok");
  EXPECT_TRUE(causes[0].failures.empty());
  EXPECT_EQ(causes[0].blocked.size(), 2u);
  EXPECT_EQ(&causes[0].example(), &results[0]);
}

TEST(GroupByCause, PassesSkipsAndDisabledAreNoCause) {
  EXPECT_TRUE(
      group_by_cause({result_of("a", Outcome::kPass, ""), result_of("b", Outcome::kSkip, "x"),
                      result_of("c", Outcome::kDisabled, "")})
          .empty());
}

}  // namespace
}  // namespace drydock::conformance::report
