#include "drydock/simulator/auth/token.h"

#include <gtest/gtest.h>

#include <regex>

namespace drydock::auth {
namespace {

using std::chrono::seconds;

class TokenTest : public ::testing::Test {
 protected:
  TokenSigner signer_{"per-data-directory secret",
                      TokenOptions{seconds(600), TokenPolicy::kReusable}};
  ManualClock clock_;

  std::string issue(std::string_view repository = "alice/app", Access access = Access::kWrite) {
    return signer_.issue(repository, access, clock_.now());
  }
  std::optional<TokenFailure> check(std::string_view token,
                                    std::optional<std::string_view> repository = "alice/app",
                                    Access needed = Access::kWrite) {
    return signer_.verify(token, repository, needed, clock_.now()).failure;
  }
};

TEST_F(TokenTest, IssuedTokenMatchesTheHubPattern) {
  std::regex hub(R"(signature=[^,]+,repository="[^"]+",access=(read|write|delete))");
  EXPECT_TRUE(std::regex_match(issue("library/busybox", Access::kRead), hub));
  EXPECT_TRUE(std::regex_match(issue("alice/app", Access::kWrite), hub));
  EXPECT_TRUE(std::regex_match(issue("alice/app", Access::kDelete), hub));
}

TEST_F(TokenTest, IssuedTokenGrantsItsRepositoryAndAccess) {
  TokenCheck check = signer_.verify(issue(), "alice/app", Access::kWrite, clock_.now());
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check.grant.repository, "alice/app");
  EXPECT_EQ(check.grant.access, Access::kWrite);
  EXPECT_EQ(check.grant.expiry, clock_.now() + seconds(600));
}

TEST_F(TokenTest, TwoTokensForTheSameGrantDiffer) {
  EXPECT_NE(issue(), issue());
}

TEST_F(TokenTest, ReusableTokenServesManyRequests) {
  std::string token = issue();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(check(token), std::nullopt);
}

TEST_F(TokenTest, TokenExpiresAtItsExpiry) {
  std::string token = issue();
  clock_.advance(seconds(599));
  EXPECT_EQ(check(token), std::nullopt);
  clock_.advance(seconds(1));
  EXPECT_EQ(check(token), TokenFailure::kExpired);
}

TEST_F(TokenTest, WrongRepositoryIsRefused) {
  EXPECT_EQ(check(issue("alice/app"), "alice/other"), TokenFailure::kWrongRepository);
  EXPECT_EQ(check(issue("alice/app"), "library/app"), TokenFailure::kWrongRepository);
}

TEST_F(TokenTest, ImageRoutesSkipTheRepositoryCheck) {
  EXPECT_EQ(check(issue("alice/app"), std::nullopt), std::nullopt);
}

TEST_F(TokenTest, AccessMustMatchTheMethod) {
  std::string write = issue("alice/app", Access::kWrite);
  EXPECT_EQ(check(write, "alice/app", *access_for_method("PUT")), std::nullopt);
  EXPECT_EQ(check(write, "alice/app", *access_for_method("POST")), std::nullopt);
  EXPECT_EQ(check(write, "alice/app", *access_for_method("GET")), TokenFailure::kWrongAccess);
  std::string read = issue("alice/app", Access::kRead);
  EXPECT_EQ(check(read, "alice/app", *access_for_method("GET")), std::nullopt);
  EXPECT_EQ(check(read, "alice/app", *access_for_method("HEAD")), std::nullopt);
  EXPECT_EQ(check(read, "alice/app", *access_for_method("DELETE")), TokenFailure::kWrongAccess);
  std::string del = issue("alice/app", Access::kDelete);
  EXPECT_EQ(check(del, "alice/app", *access_for_method("DELETE")), std::nullopt);
  EXPECT_EQ(check(del, "alice/app", *access_for_method("PUT")), TokenFailure::kWrongAccess);
  EXPECT_EQ(access_for_method("PATCH"), std::nullopt);
}

TEST_F(TokenTest, AlteredTokensAreInvalid) {
  std::string token = issue("alice/app", Access::kRead);
  std::string elevated = std::regex_replace(token, std::regex("access=read"), "access=write");
  EXPECT_EQ(check(elevated, "alice/app", Access::kWrite), TokenFailure::kInvalidToken);
  std::string moved = std::regex_replace(token, std::regex("alice/app"), "alice/other");
  EXPECT_EQ(check(moved, "alice/other", Access::kRead), TokenFailure::kInvalidToken);
  std::string extended = std::regex_replace(token, std::regex("signature=1"), "signature=2");
  EXPECT_EQ(check(extended, "alice/app", Access::kRead), TokenFailure::kInvalidToken);
}

TEST_F(TokenTest, TokenFromAnotherSecretIsInvalid) {
  TokenSigner other("another secret");
  EXPECT_EQ(check(other.issue("alice/app", Access::kWrite, clock_.now())),
            TokenFailure::kInvalidToken);
}

TEST_F(TokenTest, MalformedTokensAreInvalid) {
  for (std::string_view bad :
       {"", "signature=", "garbage", R"(repository="alice/app",access=write)",
        R"(signature=abc,repository="alice/app",access=write)",
        R"(signature=1.2.3,repository="alice/app",access=write)", "Token ",
        "signature=ABCDEFGHIJKLMNOP,repository=\"alice/app\",access=write"}) {
    EXPECT_EQ(check(bad), TokenFailure::kInvalidToken) << bad;
  }
}

TEST_F(TokenTest, ParsingIsAsTolerantAsDockerRegistry) {
  std::string token = issue();
  EXPECT_EQ(check("Token " + token), std::nullopt);
  EXPECT_EQ(check("Token Token " + token), std::nullopt);  // protocol-notes §10 quirk 3
  std::string unquoted = std::regex_replace(token, std::regex("\""), "");
  EXPECT_EQ(check(unquoted), std::nullopt);
  std::string spaced = std::regex_replace(token, std::regex(","), ", ");
  EXPECT_EQ(check(spaced), std::nullopt);
  std::string reordered = std::regex_replace(
      token, std::regex(R"((signature=[^,]+),(repository="[^"]+"),(access=\w+))"), "$3,$2,$1");
  EXPECT_EQ(check(reordered), std::nullopt);
}

TEST_F(TokenTest, FailuresAreCheckedInOrder) {
  std::string token = issue("alice/app", Access::kWrite);
  clock_.advance(seconds(601));
  // Expired, wrong repository and wrong access at once: expiry is reported.
  EXPECT_EQ(check(token, "bob/x", Access::kRead), TokenFailure::kExpired);
}

TEST_F(TokenTest, LongHeadersCostNoRecursion) {
  std::string huge = "signature=" + std::string(1 << 20, 'a');
  EXPECT_EQ(check(huge), TokenFailure::kInvalidToken);
}

TEST(TokenPolicy, SingleUseTokenIsSpentByItsFirstSuccessfulUse) {
  TokenSigner signer("secret", TokenOptions{seconds(60), TokenPolicy::kSingleUse});
  ManualClock clock;
  std::string token = signer.issue("alice/app", Access::kWrite, clock.now());
  // A refused request does not spend it.
  EXPECT_EQ(signer.verify(token, "alice/app", Access::kRead, clock.now()).failure,
            TokenFailure::kWrongAccess);
  EXPECT_TRUE(signer.verify(token, "alice/app", Access::kWrite, clock.now()).ok());
  EXPECT_EQ(signer.verify(token, "alice/app", Access::kWrite, clock.now()).failure,
            TokenFailure::kSpent);
  std::string fresh = signer.issue("alice/app", Access::kWrite, clock.now());
  EXPECT_TRUE(signer.verify(fresh, "alice/app", Access::kWrite, clock.now()).ok());
}

TEST(TokenFailureNames, UseTheSpecVocabulary) {
  EXPECT_EQ(failure_name(TokenFailure::kInvalidToken), "invalid-token");
  EXPECT_EQ(failure_name(TokenFailure::kExpired), "token-expired");
  EXPECT_EQ(failure_name(TokenFailure::kWrongRepository), "token-wrong-repository");
  EXPECT_EQ(failure_name(TokenFailure::kWrongAccess), "token-wrong-access");
  EXPECT_EQ(failure_name(TokenFailure::kSpent), "token-spent");
  EXPECT_EQ(failure_error(TokenFailure::kSpent).code, ErrorCode::kUnauthorized);
}

TEST(TokenCredentials, TakeWhatFollowsTheTokenScheme) {
  EXPECT_EQ(token_credentials("Token signature=x"), "signature=x");
  EXPECT_EQ(token_credentials("token   signature=x"), "signature=x");
  EXPECT_EQ(token_credentials("TOKEN Token signature=x"), "Token signature=x");
  EXPECT_EQ(token_credentials("Token "), "");
  EXPECT_EQ(token_credentials("Token"), "");
  EXPECT_EQ(token_credentials("Basic Og=="), std::nullopt);
  EXPECT_EQ(token_credentials("Tokens x"), std::nullopt);
  EXPECT_EQ(token_credentials(""), std::nullopt);
}

}  // namespace
}  // namespace drydock::auth
