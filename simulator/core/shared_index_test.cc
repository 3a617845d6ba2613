// Two simulators on one PostgreSQL database (Options::database) and one layer store act as one
// index: a user registered through one logs in through the other, a token one issues the other's
// registry accepts, and under the single-use policy a token spent on one is refused by the other.
// Needs the PostgreSQL the test command starts (scripts/servers/postgres.sh).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/testing/drydock_process.h"
#include "core/testing/push_pull.h"
#include "drydock/simulator/simulator.h"
#include "drydock/simulator/storage/memory_storage.h"
#include "drydock/spec/spec.h"
#include "testing/postgres_schema.h"
#include "testing/server_env.h"

namespace drydock::simulator {
namespace {

[[maybe_unused]] const auto* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new drydock::testing::RequireServer("postgres"));

class SharedIndexTest : public ::testing::Test {
 protected:
  // Starts both nodes on the test's database and layers; false (with a failure) if one did not.
  bool start(TokenPolicyOption policy) {
    for (int i = 0; i < 2; ++i) {
      Options options;
      options.listen = "127.0.0.1:0";
      options.memory = true;
      options.layer_storage = layers_;
      options.database = schema_.url();
      options.password_iterations = 1;
      options.check_responses = true;
      options.token_policy = policy;
      auto bound = nodes_[i].start(options);
      if (!bound.ok()) {
        ADD_FAILURE() << "node " << i << ": " << bound.error().message;
        return false;
      }
      bound_[i] = *bound;
    }
    return true;
  }

  void TearDown() override {
    for (Simulator& node : nodes_) {
      node.stop();
      EXPECT_EQ(node.response_violations(), 0u);
    }
  }

  drydock::testing::PostgresSchema schema_;
  std::shared_ptr<storage::Storage> layers_ = std::make_shared<storage::MemoryStorage>();
  Simulator nodes_[2] = {Simulator(spec::Spec::embedded()), Simulator(spec::Spec::embedded())};
  BoundAddresses bound_[2];
};

TEST_F(SharedIndexTest, PushThroughOneNodePullsThroughTheOther) {
  ASSERT_TRUE(start(TokenPolicyOption::kReusable));
  fixtures::ImageChain chain = fixtures::make_image_chain("shared-index", 2);
  fixtures::TestUser user = fixtures::make_user("shared");
  std::string repository = user.username + "/app";
  testing::V1Client a(bound_[0], user, repository);
  ASSERT_NO_FATAL_FAILURE(a.register_user());
  ASSERT_NO_FATAL_FAILURE(a.push(chain, "latest"));
  testing::V1Client b(bound_[1], user, repository);
  ASSERT_NO_FATAL_FAILURE(b.pull(chain, "latest"));  // logs in through node B
}

TEST_F(SharedIndexTest, TokenIssuedByOneNodeIsAcceptedByTheOthersRegistry) {
  ASSERT_TRUE(start(TokenPolicyOption::kReusable));
  fixtures::TestUser user = fixtures::make_user("shared-token");
  std::string repository = user.username + "/app";
  testing::V1Client a(bound_[0], user, repository);
  ASSERT_NO_FATAL_FAILURE(a.register_user());
  ASSERT_NO_FATAL_FAILURE(a.push(fixtures::make_image_chain("shared-token", 1), "latest"));
  std::string token = a.request_read_token();
  testing::V1Client b(bound_[1], user, repository);
  b.use_token(token);
  auto tags = b.registry_get("/v1/repositories/" + repository + "/tags");
  ASSERT_TRUE(tags);
  EXPECT_EQ(tags->status, 200) << tags->body;
}

TEST_F(SharedIndexTest, SingleUseTokenSpentOnOneNodeIsRefusedOnTheOther) {
  ASSERT_TRUE(start(TokenPolicyOption::kSingleUse));
  fixtures::TestUser user = fixtures::make_user("shared-single");
  std::string repository = user.username + "/app";
  testing::V1Client a(bound_[0], user, repository);
  ASSERT_NO_FATAL_FAILURE(a.register_user());
  ASSERT_NO_FATAL_FAILURE(a.push(fixtures::make_image_chain("shared-single", 1), "latest"));
  std::string token = a.request_read_token();
  const std::string tags = "/v1/repositories/" + repository + "/tags";
  auto spent = a.registry_get_with(tags, {{"Authorization", "Token " + token}});
  ASSERT_TRUE(spent);
  EXPECT_EQ(spent->status, 200) << spent->body;
  testing::V1Client b(bound_[1], user, repository);
  auto refused = b.registry_get_with(tags, {{"Authorization", "Token " + token}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401) << refused->body;
  // A fresh token, first used on node B, is good there: what B refused was the spent one.
  std::string fresh = a.request_read_token();
  auto accepted = b.registry_get_with(tags, {{"Authorization", "Token " + fresh}});
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200) << accepted->body;
}

// The same with two `drydock serve` processes, as several nodes behind a load balancer run: each
// keeps its layers in its own memory, the index state in the one database.
TEST(SharedIndexServe, TwoServeProcessesOnOneDatabaseShareAccountsAndSpentTokens) {
  drydock::testing::PostgresSchema schema;
  const std::vector<std::string> args = {
      "serve", "--memory",       "--listen",   "127.0.0.1:0", "--quiet",   "--password-iterations",
      "1",     "--token-policy", "single-use", "--database",  schema.url()};
  testing::DrydockProcess a(args);
  testing::DrydockProcess b(args);
  const std::string url_a = a.read_serve_url();
  const std::string url_b = b.read_serve_url();
  ASSERT_FALSE(url_a.empty());
  ASSERT_FALSE(url_b.empty());

  fixtures::TestUser user = fixtures::make_user("shared-serve");
  std::string repository = user.username + "/app";
  testing::V1Client through_a(BoundAddresses{url_a, url_a}, user, repository);
  ASSERT_NO_FATAL_FAILURE(through_a.register_user());
  ASSERT_NO_FATAL_FAILURE(through_a.push(fixtures::make_image_chain("shared-serve", 1), "latest"));
  testing::V1Client through_b(BoundAddresses{url_b, url_b}, user, repository);
  std::string token_b = through_b.request_read_token();  // logs in through B: 200
  ASSERT_FALSE(token_b.empty());

  // A read token from A, spent on A, is refused by B; B's own token passes B's token check (B
  // holds no layers or tags of its own, hence 404, not 401).
  std::string token_a = through_a.request_read_token();
  const std::string tags = "/v1/repositories/" + repository + "/tags";
  auto spent = through_a.registry_get_with(tags, {{"Authorization", "Token " + token_a}});
  ASSERT_TRUE(spent);
  EXPECT_EQ(spent->status, 200) << spent->body;
  auto refused = through_b.registry_get_with(tags, {{"Authorization", "Token " + token_a}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401) << refused->body;
  auto own = through_b.registry_get_with(tags, {{"Authorization", "Token " + token_b}});
  ASSERT_TRUE(own);
  EXPECT_NE(own->status, 401) << own->body;
}

}  // namespace
}  // namespace drydock::simulator
