#include "drydock/conformance/redact.h"

#include <gtest/gtest.h>

namespace drydock::conformance {
namespace {

TEST(Redactor, BasicAuthorizationKeepsItsScheme) {
  Redactor r;
  EXPECT_EQ(r.header_value("Authorization", "Basic dXNlcjpodW50ZXIy"), "Basic <redacted>");
  EXPECT_EQ(r.header_value("authorization", "Bearer abc.def"), "Bearer <redacted>");
  EXPECT_EQ(r.header_value("Authorization", "opaque"), "<redacted>");
}

TEST(Redactor, TokenAuthorizationKeepsRepositoryAndAccess) {
  Redactor r;
  EXPECT_EQ(
      r.header_value("Authorization", "Token signature=0123abcd,repository=\"ns/x\",access=write"),
      "Token signature=<redacted>,repository=\"ns/x\",access=write");
}

TEST(Redactor, DockerTokenAndChallengeLoseOnlyTheSignature) {
  Redactor r;
  EXPECT_EQ(r.header_value("X-Docker-Token", "signature=s3cr3t,repository=\"ns/x\",access=read"),
            "signature=<redacted>,repository=\"ns/x\",access=read");
  EXPECT_EQ(r.header_value("X-Docker-Token", "true"), "true");
  EXPECT_EQ(r.header_value("X-Docker-Token", "opaque-token"), "<redacted>");
  EXPECT_EQ(r.header_value("WWW-Authenticate",
                           "Token signature=\"q uoted\",repository=\"ns/x\",access=read"),
            "Token signature=<redacted>,repository=\"ns/x\",access=read");
  EXPECT_EQ(r.header_value("WWW-Authenticate", "Basic realm=\"drydock\""),
            "Basic realm=\"drydock\"");
}

TEST(Redactor, CookiesLoseTheirValues) {
  Redactor r;
  EXPECT_EQ(r.header_value("Cookie", "session=abc123; other=xyz"),
            "session=<redacted>; other=<redacted>");
  EXPECT_EQ(r.header_value("Set-Cookie", "session=abc123; Path=/; HttpOnly"),
            "session=<redacted>; Path=/; HttpOnly");
}

TEST(Redactor, PasswordFieldsInJsonBodies) {
  Redactor r;
  EXPECT_EQ(r.body(R"({"username":"bob","password": "hun\"ter2","email":"b@x"})"),
            R"({"username":"bob","password": "<redacted>","email":"b@x"})");
  EXPECT_EQ(r.body(R"({"Password" : "a", "passwd":"b"})"),
            R"({"Password" : "<redacted>", "passwd":"<redacted>"})");
  EXPECT_EQ(r.body(R"({"password": null})"), R"({"password": null})");
  EXPECT_EQ(r.body(R"({"password": "unterminated)"), R"({"password": "<redacted>")");
}

TEST(Redactor, ConfiguredSecretsAnywhere) {
  Redactor r;
  r.add_secret("pa$$ word\"1");
  EXPECT_EQ(r.text("error: pa$$ word\"1 rejected"), "error: <redacted> rejected");
  EXPECT_EQ(r.body(R"({"note": "pa$$ word\"1"})"), R"({"note": "<redacted>"})");
  EXPECT_EQ(r.url("http://h/?q=pa%24%24%20word%221"), "http://h/?q=<redacted>");
  EXPECT_EQ(r.header_value("X-Echo", "pa$$ word\"1"), "<redacted>");
}

TEST(Redactor, OverlappingSecretsAreBlankedAsOneSpan) {
  Redactor r;
  r.add_secret("abcdef");
  r.add_secret("defghi");
  // Neither secret shows in part: the span both cover is one <redacted>.
  EXPECT_EQ(r.text("x abcdefghi y"), "x <redacted> y");
  EXPECT_EQ(r.text("defghi abcdef"), "<redacted> <redacted>");
}

TEST(Redactor, ThousandsOfLearnedSecretsAllStillApply) {
  Redactor r;
  for (int i = 0; i < 5000; ++i) r.add_secret("signature-" + std::to_string(i) + "-end");
  EXPECT_EQ(r.text("echo signature-4321-end and signature-7-end"),
            "echo <redacted> and <redacted>");
  EXPECT_EQ(r.text("signature-99999-end"), "signature-99999-end");
}

TEST(Redactor, IgnoresTooShortSecrets) {
  Redactor r;
  r.add_secret("a");
  EXPECT_EQ(r.text("banana"), "banana");
}

TEST(Redactor, UrlUserinfoPassword) {
  Redactor r;
  EXPECT_EQ(r.url("https://bob:hunter2@registry.example/v1/_ping"),
            "https://bob:<redacted>@registry.example/v1/_ping");
  EXPECT_EQ(r.url("https://registry.example/v1/users/a@b"),
            "https://registry.example/v1/users/a@b");
}

TEST(Redactor, LearnsCredentialsFromHeadersAndRedactsTheirEchoes) {
  Redactor r;
  Exchange e;
  e.request.url = "http://index/v1/repositories/ns/x/images";
  e.request.headers.add("Authorization", "Basic Ym9iOmh1bnRlcjI=");  // bob:hunter2
  e.response.headers.add("X-Docker-Token", "signature=tok123sig,repository=\"ns/x\",access=write");
  e.response.headers.add("Set-Cookie", "session=cookie789; Path=/");
  e.response.body = "echo hunter2 tok123sig cookie789";
  e.error = "hunter2";
  r.redact(e);
  EXPECT_EQ(e.request.headers.get("Authorization"), "Basic <redacted>");
  EXPECT_EQ(e.response.headers.get("X-Docker-Token"),
            "signature=<redacted>,repository=\"ns/x\",access=write");
  EXPECT_EQ(e.response.body, "echo <redacted> <redacted> <redacted>");
  EXPECT_EQ(e.error, "<redacted>");
  EXPECT_EQ(r.text("later: tok123sig"), "later: <redacted>");
}

TEST(Redactor, LeavesStreamedBodyNotesAlone) {
  Redactor r;
  r.add_secret("bytes");
  Exchange e;
  e.request.streamed = true;
  e.request.body = "<5 bytes streamed>";
  r.redact(e);
  EXPECT_EQ(e.request.body, "<5 bytes streamed>");
}

}  // namespace
}  // namespace drydock::conformance
