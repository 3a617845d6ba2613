// The token guard: every failure condition, the single-use policy with its session cookie, and
// the standalone and remote validators.

#include "drydock/simulator/registry/token_validators.h"
#include "testing/registry_test_fixture.h"

namespace drydock::simulator::registry::testing {
namespace {

class Tokens : public RegistryTest {
 protected:
  http::Reply get_tags(std::optional<std::string> authorization, http::Headers headers = {}) {
    if (authorization) headers.add("Authorization", *authorization);
    return send_without_token("GET", "/v1/repositories/alice/app/tags", "", headers);
  }
  void expect_refused(const http::Reply& reply) {
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.headers.get("WWW-Authenticate"), "Token");
  }
};

TEST_F(Tokens, MissingOrEmptyOrBasicIsRefused) {
  expect_refused(get_tags(std::nullopt));
  expect_refused(get_tags("Token "));
  expect_refused(get_tags("Basic YWxpY2U6c2VjcmV0"));
}

TEST_F(Tokens, ForgedTokenIsRefused) {
  std::string forged = token(kRepository, auth::Access::kRead);
  forged[forged.find("signature=") + 12] ^= 1;
  expect_refused(get_tags("Token " + forged));
}

TEST_F(Tokens, ExpiredTokenIsRefused) {
  std::string authorization = bearer(kRepository, auth::Access::kRead);
  EXPECT_EQ(get_tags(authorization).status, 404);  // good token, no repository yet
  clock_->advance(std::chrono::hours(2));
  expect_refused(get_tags(authorization));
}

TEST_F(Tokens, WrongRepositoryAndWrongAccessAreRefused) {
  expect_refused(get_tags(bearer("bob/other", auth::Access::kRead)));
  expect_refused(get_tags(bearer(kRepository, auth::Access::kWrite)));
}

TEST_F(Tokens, ImageRoutesCheckAccessButNoRepository) {
  std::string path = "/v1/images/" + std::string(64, 'a') + "/json";
  http::Headers other_repo;
  other_repo.add("Authorization", bearer("bob/other", auth::Access::kRead));
  EXPECT_EQ(send("GET", path, "", other_repo).status, 404);
  http::Headers write;
  write.add("Authorization", bearer("bob/other", auth::Access::kWrite));
  EXPECT_EQ(send("GET", path, "", write).status, 401);
}

class SingleUse : public RegistryTest {
 protected:
  SingleUse() : RegistryTest(auth::TokenPolicy::kSingleUse) {}
};

TEST_F(SingleUse, SpentTokenPassesOnlyWithTheSessionCookie) {
  std::string authorization = bearer(kRepository, auth::Access::kRead);
  http::Headers headers;
  headers.add("Authorization", authorization);
  auto first = send_without_token("GET", "/v1/repositories/alice/app/tags", "", headers);
  EXPECT_EQ(first.status, 404);
  auto cookie = first.headers.get("Set-Cookie");
  ASSERT_TRUE(cookie.has_value());
  EXPECT_NE(cookie->find("; Path=/; HttpOnly"), std::string::npos);

  auto spent = send_without_token("GET", "/v1/repositories/alice/app/tags", "", headers);
  EXPECT_EQ(spent.status, 401);

  headers.add("Cookie", cookie->substr(0, cookie->find(';')));
  auto with_cookie = send_without_token("GET", "/v1/repositories/alice/app/tags", "", headers);
  EXPECT_EQ(with_cookie.status, 404);
  http::Headers cookie_only;
  cookie_only.add("Cookie", cookie->substr(0, cookie->find(';')));
  EXPECT_EQ(send_without_token("GET", "/v1/repositories/alice/app/tags", "", cookie_only).status,
            404);
}

// An upload through the session a spent token started is judged against the index's list of the
// repository's images, as the upload with the token was.
TEST(LocalTokenValidator, AWriteThroughASessionBringsTheImageList) {
  auto clock = std::make_shared<auth::ManualClock>();
  auth::TokenOptions options;
  options.policy = auth::TokenPolicy::kSingleUse;
  auto tokens = std::make_shared<auth::TokenSigner>("secret", options);
  auto sessions = std::make_shared<auth::Sessions>("secret");
  LocalTokenValidator validator(tokens, sessions, clock, [](std::string_view repository) {
    return std::optional<std::vector<std::string>>({std::string(repository) + "-image"});
  });
  http::Request with_token;
  with_token.headers.set("Authorization",
                         "Token " + tokens->issue("a/b", auth::Access::kWrite, clock->now()));
  TokenDecision first = validator.check(with_token, "a/b", auth::Access::kWrite);
  ASSERT_FALSE(first.failure.has_value()) << *first.failure;
  EXPECT_EQ(first.listed_images, std::vector<std::string>{"a/b-image"});
  ASSERT_TRUE(first.set_cookie.has_value());

  http::Request with_cookie;
  with_cookie.headers.set("Cookie", first.set_cookie->substr(0, first.set_cookie->find(';')));
  TokenDecision next = validator.check(with_cookie, "a/b", auth::Access::kWrite);
  ASSERT_FALSE(next.failure.has_value()) << *next.failure;
  EXPECT_EQ(next.listed_images, std::vector<std::string>{"a/b-image"});
}

TEST(StandaloneTokenValidator, EverythingPasses) {
  StandaloneTokenValidator validator;
  http::Request request;
  EXPECT_FALSE(validator.check(request, "a/b", auth::Access::kDelete).failure.has_value());
}

TEST(RemoteTokenValidator, JudgesScopeAndAccessBeforeAskingTheIndex) {
  RemoteTokenValidator validator("http://127.0.0.1:1", std::chrono::milliseconds(200));
  http::Request request;
  EXPECT_EQ(validator.check(request, "a/b", auth::Access::kRead).failure, "missing-auth");
  request.headers.set("Authorization", R"(Token signature=x,repository="a/b",access=read)");
  EXPECT_EQ(validator.check(request, "c/d", auth::Access::kRead).failure, "token-wrong-repository");
  EXPECT_EQ(validator.check(request, "a/b", auth::Access::kWrite).failure, "token-wrong-access");
  // Port 1 answers nothing: the index did not accept the token.
  EXPECT_EQ(validator.check(request, "a/b", auth::Access::kRead).failure, "invalid-token");
  request.headers.set("Authorization", "Token signature=x,access=read");
  EXPECT_EQ(validator.check(request, std::nullopt, auth::Access::kRead).failure, "invalid-token");
}

TEST(ParseTokenFields, IsAsLenientAsDockerRegistry) {
  auto fields = parse_token_fields(R"(Token signature=abc, repository="ns/name",access=write)");
  EXPECT_EQ(fields.repository, "ns/name");
  EXPECT_EQ(fields.access, "write");
  EXPECT_EQ(parse_token_fields("Token signature=abc,repository:ns/x").repository, "ns/x");
}

// std::regex recursed once per character of the value: a megabyte overflowed the stack.
TEST(ParseTokenFields, TakesALongHeaderInLinearTime) {
  auto fields = parse_token_fields("Token repository=" + std::string(1 << 20, 'a'));
  EXPECT_EQ(fields.repository.size(), size_t{1} << 20);
}

}  // namespace
}  // namespace drydock::simulator::registry::testing
