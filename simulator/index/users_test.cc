// Users: register, log in, update (protocol-notes 5.2 I1-I3).

#include <nlohmann/json.hpp>

#include "testing/index_test_fixture.h"

namespace drydock::simulator::index::testing {
namespace {

class Users : public IndexTest {
 protected:
  http::Reply register_user(std::string_view name, std::string_view email,
                            std::string_view password = kPassword) {
    nlohmann::json body = {{"username", name}, {"email", email}, {"password", password}};
    return send("POST", "/v1/users/", body.dump());
  }
  http::Reply login(std::string_view name, std::string_view password = kPassword) {
    return send("GET", "/v1/users/", "", {{"Authorization", basic(name, password)}});
  }
  http::Reply update(std::string_view caller, std::string_view target, const nlohmann::json& body) {
    return send("PUT", "/v1/users/" + std::string(target) + "/", body.dump(),
                {{"Authorization", basic(caller)}});
  }
};

TEST_F(Users, RegisterAnswers201UserCreated) {
  auto reply = register_user("alice", "alice@example.com");
  EXPECT_EQ(reply.status, 201);
  EXPECT_EQ(reply.text(), "\"User Created\"");
  EXPECT_EQ(login("alice").status, 200);
}

TEST_F(Users, RegisterExistingUsernameAnswersTheExactBody) {
  ASSERT_EQ(register_user("alice", "alice@example.com").status, 201);
  auto reply = register_user("alice", "other@example.com");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.text(), "\"Username or email already exists\"");
  EXPECT_EQ(header(reply, "Content-Type"), "application/json");
}

TEST_F(Users, RegisterExistingEmailAnswersTheExactBody) {
  ASSERT_EQ(register_user("alice", "alice@example.com").status, 201);
  auto reply = register_user("bobby", "alice@example.com");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.text(), "\"Username or email already exists\"");
}

TEST_F(Users, RegisterRefusesInvalidFields) {
  EXPECT_EQ(register_user("abc", "abc@example.com").status, 400);              // too short
  EXPECT_EQ(register_user("Alice", "alice@example.com").status, 400);          // upper case
  EXPECT_EQ(register_user("alice", "alice@example.com", "1234").status, 400);  // short password
  EXPECT_EQ(register_user("alice", "not-an-email").status, 400);
  EXPECT_EQ(register_user("alice", "alice@nodot").status, 400);
  EXPECT_EQ(register_user("library", "lib@example.com").status, 400);  // reserved
  EXPECT_EQ(send("POST", "/v1/users/", "{not json").status, 400);
  auto reply = register_user("alice", "a b@example.com");
  EXPECT_EQ(reply.status, 400);
  EXPECT_TRUE(json_of(reply).contains("error"));
  EXPECT_FALSE(services_.accounts->find_user("alice").ok());
}

TEST_F(Users, RegisteredAccountIsInactiveWithoutAutoActivate) {
  options_.auto_activate = false;
  ASSERT_EQ(register_user("alice", "alice@example.com").status, 201);
  EXPECT_EQ(login("alice").status, 403);
}

TEST_F(Users, LoginAnswersOk) {
  add_user("alice");
  auto reply = login("alice");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.text(), "\"OK\"");
}

TEST_F(Users, LoginWithWrongPasswordAnswers401WithChallenge) {
  add_user("alice");
  auto reply = login("alice", "wrong-password");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), kBasicChallenge);
  EXPECT_EQ(login("nobody").status, 401);
}

TEST_F(Users, LoginWithoutCredentialsAnswers401) {
  auto reply = send("GET", "/v1/users/");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), kBasicChallenge);
  EXPECT_EQ(send("GET", "/v1/users/", "", {{"Authorization", "Basic !!!"}}).status, 401);
  EXPECT_EQ(send("GET", "/v1/users/", "", {{"Authorization", "Basic Og=="}}).status, 401);
}

TEST_F(Users, LoginToInactiveAccountAnswers403) {
  add_user("alice", /*active=*/false);
  EXPECT_EQ(login("alice").status, 403);
}

TEST_F(Users, UpdateChangesPasswordAndAddsEmail) {
  add_user("alice");
  auto reply = update("alice", "alice", {{"password", "newpass"}, {"email", "a2@example.com"}});
  EXPECT_EQ(reply.status, 204);
  EXPECT_EQ(login("alice").status, 401);
  EXPECT_EQ(login("alice", "newpass").status, 200);
  auto user = services_.accounts->find_user("alice");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->emails, (std::vector<std::string>{"alice@example.com", "a2@example.com"}));
}

TEST_F(Users, UpdateOfAnotherAccountAnswers403) {
  add_user("alice");
  add_user("bobby");
  EXPECT_EQ(update("alice", "bobby", {{"password", "stolen"}}).status, 403);
  EXPECT_EQ(update("alice", "nobody", {{"password", "stolen"}}).status, 403);
}

TEST_F(Users, AdminUpdatesAnyAccountAnd404ForUnknown) {
  add_admin("admin");
  add_user("alice");
  EXPECT_EQ(update("admin", "alice", {{"password", "reset1"}}).status, 204);
  EXPECT_EQ(login("alice", "reset1").status, 200);
  EXPECT_EQ(update("admin", "nobody", {{"password", "reset1"}}).status, 404);
}

TEST_F(Users, UpdateRefusesBadInputAndBadCredentials) {
  add_user("alice");
  add_user("bobby");
  EXPECT_EQ(update("alice", "alice", nlohmann::json::object()).status, 400);
  EXPECT_EQ(update("alice", "alice", {{"email", "bobby@example.com"}}).status, 400);
  EXPECT_EQ(update("alice", "alice", {{"email", "nope"}}).status, 400);
  auto reply = send("PUT", "/v1/users/alice/", R"({"password":"newpass"})");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), kBasicChallenge);
}

}  // namespace
}  // namespace drydock::simulator::index::testing
