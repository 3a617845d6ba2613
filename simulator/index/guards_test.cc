// The guard column of the index's route table (index.cc, authentication.h Guard): what each kind
// asks of a request before its handler runs, and who it hands the handler through the Context.

#include "testing/index_test_fixture.h"

namespace drydock::simulator::index::testing {
namespace {

class Guards : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    add_user("alice");
    add_user("bobby");
    add_user("carol", /*active=*/false);
    add_admin("admin");
    ASSERT_EQ(put_repository("alice", "alice/app").status, 200);
  }
  static HeaderList as(std::string_view user, std::string_view password = kPassword) {
    return {{"Authorization", basic(user, password)}};
  }
  HeaderList token(std::string_view repository, auth::Access access = auth::Access::kRead) {
    return {{"Authorization", "Token " + issue_token(repository, access)}};
  }
};

// Guard::kNone: the handler runs whatever the request carries.
TEST_F(Guards, NoneAsksForNothing) {
  nlohmann::json user = {{"username", "dave1"}, {"password", "secret1"}, {"email", "d@x.org"}};
  EXPECT_EQ(send("POST", "/v1/users/", user.dump()).status, 201);
}

// Guard::kBasic (loginUser, updateUser): an active account's Basic credentials.
TEST_F(Guards, BasicAsksForAnActiveAccount) {
  auto missing = send("GET", "/v1/users/");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(header(missing, "WWW-Authenticate"), kBasicChallenge);
  auto wrong = send("GET", "/v1/users/", "", as("alice", "wrong-password"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(header(wrong, "WWW-Authenticate"), kBasicChallenge);
  EXPECT_EQ(send("GET", "/v1/users/", "", as("carol")).status, 403);
  EXPECT_EQ(send("GET", "/v1/users/", "", as("alice")).status, 200);
}

// The account the guard authenticated reaches the handler: a user updates their own account,
// an admin any.
TEST_F(Guards, BasicHandsTheAccountToTheHandler) {
  const std::string body = nlohmann::json{{"password", "secret2"}}.dump();
  EXPECT_EQ(send("PUT", "/v1/users/alice/", body, as("bobby")).status, 403);
  EXPECT_EQ(send("PUT", "/v1/users/alice/", body, as("alice")).status, 204);
  EXPECT_EQ(send("PUT", "/v1/users/bobby/", body, as("admin")).status, 204);
  auto missing = send("PUT", "/v1/users/alice/", body);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(header(missing, "WWW-Authenticate"), kBasicChallenge);
}

// Guard::kBasicWrite (put/delete repository, put images): kBasic, then the account may write the
// repository the URL names: its own namespace; library only for an admin.
TEST_F(Guards, BasicWriteAsksForAnAccountThatMayWriteTheRepository) {
  auto missing = send("PUT", "/v1/repositories/alice/app/images", "[]");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(header(missing, "WWW-Authenticate"), kBasicChallenge);
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/images", "[]", as("carol")).status, 403);
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/images", "[]", as("bobby")).status, 403);
  EXPECT_EQ(send("PUT", "/v1/repositories/busybox/images", "[]", as("alice")).status, 403);
  EXPECT_EQ(send("DELETE", "/v1/repositories/alice/app/", "", as("bobby")).status, 403);
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/images", "[]", as("alice")).status, 204);
  EXPECT_EQ(send("PUT", "/v1/repositories/busybox/images", "[]", as("admin")).status, 204);
  // The handler stores the repository as the guard's account's.
  auto owned = services_.accounts->repository("library", "busybox");
  ASSERT_TRUE(owned.ok());
  EXPECT_EQ(owned->owner, "admin");
}

// Guard::kToken (the registry's callbacks): a token good for the repository the URL names,
// challenged with "Token".
TEST_F(Guards, TokenAsksForATokenOfTheRepository) {
  auto missing = send("PUT", "/v1/repositories/alice/app/auth");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(header(missing, "WWW-Authenticate"), "Token");
  auto basic_only = send("PUT", "/v1/repositories/alice/app/auth", "", as("alice"));
  EXPECT_EQ(basic_only.status, 401);
  EXPECT_EQ(header(basic_only, "WWW-Authenticate"), "Token");
  auto elsewhere = send("PUT", "/v1/repositories/alice/app/auth", "", token("alice/other"));
  EXPECT_EQ(elsewhere.status, 401);
  EXPECT_EQ(header(elsewhere, "WWW-Authenticate"), "Token");
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/auth", "", token("alice/app")).status, 200);
}

// Guard::kTokenElseBasicIfSent (GET images): a Token header is held to kToken; Basic, when sent,
// to kBasic; nothing is asked of a request without credentials. The handler sees who asked: a
// private repository shows to its owner, an admin and a token for it, and to no one else.
TEST_F(Guards, TokenElseBasicIfSentHoldsWhatIsSent) {
  const std::string images = "/v1/repositories/alice/app/images";
  EXPECT_EQ(send("GET", images).status, 200);
  auto wrong = send("GET", images, "", as("alice", "wrong-password"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(header(wrong, "WWW-Authenticate"), kBasicChallenge);
  EXPECT_EQ(send("GET", images, "", as("carol")).status, 403);
  auto bad_token = send("GET", images, "", token("alice/other"));
  EXPECT_EQ(bad_token.status, 401);
  EXPECT_EQ(header(bad_token, "WWW-Authenticate"), "Token");

  ASSERT_TRUE(services_.accounts->create_or_update_repository("alice", "app", "alice", true).ok());
  EXPECT_EQ(send("GET", images).status, 404);
  EXPECT_EQ(send("GET", images, "", as("bobby")).status, 404);
  EXPECT_EQ(send("GET", images, "", as("alice")).status, 200);
  EXPECT_EQ(send("GET", images, "", as("admin")).status, 200);
  EXPECT_EQ(send("GET", images, "", token("alice/app")).status, 200);
}

}  // namespace
}  // namespace drydock::simulator::index::testing
