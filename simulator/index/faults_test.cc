// Every index fault breaks the behaviour it names, and only when asked for.

#include <set>

#include "drydock/spec/spec.h"
#include "faults/faults.h"
#include "testing/index_test_fixture.h"

namespace drydock::simulator::index::testing {
namespace {

class Faults : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    add_user("alice");
    add_admin("admin");
  }
  static HeaderList fault(std::string_view name) {
    return {{"X-Drydock-Fault", std::string(name)}};
  }
};

TEST(FaultCatalogue, NamesEveryIndexFaultOnce) {
  std::set<std::string> names;
  size_t count = 0;
  for (const auto& fault : faults::fault_table()) {
    if (fault.side != faults::FaultSide::kIndex) continue;
    EXPECT_FALSE(fault.breaks.empty()) << fault.name;
    names.insert(std::string(fault.name));
    ++count;
  }
  EXPECT_EQ(names.size(), count);
  EXPECT_EQ(names, (std::set<std::string>{
                       "register-duplicate-accepted", "login-any-password", "index-no-endpoints",
                       "index-no-token", "images-put-wrong-status", "images-checksums-dropped",
                       "layer-access-always", "library-without-admin", "search-ignores-n",
                       "search-wrong-shape", "images-unknown-200", "index-token-unchecked",
                       "registration-unchecked", "basic-last-colon", "inactive-accepted",
                       "database-failing", "database-slow"}));
}

TEST_F(Faults, RegisterDuplicateAccepted) {
  std::string body = R"({"username":"alice","email":"x@example.com","password":"secret1"})";
  EXPECT_EQ(send("POST", "/v1/users/", body).status, 400);
  EXPECT_EQ(send("POST", "/v1/users/", body, fault("register-duplicate-accepted")).status, 201);
}

TEST_F(Faults, LoginAnyPassword) {
  HeaderList headers = {{"Authorization", basic("alice", "wrong-password")}};
  EXPECT_EQ(send("GET", "/v1/users/", "", headers).status, 401);
  headers.emplace_back("X-Drydock-Fault", "login-any-password");
  EXPECT_EQ(send("GET", "/v1/users/", "", headers).status, 200);
}

// The index's database fails under the request: a JSON 500, and the next request as before.
TEST_F(Faults, DatabaseFailing) {
  HeaderList headers = {{"Authorization", basic("alice")}};
  HeaderList failing = headers;
  failing.emplace_back("X-Drydock-Fault", "database-failing");
  http::Reply reply = send("GET", "/v1/users/", "", failing);
  EXPECT_EQ(reply.status, 500);
  EXPECT_NE(reply.text().find("\"error\""), std::string::npos) << reply.text();
  expect_violations();  // the spec lists no 500 for a login
  EXPECT_EQ(send("GET", "/v1/users/", "", headers).status, 200);
}

// A slow database only delays: the same answers.
TEST_F(Faults, DatabaseSlow) {
  HeaderList headers = {{"Authorization", basic("alice")}, {"X-Drydock-Fault", "database-slow"}};
  EXPECT_EQ(send("GET", "/v1/users/", "", headers).status, 200);
  EXPECT_EQ(put_repository("alice", "alice/app", nullptr, fault("database-slow")).status, 200);
}

TEST_F(Faults, IndexNoEndpoints) {
  auto reply = put_repository("alice", "alice/app", nullptr, fault("index-no-endpoints"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_FALSE(reply.headers.contains("X-Docker-Endpoints"));
  EXPECT_TRUE(reply.headers.contains("X-Docker-Token"));
  expect_violations();  // the spec requires X-Docker-Endpoints
}

TEST_F(Faults, IndexNoToken) {
  auto reply = put_repository("alice", "alice/app", nullptr, fault("index-no-token"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_FALSE(reply.headers.contains("X-Docker-Token"));
  EXPECT_FALSE(reply.headers.contains("WWW-Authenticate"));
  EXPECT_TRUE(reply.headers.contains("X-Docker-Endpoints"));
}

TEST_F(Faults, ImagesPutWrongStatus) {
  ASSERT_EQ(put_repository("alice", "alice/app").status, 200);
  HeaderList headers = {{"Authorization", basic("alice")}};
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/images", "[]", headers).status, 204);
  headers.emplace_back("X-Drydock-Fault", "images-put-wrong-status");
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/images", "[]", headers).status, 200);
  expect_violations();  // 200 is not a response of PUT images
}

TEST_F(Faults, LibraryWithoutAdmin) {
  EXPECT_EQ(put_repository("alice", "busybox").status, 403);
  EXPECT_EQ(put_repository("alice", "busybox", nullptr, fault("library-without-admin")).status,
            200);
  EXPECT_TRUE(services_.accounts->repository("library", "busybox").ok());
}

TEST_F(Faults, SearchIgnoresN) {
  for (const char* name : {"app1", "app2", "app3"}) {
    ASSERT_TRUE(services_.accounts->create_or_update_repository("alice", name, "alice").ok());
  }
  EXPECT_EQ(json_of(send("GET", "/v1/search?q=app&n=1"))["results"].size(), 1u);
  auto reply = send("GET", "/v1/search?q=app&n=1", "", fault("search-ignores-n"));
  EXPECT_EQ(json_of(reply)["results"].size(), 3u);
}

// A server-level fault: the Router parses the body but does not hold it to the request schema, so
// a password of 4 characters registers.
TEST_F(Faults, BodyUnchecked) {
  std::string body = R"({"username":"dora","email":"dora@example.com","password":"abcd"})";
  EXPECT_EQ(send("POST", "/v1/users/", body).status, 400);
  EXPECT_EQ(send("POST", "/v1/users/", body, fault("body-unchecked")).status, 201);
}

TEST_F(Faults, RegistrationUnchecked) {
  std::string body = R"({"username":"library","email":"nowhere","password":"secret1"})";
  EXPECT_EQ(send("POST", "/v1/users/", body).status, 400);
  EXPECT_EQ(send("POST", "/v1/users/", body, fault("registration-unchecked")).status, 201);
}

TEST_F(Faults, SearchWrongShape) {
  EXPECT_TRUE(json_of(send("GET", "/v1/search?q=app")).contains("num_results"));
  auto reply = send("GET", "/v1/search?q=app", "", fault("search-wrong-shape"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_FALSE(json_of(reply).contains("num_results"));
  expect_violations();  // both body shapes require num_results
}

TEST_F(Faults, ImagesUnknown200) {
  EXPECT_EQ(send("GET", "/v1/repositories/alice/nothing/images").status, 404);
  auto reply =
      send("GET", "/v1/repositories/alice/nothing/images", "", fault("images-unknown-200"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.text(), "[]");
}

TEST_F(Faults, IndexTokenUnchecked) {
  ASSERT_EQ(put_repository("alice", "alice/app").status, 200);
  HeaderList headers = {{"Authorization", "Token signature=forged,repository=\"x/y\",access=read"}};
  EXPECT_EQ(send("GET", "/v1/repositories/alice/app/images", "", headers).status, 401);
  headers.emplace_back("X-Drydock-Fault", "index-token-unchecked");
  EXPECT_EQ(send("GET", "/v1/repositories/alice/app/images", "", headers).status, 200);
}

TEST_F(Faults, IgnoredWhenFaultsAreOff) {
  http::RouterOptions without_faults;
  without_faults.sides = http::ServedSides::kIndex;
  without_faults.check_responses = true;
  router_ = std::make_unique<http::Router>(spec::Spec::embedded(), without_faults);
  ASSERT_TRUE(register_index_handlers(*router_, services_).ok());
  EXPECT_EQ(put_repository("alice", "busybox", nullptr, fault("library-without-admin")).status,
            403);
}

}  // namespace
}  // namespace drydock::simulator::index::testing
