#include "cookie_jar.h"

#include <gtest/gtest.h>

namespace drydock::conformance {
namespace {

TEST(CookieJar, SendsACookieBackToTheSameHostOnAnyPort) {
  CookieJar jar;
  jar.store("http://reg.test:5000/v1/images/a/json", "session=abc; Path=/; HttpOnly");
  EXPECT_EQ(jar.header_for("http://reg.test:5000/v1/images/a/layer"), "session=abc");
  EXPECT_EQ(jar.header_for("http://REG.test:6000/"), "session=abc");
  EXPECT_EQ(jar.header_for("http://index.test:5000/v1/users/"), "");
}

TEST(CookieJar, JoinsSeveralCookies) {
  CookieJar jar;
  jar.store("http://h/", "a=1");
  jar.store("http://h/", "b=2; Path=/");
  EXPECT_EQ(jar.header_for("http://h/x"), "a=1; b=2");
}

TEST(CookieJar, ReplacesAndRemovesByName) {
  CookieJar jar;
  jar.store("http://h/", "a=1; Path=/");
  jar.store("http://h/", "a=2; Path=/");
  EXPECT_EQ(jar.header_for("http://h/"), "a=2");
  jar.store("http://h/", "a=gone; Path=/; Max-Age=0");
  EXPECT_EQ(jar.header_for("http://h/"), "");
}

TEST(CookieJar, DefaultPathIsTheRequestDirectory) {
  CookieJar jar;
  jar.store("http://h/v1/images/x/json", "s=1");
  EXPECT_EQ(jar.header_for("http://h/v1/images/x/layer"), "s=1");
  EXPECT_EQ(jar.header_for("http://h/v1/users/"), "");
}

TEST(CookieJar, IgnoresAPairWithoutEquals) {
  CookieJar jar;
  jar.store("http://h/", "nonsense; Path=/");
  EXPECT_TRUE(jar.empty());
}

TEST(UrlParts, HostAndPath) {
  EXPECT_EQ(url_host("https://user:pw@Example.COM:443/a?b"), "example.com");
  EXPECT_EQ(url_host("http://[::1]:5000/x"), "[::1]");
  EXPECT_EQ(url_path("http://h:1/a/b?q=1"), "/a/b");
  EXPECT_EQ(url_path("http://h"), "/");
}

}  // namespace
}  // namespace drydock::conformance
