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

TEST(EscapeForLog, KeepsPrintableUtf8) {
  EXPECT_EQ(escape_for_log("/v1/search?q=caf\xC3\xA9"), "/v1/search?q=caf\xC3\xA9");
}

TEST(EscapeForLog, EscapesTerminalControlsAndBytesThatAreNotUtf8) {
  EXPECT_EQ(escape_for_log("/\x1b[2J\r\n"), "/\\x1b[2J\\x0d\\x0a");
  EXPECT_EQ(escape_for_log("/\x84"), "/\\x84");
  EXPECT_EQ(escape_for_log("\xC2\x9B"
                           "31m"),
            "\\xc2\\x9b31m");  // C1 CSI
  EXPECT_EQ(escape_for_log("a\"b\\c\x7f"), "a\\x22b\\x5cc\\x7f");
}

// Issue 12: raw escape sequences from the request path reached the log unescaped.
TEST(AccessLine, EscapesTheTargetMethodAndHeaders) {
  AccessRecord record;
  record.remote_address = "127.0.0.1";
  record.method = "GET";
  record.target = "/\x1b]0;owned\x07\x84";
  record.status = 400;
  record.request_headers.add("Cookie", "a=\x1b[31m");
  std::string line = format_access_line(record);
  EXPECT_NE(line.find("\"GET /\\x1b]0;owned\\x07\\x84\" 400"), std::string::npos) << line;
  for (char c : line) {
    EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) << line;
  }
}

}  // namespace
}  // namespace drydock::simulator::http
