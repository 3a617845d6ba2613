#include "drydock/simulator/http/access_log.h"

#include <gtest/gtest.h>

namespace drydock::simulator::http {
namespace {

TEST(Redact, AuthorizationKeepsOnlyTheScheme) {
  EXPECT_EQ(redact_header("Authorization", "Basic dXNlcjpzZWNyZXQ="), "Basic [redacted]");
  EXPECT_EQ(redact_header("authorization", "Token signature=abc,repository=\"a/b\",access=read"),
            "Token [redacted]");
}

TEST(Redact, DockerTokenIsHiddenButTheRequestForOneIsNot) {
  EXPECT_EQ(redact_header("X-Docker-Token", "true"), "true");
  EXPECT_EQ(redact_header("X-Docker-Token", "signature=abc,repository=\"a/b\",access=write"),
            "[redacted]");
}

TEST(Redact, WwwAuthenticateTokenIsHidden) {
  EXPECT_EQ(redact_header("WWW-Authenticate", "Token signature=abc,repository=\"a/b\""),
            "Token [redacted]");
}

TEST(Redact, CookieValuesAreHidden) {
  EXPECT_EQ(redact_header("Cookie", "session=abc; other=def"),
            "session=[redacted]; other=[redacted]");
  EXPECT_EQ(redact_header("Set-Cookie", "session=abc; Path=/; HttpOnly"),
            "session=[redacted]; Path=/; HttpOnly");
}

TEST(Redact, SecretQueryValuesAreHidden) {
  EXPECT_EQ(redact_query("q=busybox&token=abc&n=25"), "q=busybox&token=[redacted]&n=25");
}

TEST(AccessLine, HoldsTheExchangeWithoutSecrets) {
  AccessRecord record;
  record.remote_address = "127.0.0.1";
  record.method = "GET";
  record.target = "/v1/images/x/layer?signature=s3cr3t";
  record.status = 200;
  record.bytes_sent = 42;
  record.milliseconds = 7;
  record.request_headers.add("Authorization", "Token signature=s3cr3t");
  record.reply_headers.add("X-Docker-Token", "signature=s3cr3t");
  record.reply_headers.add("Set-Cookie", "session=s3cr3t");
  std::string line = format_access_line(record);
  EXPECT_NE(line.find("127.0.0.1 \"GET /v1/images/x/layer?signature=[redacted]\" 200 42 7ms"),
            std::string::npos)
      << line;
  EXPECT_EQ(line.find("s3cr3t"), std::string::npos) << line;
}

}  // namespace
}  // namespace drydock::simulator::http
