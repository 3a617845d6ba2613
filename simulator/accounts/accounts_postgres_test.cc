// The accounts suite over PostgreSQL, and what sharing one database between servers means: what
// one writes the other reads, a token or a session cookie one signs the other accepts, a
// single-use token spent on one is spent on the other, concurrent writers agree; and how one
// server's connections behave: calls on different connections run at once, a statement that
// overruns statement_timeout fails, a dropped connection is connected again and the call runs.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <set>
#include <thread>
#include <vector>

#include "accounts_suite.h"
#include "drydock/simulator/accounts/accounts.h"
#include "drydock/simulator/auth/session.h"
#include "drydock/simulator/auth/token.h"
#include "testing/postgres_schema.h"
#include "testing/server_env.h"

namespace drydock::accounts {
namespace {

using std::chrono::seconds;

[[maybe_unused]] const auto* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new testing::RequireServer("postgres"));

class InPostgres final : public TestDatabase {
 public:
  std::string location() const override { return schema_.url(); }

 private:
  testing::PostgresSchema schema_;
};

std::unique_ptr<TestDatabase> make_in_postgres() {
  return std::make_unique<InPostgres>();
}

INSTANTIATE_TEST_SUITE_P(PostgreSQL, AccountsSuite,
                         ::testing::Values(AccountsBackend{"PostgreSQL", &make_in_postgres}),
                         AccountsBackendName());

// Two servers' Accounts on one database (one schema of the test server).
class SharedDatabaseTest : public ::testing::Test {
 protected:
  std::shared_ptr<Accounts> open() {
    auto opened = Accounts::open(schema_.url(), fast_options(&clock_));
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::shared_ptr<Accounts>(std::move(opened).value()) : nullptr;
  }

  // A single-use TokenSigner as `drydock serve` makes one on a shared database.
  static auth::TokenSigner single_use_signer(const std::shared_ptr<Accounts>& accounts) {
    auth::TokenOptions options;
    options.policy = auth::TokenPolicy::kSingleUse;
    return auth::TokenSigner(*accounts->token_secret(), options,
                             std::make_shared<SharedSpentTokens>(accounts));
  }

  auth::ManualClock clock_;
  testing::PostgresSchema schema_;
};

TEST_F(SharedDatabaseTest, WhatOneServerWritesTheOtherReads) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->shared());
  ASSERT_TRUE(a->create_user("alice", "alice@example.com", "pw", true).ok());
  EXPECT_TRUE(b->verify_password("alice", "pw").ok());
  ASSERT_TRUE(b->create_or_update_repository("alice", "app", "alice").ok());
  ASSERT_TRUE(b->set_images("alice", "app", {{"base", "", "latest"}}).ok());
  EXPECT_EQ(*a->images("alice", "app"), (std::vector<ImageEntry>{{"base", "", "latest"}}));
  auto taken = b->create_user("bob", "ALICE@example.com", "pw");
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
}

TEST_F(SharedDatabaseTest, ServersShareTheTokenSecretSoTokensAndCookiesVerifyOnEither) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  ASSERT_EQ(*a->token_secret(), *b->token_secret());
  auth::TokenSigner signer_a(*a->token_secret());
  auth::TokenSigner signer_b(*b->token_secret());
  std::string token = signer_a.issue("alice/app", auth::Access::kRead, clock_.now());
  EXPECT_TRUE(signer_b.verify(token, "alice/app", auth::Access::kRead, clock_.now()).ok());
  auth::Sessions sessions_a(*a->token_secret());
  auth::Sessions sessions_b(*b->token_secret());
  std::string cookie = sessions_a.start("alice/app", auth::Access::kRead, clock_.now());
  EXPECT_TRUE(sessions_b.check(cookie, "alice/app", auth::Access::kRead, clock_.now()).ok());
}

TEST_F(SharedDatabaseTest, SingleUseTokenSpentOnOneServerIsSpentOnTheOther) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  auth::TokenSigner signer_a = single_use_signer(a);
  auth::TokenSigner signer_b = single_use_signer(b);
  std::string token = signer_a.issue("alice/app", auth::Access::kWrite, clock_.now());
  EXPECT_TRUE(signer_b.verify(token, "alice/app", auth::Access::kWrite, clock_.now()).ok());
  auto again = signer_a.verify(token, "alice/app", auth::Access::kWrite, clock_.now());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(*again.failure, auth::TokenFailure::kSpent);
  std::string other = signer_b.issue("alice/app", auth::Access::kWrite, clock_.now());
  EXPECT_TRUE(signer_a.verify(other, "alice/app", auth::Access::kWrite, clock_.now()).ok());
}

TEST_F(SharedDatabaseTest, ConcurrentSpendsOnTwoServersSucceedOnce) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  std::atomic<int> spent{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto result = (i % 2 ? a : b)->spend_token("token", clock_.now() + seconds(60), clock_.now());
      EXPECT_TRUE(result.ok()) << result.error().message;
      if (result.ok() && *result) ++spent;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(spent.load(), 1);
}

TEST_F(SharedDatabaseTest, ExpiredSpentTokensArePruned) {
  auto a = open();
  ASSERT_TRUE(a);
  ASSERT_TRUE(*a->spend_token("short", clock_.now() + seconds(5), clock_.now()));
  EXPECT_FALSE(*a->spend_token("short", clock_.now() + seconds(5), clock_.now()));
  clock_.advance(Accounts::kPruneEvery);
  // Pruned: the id is free again (its token, expired, fails as expired before it is spent).
  EXPECT_TRUE(*a->spend_token("short", clock_.now() + seconds(5), clock_.now()));
}

TEST_F(SharedDatabaseTest, ConcurrentWritersOnTwoServersAgree) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->create_user("alice", "alice@example.com", "pw", true).ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Accounts& accounts = t % 2 ? *a : *b;
      for (int i = 0; i < 10; ++i) {
        // Every writer creates the same repository and appends its own images to its list.
        if (!accounts.create_or_update_repository("alice", "app", "alice").ok()) ++failures;
        std::string id = "image-" + std::to_string(t) + "-" + std::to_string(i);
        auto set = accounts.set_images("alice", "app", {{id, "", ""}});
        if (!set.ok()) {
          ADD_FAILURE() << set.error().message;
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto images = a->images("alice", "app");
  ASSERT_TRUE(images.ok());
  std::set<std::string> ids;
  for (const ImageEntry& image : *images) ids.insert(image.id);
  EXPECT_EQ(images->size(), 40u);
  EXPECT_EQ(ids.size(), 40u);
}

TEST_F(SharedDatabaseTest, ServersStartingTogetherCreateTheSchemaOnce) {
  std::vector<std::shared_ptr<Accounts>> opened(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < opened.size(); ++i) {
    threads.emplace_back([&, i] { opened[i] = open(); });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> secrets;
  for (const auto& accounts : opened) {
    ASSERT_TRUE(accounts);
    secrets.insert(*accounts->token_secret());
  }
  EXPECT_EQ(secrets.size(), 1u);
}

// One server's connections: a call held inside a statement (waiting for a lock another
// connection holds) keeps its connection alone.
class ConnectionsTest : public SharedDatabaseTest {
 protected:
  void SetUp() override {
    accounts_ = open();
    ASSERT_TRUE(accounts_);
    ASSERT_TRUE(accounts_->create_user("alice", "alice@example.com", "pw", true).ok());
    ASSERT_TRUE(accounts_->create_or_update_repository("alice", "app", "alice").ok());
  }

  // Waits (polling the server, up to a deadline) until `count` of the schema's connections wait
  // for a lock.
  bool wait_for_lock_waiters(int count) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (schema_.waiting_for_locks() < count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  std::string table(const std::string& name) const { return schema_.name() + "." + name; }

  std::shared_ptr<Accounts> accounts_;
};

TEST_F(ConnectionsTest, CallHeldInAStatementDoesNotBlockAnotherCall) {
  testing::HeldLock locked(schema_, "LOCK TABLE " + table("users") + " IN ACCESS EXCLUSIVE MODE");
  std::atomic<bool> held_done{false};
  std::thread held([&] {
    auto user = accounts_->find_user("alice");  // waits for the lock, on its own connection
    EXPECT_TRUE(user.ok()) << user.error().message;
    held_done = true;
  });
  ASSERT_TRUE(wait_for_lock_waiters(1));
  // With one connection for all calls, this one would wait for the held call to end, and that
  // one for the lock, released only below: the 30 s bound turns that into a failure, not a hang.
  auto other =
      std::async(std::launch::async, [&] { return accounts_->repository("alice", "app"); });
  const bool ran_meanwhile = other.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  EXPECT_TRUE(ran_meanwhile);
  EXPECT_FALSE(held_done.load());
  locked.release();
  held.join();
  auto repository = other.get();
  ASSERT_TRUE(repository.ok()) << repository.error().message;
  EXPECT_EQ(repository->owner, "alice");
}

TEST_F(ConnectionsTest, StatementOverrunningTheUrlsStatementTimeoutFailsPromptly) {
  auto opened =
      Accounts::open(schema_.url_with_options("-c statement_timeout=200"), fast_options(&clock_));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  testing::HeldLock locked(schema_, "LOCK TABLE " + table("users") + " IN ACCESS EXCLUSIVE MODE");
  const auto start = std::chrono::steady_clock::now();
  auto user = (*opened)->find_user("alice");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(user.ok());
  EXPECT_EQ(user.error().code, ErrorCode::kIo);
  EXPECT_NE(user.error().message.find("statement_timeout"), std::string::npos)
      << user.error().message;
  EXPECT_LT(elapsed, std::chrono::seconds(4));  // the URL's 200 ms, not the 5 s default
}

TEST_F(ConnectionsTest, ConnectionDroppedWhileIdleIsConnectedAgainAndTheCallSucceeds) {
  ASSERT_GE(schema_.terminate_connections(), 1);
  auto found = accounts_->find_user("alice");
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->username, "alice");
  ASSERT_GE(schema_.terminate_connections(), 1);
  auto activated = accounts_->activate_user("alice");  // a transaction
  EXPECT_TRUE(activated.ok()) << activated.error().message;
  ASSERT_GE(schema_.terminate_connections(), 1);
  auto spent = accounts_->spend_token("token", clock_.now() + seconds(60), clock_.now());
  ASSERT_TRUE(spent.ok()) << spent.error().message;  // statements that write, outside one
  EXPECT_TRUE(*spent);
}

TEST_F(ConnectionsTest, ReadWhoseConnectionDropsInFlightRunsAgain) {
  testing::HeldLock locked(schema_, "LOCK TABLE " + table("users") + " IN ACCESS EXCLUSIVE MODE");
  Result<User> found = Error::internal("not run");
  std::thread reader([&] { found = accounts_->find_user("alice"); });
  ASSERT_TRUE(wait_for_lock_waiters(1));  // its SELECT sent, outside a transaction
  ASSERT_GE(schema_.terminate_connections(), 1);
  locked.release();
  reader.join();
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->username, "alice");
}

TEST_F(ConnectionsTest, TransactionWhoseConnectionDropsBeforeCommitRunsAgain) {
  testing::HeldLock locked(schema_, "LOCK TABLE " + table("images") + " IN ACCESS EXCLUSIVE MODE");
  Result<void> written;
  std::thread writer([&] { written = accounts_->set_images("alice", "app", {{"base", "", ""}}); });
  ASSERT_TRUE(wait_for_lock_waiters(1));  // inside its transaction, before COMMIT
  ASSERT_GE(schema_.terminate_connections(), 1);
  locked.release();
  writer.join();
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(*accounts_->images("alice", "app"), (std::vector<ImageEntry>{{"base", "", ""}}));
}

TEST_F(ConnectionsTest, ConnectionDroppedWhileCommitIsInFlightIsAnUnknownOutcome) {
  // COMMIT runs a deferred trigger that waits for an advisory lock held elsewhere.
  schema_.execute("CREATE FUNCTION " + table("wait_at_commit") +
                  "() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$ BEGIN PERFORM pg_advisory_xact_lock(1717); RETURN NULL; END $$");
  schema_.execute("CREATE CONSTRAINT TRIGGER wait_at_commit AFTER UPDATE ON " + table("users") +
                  " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " +
                  table("wait_at_commit") + "()");
  testing::HeldLock locked(schema_, "SELECT pg_advisory_xact_lock(1717)");
  Result<void> activated;
  std::thread writer([&] { activated = accounts_->activate_user("alice"); });
  ASSERT_TRUE(wait_for_lock_waiters(1));  // in COMMIT
  ASSERT_GE(schema_.terminate_connections(), 1);
  locked.release();
  writer.join();
  ASSERT_FALSE(activated.ok());
  EXPECT_EQ(activated.error().code, ErrorCode::kIo);
  EXPECT_NE(activated.error().message.find("may or may not have committed"), std::string::npos)
      << activated.error().message;
  EXPECT_TRUE(accounts_->find_user("alice").ok());  // and the next call connects again
}

TEST(PostgresDatabase, UnreachableServerIsAnIoError) {
  auto opened = Accounts::open("postgresql://drydock@127.0.0.1:1/none?connect_timeout=5");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kIo);
  EXPECT_NE(opened.error().message.find("postgresql"), std::string::npos);
}

}  // namespace
}  // namespace drydock::accounts
