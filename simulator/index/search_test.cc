// Search: paging, bounds, public repositories only (protocol-notes 5.2 I11).

#include "testing/index_test_fixture.h"

namespace drydock::simulator::index::testing {
namespace {

class Search : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    add_user("alice");
    for (const char* name : {"app1", "app2", "app3", "app4", "app5"}) {
      ASSERT_TRUE(services_.accounts->create_or_update_repository("alice", name, "alice").ok());
    }
    ASSERT_TRUE(
        services_.accounts->create_or_update_repository("alice", "secret", "alice", true).ok());
    ASSERT_TRUE(
        services_.accounts->create_or_update_repository("library", "busybox", "alice").ok());
  }
  http::Reply search(std::string_view query, const HeaderList& headers = {}) {
    return send("GET", "/v1/search?" + std::string(query), "", headers);
  }
};

TEST_F(Search, DefaultsToPageOneOfTwentyFive) {
  auto reply = search("q=app");
  ASSERT_EQ(reply.status, 200);
  auto body = json_of(reply);
  EXPECT_EQ(body["num_results"], 5);
  EXPECT_EQ(body["num_pages"], 1);
  EXPECT_EQ(body["page_size"], 25);
  EXPECT_EQ(body["page"], 1);
  EXPECT_EQ(body["query"], "app");
  ASSERT_EQ(body["results"].size(), 5u);
  EXPECT_EQ(body["results"][0]["name"], "alice/app1");
  EXPECT_EQ(body["results"][0]["is_official"], false);
  EXPECT_EQ(body["results"][0]["star_count"], 0);
}

TEST_F(Search, PagesByN) {
  auto body = json_of(search("q=app&n=2&page=3"));
  EXPECT_EQ(body["num_results"], 5);
  EXPECT_EQ(body["num_pages"], 3);
  EXPECT_EQ(body["page_size"], 2);
  EXPECT_EQ(body["page"], 3);
  ASSERT_EQ(body["results"].size(), 1u);
  EXPECT_EQ(body["results"][0]["name"], "alice/app5");
  EXPECT_EQ(json_of(search("q=app&n=2&page=9"))["results"].size(), 0u);
}

TEST_F(Search, RefusesNAndPageOutOfRange) {
  for (const char* query : {"q=app&n=0", "q=app&n=101", "q=app&n=abc", "q=app&n=", "q=app&page=0",
                            "q=app&page=-1", "q=app&n=5x"}) {
    auto reply = search(query);
    EXPECT_EQ(reply.status, 400) << query;
    EXPECT_TRUE(json_of(reply).contains("error")) << query;
  }
  EXPECT_EQ(search("q=app&n=100").status, 200);
  EXPECT_EQ(search("q=app&n=1").status, 200);
}

TEST_F(Search, ListsPublicRepositoriesOnly) {
  auto body = json_of(search("q=secret"));
  EXPECT_EQ(body["num_results"], 0);
  EXPECT_EQ(body["num_pages"], 0);
  EXPECT_TRUE(body["results"].empty());
}

TEST_F(Search, NamesOfficialRepositoriesBare) {
  auto body = json_of(search("q=busybox"));
  ASSERT_EQ(body["results"].size(), 1u);
  EXPECT_EQ(body["results"][0]["name"], "busybox");
  EXPECT_EQ(body["results"][0]["is_official"], true);
}

TEST_F(Search, CredentialsAreOptionalButMustBeRight) {
  EXPECT_EQ(search("q=app", {{"Authorization", basic("alice")}}).status, 200);
  auto reply = search("q=app", {{"Authorization", basic("alice", "wrong-password")}});
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(header(reply, "WWW-Authenticate"), kBasicChallenge);
}

}  // namespace
}  // namespace drydock::simulator::index::testing
