// Image lists: the push's final PUT, the pull's GET, and the GET as the registry's token callback
// (protocol-notes 5.2 I6, I7; 4.3 step 7).

#include <chrono>

#include <nlohmann/json.hpp>

#include "drydock/simulator/auth/token.h"
#include "testing/index_test_fixture.h"

namespace drydock::simulator::index::testing {
namespace {

class Images : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    add_user("alice");
    add_user("bobby");
    ASSERT_EQ(put_repository("alice", "alice/app").status, 200);
  }
  http::Reply put_images(std::string_view user, std::string_view path, const nlohmann::json& body) {
    return send("PUT", "/v1/repositories/" + std::string(path) + "/images", body.dump(),
                {{"Authorization", basic(user)},
                 {"X-Docker-Token", "true"},
                 {"X-Docker-Endpoints", "https://" + std::string(kEndpoint) + "/v1/"}});
  }
  http::Reply get_images(std::string_view path, const HeaderList& headers = {}) {
    return send("GET", "/v1/repositories/" + std::string(path) + "/images", "", headers);
  }
  http::Reply callback(std::string_view path, const std::string& token) {
    return get_images(path, {{"Authorization", "Token " + token}});
  }
};

TEST_F(Images, PutAnswers204AndMergesChecksums) {
  auto reply = put_images("alice", "alice/app", {{{"id", kImageA}, {"checksum", "sha256:aa"}}});
  EXPECT_EQ(reply.status, 204);
  EXPECT_EQ(reply.text(), "");
  auto list = json_of(get_images("alice/app"));
  EXPECT_EQ(list, nlohmann::json::parse(R"([{"id":")" + kImageA + R"(","checksum":"sha256:aa"}])"));
}

TEST_F(Images, PutOfUnknownRepositoryCreatesIt) {
  EXPECT_EQ(put_images("alice", "alice/fresh", {{{"id", kImageB}}}).status, 204);
  auto list = json_of(get_images("alice/fresh"));
  EXPECT_EQ(list, nlohmann::json::parse(R"([{"id":")" + kImageB + R"("}])"));
}

TEST_F(Images, PutFollowsThePermissionRules) {
  EXPECT_EQ(put_images("bobby", "alice/app", nlohmann::json::array()).status, 403);
  EXPECT_EQ(put_images("alice", "busybox", nlohmann::json::array()).status, 403);
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/images", "[]").status, 401);
}

TEST_F(Images, GetIsPublicAndListsIds) {
  auto reply = get_images("alice/app");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(json_of(reply), nlohmann::json::parse(R"([{"id":")" + kImageA + R"("}])"));
  EXPECT_FALSE(reply.headers.contains("X-Docker-Token"));
}

TEST_F(Images, GetIssuesAReadTokenWhenAsked) {
  auto reply = get_images("alice/app", {{"X-Docker-Token", "true"}});
  ASSERT_EQ(reply.status, 200);
  auto check = services_.tokens->verify(header(reply, "X-Docker-Token"), "alice/app",
                                        auth::Access::kRead, clock_->now());
  EXPECT_TRUE(check.ok());
  EXPECT_EQ(header(reply, "X-Docker-Endpoints"), kEndpoint);
}

TEST_F(Images, GetWithBasicMustBeValidAndActive) {
  add_user("carol", /*active=*/false);
  EXPECT_EQ(get_images("alice/app", {{"Authorization", basic("bobby")}}).status, 200);
  auto reply = get_images("alice/app", {{"Authorization", basic("bobby", "wrong-password")}});
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), kBasicChallenge);
  EXPECT_EQ(get_images("alice/app", {{"Authorization", basic("carol")}}).status, 403);
}

TEST_F(Images, GetOfUnknownRepositoryAnswers404) {
  EXPECT_EQ(get_images("alice/nothing").status, 404);
  EXPECT_EQ(get_images("nothing").status, 404);
}

TEST_F(Images, PrivateRepositoryIsHiddenFromOthers) {
  ASSERT_TRUE(services_.accounts->create_or_update_repository("alice", "app", "alice", true).ok());
  EXPECT_EQ(get_images("alice/app").status, 404);
  EXPECT_EQ(get_images("alice/app", {{"Authorization", basic("bobby")}}).status, 404);
  EXPECT_EQ(get_images("alice/app", {{"Authorization", basic("alice")}}).status, 200);
}

TEST_F(Images, TokenCallbackAcceptsAGoodTokenOfAnyAccess) {
  EXPECT_EQ(callback("alice/app", issue_token("alice/app", auth::Access::kWrite)).status, 200);
  EXPECT_EQ(callback("alice/app", issue_token("alice/app", auth::Access::kRead)).status, 200);
  EXPECT_EQ(callback("alice/app", issue_token("alice/app", auth::Access::kDelete)).status, 200);
  // Docker's standalone quirk (protocol-notes 10.3): "Token Token signature=..." still parses.
  EXPECT_EQ(callback("alice/app", "Token " + issue_token("alice/app", auth::Access::kRead)).status,
            200);
}

TEST_F(Images, TokenCallbackRefusesAForgedToken) {
  std::string token = issue_token("alice/app", auth::Access::kWrite);
  token[token.find("signature=") + 12] ^= 1;
  auto reply = callback("alice/app", token);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), "Token");
  EXPECT_EQ(callback("alice/app", "signature=abc,repository=\"alice/app\",access=read").status,
            401);
  EXPECT_EQ(get_images("alice/app", {{"Authorization", "Token "}}).status, 401);
}

TEST_F(Images, TokenCallbackRefusesAnExpiredToken) {
  std::string token = issue_token("alice/app", auth::Access::kRead);
  clock_->advance(std::chrono::hours(2));
  EXPECT_EQ(callback("alice/app", token).status, 401);
}

TEST_F(Images, TokenCallbackRefusesATokenForAnotherRepository) {
  ASSERT_EQ(put_repository("bobby", "bobby/app").status, 200);
  EXPECT_EQ(callback("alice/app", issue_token("bobby/app", auth::Access::kRead)).status, 401);
}

}  // namespace
}  // namespace drydock::simulator::index::testing
