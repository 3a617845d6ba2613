// Repositories: create (user and library), tokens and endpoints, the two-step delete
// (protocol-notes 5.2 I4, I5; 6.4).

#include <nlohmann/json.hpp>

#include "drydock/simulator/auth/token.h"
#include "testing/index_test_fixture.h"

namespace drydock::simulator::index::testing {
namespace {

class Repositories : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    add_user("alice");
    add_user("bobby");
    add_admin("admin");
  }
  auth::TokenCheck verify(const std::string& token, std::string_view repository,
                          auth::Access access) {
    return services_.tokens->verify(token, repository, access, clock_->now());
  }
  std::vector<std::string> image_ids(std::string_view ns, std::string_view name) {
    std::vector<std::string> ids;
    auto images = services_.accounts->images(ns, name);
    if (images.ok()) {
      for (const auto& image : *images) ids.push_back(image.id);
    }
    return ids;
  }
};

TEST_F(Repositories, PutUserRepositoryIssuesAWriteTokenAndEndpoints) {
  auto reply = put_repository("alice", "alice/app");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.text(), "\"\"");
  std::string token = header(reply, "X-Docker-Token");
  EXPECT_TRUE(verify(token, "alice/app", auth::Access::kWrite).ok());
  EXPECT_EQ(verify(token, "alice/other", auth::Access::kWrite).failure,
            auth::TokenFailure::kWrongRepository);
  EXPECT_EQ(verify(token, "alice/app", auth::Access::kRead).failure,
            auth::TokenFailure::kWrongAccess);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), "Token " + token);
  EXPECT_EQ(header(reply, "X-Docker-Endpoints"), kEndpoint);
  EXPECT_EQ(image_ids("alice", "app"), std::vector<std::string>{kImageA});
}

TEST_F(Repositories, NoTokenUnlessAsked) {
  auto reply =
      send("PUT", "/v1/repositories/alice/app/", "[]", {{"Authorization", basic("alice")}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_FALSE(reply.headers.contains("X-Docker-Token"));
  EXPECT_FALSE(reply.headers.contains("WWW-Authenticate"));
  EXPECT_EQ(header(reply, "X-Docker-Endpoints"), kEndpoint);
}

TEST_F(Repositories, PutMergesTheImageList) {
  ASSERT_EQ(put_repository("alice", "alice/app").status, 200);
  nlohmann::json more = {{{"id", kImageA}}, {{"id", kImageB}, {"Tag", "v2"}}};
  ASSERT_EQ(put_repository("alice", "alice/app", more).status, 200);
  EXPECT_EQ(image_ids("alice", "app"), (std::vector<std::string>{kImageA, kImageB}));
}

TEST_F(Repositories, PutInAnotherNamespaceAnswers403) {
  EXPECT_EQ(put_repository("bobby", "alice/app").status, 403);
  EXPECT_FALSE(services_.accounts->repository("alice", "app").ok());
}

TEST_F(Repositories, PutRefusesBadCredentialsAndInactiveAccounts) {
  add_user("carol", /*active=*/false);
  EXPECT_EQ(put_repository("carol", "carol/app").status, 403);
  auto reply = send("PUT", "/v1/repositories/alice/app/", "[]");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), kBasicChallenge);
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/", "[]",
                 {{"Authorization", basic("alice", "wrong-password")}})
                .status,
            401);
  EXPECT_EQ(put_repository("alice", "alice/app", {{{"id", "not-an-id"}}}).status, 400);
}

TEST_F(Repositories, LibraryRepositoryNeedsAnAdmin) {
  EXPECT_EQ(put_repository("alice", "busybox").status, 403);
  EXPECT_EQ(put_repository("alice", "library/busybox").status, 403);
  auto reply = put_repository("admin", "busybox");
  ASSERT_EQ(reply.status, 200);
  EXPECT_TRUE(
      verify(header(reply, "X-Docker-Token"), "library/busybox", auth::Access::kWrite).ok());
  EXPECT_TRUE(services_.accounts->repository("library", "busybox").ok());
}

TEST_F(Repositories, AdminMayPushToAnyNamespace) {
  EXPECT_EQ(put_repository("admin", "alice/app").status, 200);
}

TEST_F(Repositories, DeleteTakesTwoSteps) {
  ASSERT_EQ(put_repository("alice", "alice/app").status, 200);
  std::string read_token = issue_token("alice/app", auth::Access::kRead);

  auto first = send("DELETE", "/v1/repositories/alice/app/", "",
                    {{"Authorization", basic("alice")}, {"X-Docker-Token", "true"}});
  ASSERT_EQ(first.status, 202);
  EXPECT_EQ(first.text(), "\"\"");
  EXPECT_TRUE(verify(header(first, "X-Docker-Token"), "alice/app", auth::Access::kDelete).ok());
  EXPECT_EQ(header(first, "X-Docker-Endpoints"), kEndpoint);

  // Tokens issued before the first DELETE stay valid until the final one.
  auto callback = send("GET", "/v1/repositories/alice/app/images", "",
                       {{"Authorization", "Token " + read_token}});
  EXPECT_EQ(callback.status, 200);

  auto final_call =
      send("DELETE", "/v1/repositories/alice/app/", "",
           {{"Authorization", basic("alice")}, {"X-Docker-Endpoints", std::string(kEndpoint)}});
  EXPECT_EQ(final_call.status, 200);
  EXPECT_FALSE(services_.accounts->repository("alice", "app").ok());
  EXPECT_EQ(send("GET", "/v1/repositories/alice/app/images").status, 404);
}

TEST_F(Repositories, DeleteOfLibraryRepositoryByAdmin) {
  ASSERT_EQ(put_repository("admin", "busybox").status, 200);
  EXPECT_EQ(
      send("DELETE", "/v1/repositories/busybox/", "", {{"Authorization", basic("alice")}}).status,
      403);
  EXPECT_EQ(
      send("DELETE", "/v1/repositories/busybox/", "", {{"Authorization", basic("admin")}}).status,
      202);
}

TEST_F(Repositories, DeleteRefusesUnknownAndForeignRepositories) {
  ASSERT_EQ(put_repository("alice", "alice/app").status, 200);
  EXPECT_EQ(
      send("DELETE", "/v1/repositories/alice/nothing/", "", {{"Authorization", basic("alice")}})
          .status,
      404);
  EXPECT_EQ(
      send("DELETE", "/v1/repositories/alice/app/", "", {{"Authorization", basic("bobby")}}).status,
      403);
  EXPECT_EQ(send("DELETE", "/v1/repositories/alice/app/").status, 401);
}

}  // namespace
}  // namespace drydock::simulator::index::testing
