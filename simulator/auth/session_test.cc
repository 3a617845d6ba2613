#include "drydock/simulator/auth/session.h"

#include <gtest/gtest.h>

namespace drydock::auth {
namespace {

using std::chrono::seconds;

class SessionTest : public ::testing::Test {
 protected:
  Sessions sessions_{"secret", seconds(300)};
  ManualClock clock_;
};

TEST_F(SessionTest, SessionGrantsItsRepositoryAndAccessUntilExpiry) {
  std::string cookie = sessions_.start("library/busybox", Access::kWrite, clock_.now());
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(sessions_.check(cookie, "library/busybox", Access::kWrite, clock_.now()).ok());
  }
  EXPECT_TRUE(sessions_.check(cookie, std::nullopt, Access::kWrite, clock_.now()).ok());
  clock_.advance(seconds(300));
  EXPECT_EQ(sessions_.check(cookie, "library/busybox", Access::kWrite, clock_.now()).failure,
            TokenFailure::kExpired);
}

TEST_F(SessionTest, SessionIsScopedToRepositoryAndAccess) {
  std::string cookie = sessions_.start("alice/app", Access::kRead, clock_.now());
  EXPECT_EQ(sessions_.check(cookie, "alice/other", Access::kRead, clock_.now()).failure,
            TokenFailure::kWrongRepository);
  EXPECT_EQ(sessions_.check(cookie, "alice/app", Access::kWrite, clock_.now()).failure,
            TokenFailure::kWrongAccess);
}

TEST_F(SessionTest, AlteredOrForeignCookiesAreInvalid) {
  std::string cookie = sessions_.start("alice/app", Access::kRead, clock_.now());
  std::string moved = cookie.substr(0, cookie.rfind('.')) + ".alice/other";
  EXPECT_EQ(sessions_.check(moved, "alice/other", Access::kRead, clock_.now()).failure,
            TokenFailure::kInvalidToken);
  Sessions other("other secret");
  EXPECT_EQ(other.check(cookie, "alice/app", Access::kRead, clock_.now()).failure,
            TokenFailure::kInvalidToken);
  for (std::string_view bad : {"", "1.2.3", "x.y.z.w.alice/app", "....."}) {
    EXPECT_EQ(sessions_.check(bad, "alice/app", Access::kRead, clock_.now()).failure,
              TokenFailure::kInvalidToken)
        << bad;
  }
}

TEST_F(SessionTest, TokenIsNotACookie) {
  TokenSigner signer("secret");
  std::string token = signer.issue("alice/app", Access::kRead, clock_.now());
  EXPECT_EQ(sessions_.check(token, "alice/app", Access::kRead, clock_.now()).failure,
            TokenFailure::kInvalidToken);
}

TEST_F(SessionTest, RepositoriesWithDotsSurviveTheCookie) {
  std::string cookie = sessions_.start("alice/my.app.v2", Access::kRead, clock_.now());
  EXPECT_TRUE(sessions_.check(cookie, "alice/my.app.v2", Access::kRead, clock_.now()).ok());
}

TEST(FindCookie, FindsTheNamedCookie) {
  EXPECT_EQ(find_cookie("a=1; session=abc.def; b=2", "session"), "abc.def");
  EXPECT_EQ(find_cookie("session=\"quoted\"", "session"), "quoted");
  EXPECT_EQ(find_cookie("mysession=x; a=1", "session"), std::nullopt);
  EXPECT_EQ(find_cookie("", "session"), std::nullopt);
}

}  // namespace
}  // namespace drydock::auth
