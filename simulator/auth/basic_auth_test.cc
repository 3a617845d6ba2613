#include "drydock/simulator/auth/basic_auth.h"

#include <gtest/gtest.h>

namespace drydock::auth {
namespace {

TEST(BasicAuth, ParsesUserAndPassword) {
  auto creds = parse_basic_authorization("Basic YWxpY2U6czNjcjN0");  // alice:s3cr3t
  ASSERT_TRUE(creds.has_value());
  EXPECT_EQ(creds->user, "alice");
  EXPECT_EQ(creds->password, "s3cr3t");
}

TEST(BasicAuth, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(parse_basic_authorization("basic YWxpY2U6czNjcjN0").has_value());
  EXPECT_TRUE(parse_basic_authorization("BASIC  YWxpY2U6czNjcjN0").has_value());
}

TEST(BasicAuth, PasswordMayHoldColons) {
  auto creds = parse_basic_authorization("Basic YTpiOmM=");  // a:b:c
  ASSERT_TRUE(creds.has_value());
  EXPECT_EQ(creds->user, "a");
  EXPECT_EQ(creds->password, "b:c");
}

TEST(BasicAuth, AnonymousDockerHeaderIsEmptyCredentials) {
  auto creds = parse_basic_authorization("Basic Og==");  // protocol-notes §10 quirk 4
  ASSERT_TRUE(creds.has_value());
  EXPECT_EQ(creds->user, "");
  EXPECT_EQ(creds->password, "");
}

TEST(BasicAuth, MalformedHeadersGiveNothing) {
  for (std::string_view bad :
       {"", "Basic", "Basic ", "Basic !!!!", "Basic YWxpY2U=",  // no colon
        "Token signature=x", "BasicYWxpY2U6czNjcjN0", "Basic YWxpY2U6czNjcjN"}) {
    EXPECT_FALSE(parse_basic_authorization(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace drydock::auth
