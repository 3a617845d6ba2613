// The registry's callbacks: PUT .../auth and the layer access check (protocol-notes 4.4).

#include <nlohmann/json.hpp>

#include "testing/index_test_fixture.h"

namespace drydock::simulator::index::testing {
namespace {

class Authorization : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    add_user("alice");
    add_admin("admin");
    ASSERT_EQ(put_repository("alice", "alice/app").status, 200);
    ASSERT_EQ(put_repository("admin", "busybox").status, 200);
  }
  http::Reply put_auth(std::string_view path, const HeaderList& headers) {
    return send("PUT", "/v1/repositories/" + std::string(path) + "/auth", "", headers);
  }
  http::Reply layer_access(std::string_view path, const std::string& image,
                           const HeaderList& headers) {
    return send("GET", "/v1/repositories/" + std::string(path) + "/layer/" + image + "/access", "",
                headers);
  }
  HeaderList token(std::string_view repository, auth::Access access = auth::Access::kDelete) {
    return {{"Authorization", "Token " + issue_token(repository, access)}};
  }
};

TEST_F(Authorization, PutAuthWithAGoodTokenAnswersOk) {
  auto reply = put_auth("alice/app", token("alice/app"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.text(), "\"OK\"");
  EXPECT_EQ(put_auth("busybox", token("library/busybox")).status, 200);
}

TEST_F(Authorization, PutAuthRefusesMissingAndBadTokens) {
  auto reply = put_auth("alice/app", {});
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), "Token");
  EXPECT_EQ(put_auth("alice/app", {{"Authorization",
                                    "Token signature=x,repository=\"alice/app\","
                                    "access=delete"}})
                .status,
            401);
  EXPECT_EQ(put_auth("alice/app", token("library/busybox")).status, 401);
}

TEST_F(Authorization, PutAuthOfUnknownRepositoryAnswers404) {
  EXPECT_EQ(put_auth("alice/nothing", token("alice/nothing")).status, 404);
}

TEST_F(Authorization, LayerAccessSaysWhetherTheImageIsListed) {
  auto listed = layer_access("alice/app", kImageA, token("alice/app", auth::Access::kWrite));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(json_of(listed), nlohmann::json({{"access", true}}));
  auto unlisted = layer_access("alice/app", kImageC, token("alice/app", auth::Access::kRead));
  ASSERT_EQ(unlisted.status, 200);
  EXPECT_EQ(json_of(unlisted), nlohmann::json({{"access", false}}));
}

TEST_F(Authorization, LayerAccessRefusesBadTokensAndUnknownRepositories) {
  auto reply = layer_access("alice/app", kImageA, {{"Authorization", "Token forged"}});
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), "Token");
  EXPECT_EQ(layer_access("alice/app", kImageA, token("library/busybox")).status, 401);
  EXPECT_EQ(layer_access("alice/nothing", kImageA, token("alice/nothing")).status, 404);
}

}  // namespace
}  // namespace drydock::simulator::index::testing
