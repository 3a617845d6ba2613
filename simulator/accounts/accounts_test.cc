#include "drydock/simulator/accounts/accounts.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "accounts_suite.h"
#include "database.h"
#include "drydock/simulator/accounts/database_breakage.h"

namespace drydock::accounts {
namespace {

namespace fs = std::filesystem;

// SQLite in memory: each test its own private database.
class InMemory final : public TestDatabase {
 public:
  std::string location() const override { return ":memory:"; }
};

std::unique_ptr<TestDatabase> make_in_memory() {
  return std::make_unique<InMemory>();
}

INSTANTIATE_TEST_SUITE_P(SQLite, AccountsSuite,
                         ::testing::Values(AccountsBackend{"SQLite", &make_in_memory}),
                         AccountsBackendName());

// Persistence.

class AccountsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "drydock-accounts-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::unique_ptr<Accounts> open() {
    auto opened = Accounts::open((dir_ / "index.db").string(), fast_options());
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  fs::path dir_;
};

TEST_F(AccountsFileTest, StateSurvivesReopeningTheFile) {
  std::string secret;
  {
    auto accounts = open();
    ASSERT_NE(accounts, nullptr);
    ASSERT_TRUE(accounts->create_user("alice", "alice@example.com", "pw", true).ok());
    ASSERT_TRUE(accounts->create_or_update_repository("alice", "app", "alice", true).ok());
    ASSERT_TRUE(accounts->set_images("alice", "app", {{"base", "sha256:b", "latest"}}).ok());
    secret = *accounts->token_secret();
  }
  auto accounts = open();
  ASSERT_NE(accounts, nullptr);
  EXPECT_TRUE(accounts->verify_password("alice", "pw").ok());
  EXPECT_TRUE(accounts->repository("alice", "app")->is_private);
  EXPECT_EQ(*accounts->images("alice", "app"),
            (std::vector<ImageEntry>{{"base", "sha256:b", "latest"}}));
  EXPECT_EQ(*accounts->token_secret(), secret);
  auto duplicate = accounts->create_user("alice", "x@example.com", "pw");
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
}

TEST_F(AccountsFileTest, UnopenablePathIsAnIoError) {
  auto opened = Accounts::open((dir_ / "missing" / "dir" / "index.db").string(), fast_options());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kIo);
}

// The database faults: a thread's breakage applies to its own calls only.

class DatabaseBreakageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Accounts::open(":memory:", fast_options());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    accounts_ = std::move(opened).value();
  }

  std::unique_ptr<Accounts> accounts_;
};

TEST_F(DatabaseBreakageTest, FailingFailsEveryCallAndWritesNothing) {
  ASSERT_TRUE(accounts_->create_user("alice", "alice@example.com", "pw", true).ok());
  {
    DatabaseBreakageActivation failing(DatabaseBreakage::kFailing);
    std::vector<Error> errors = {
        accounts_->create_user("bob", "bob@example.com", "pw").error(),
        accounts_->find_user("alice").error(),
        accounts_->verify_password("alice", "pw").error(),
        accounts_->activate_user("alice").error(),
        accounts_->update_user("alice", UserUpdate{"new@example.com", {}}).error(),
        accounts_->ensure_admin("carol", "pw").error(),
        accounts_->create_or_update_repository("alice", "app", "alice").error(),
        accounts_->repository("alice", "app").error(),
        accounts_->delete_repository("alice", "app").error(),
        accounts_->set_images("alice", "app", {}).error(),
        accounts_->images("alice", "app").error(),
        accounts_->search("", 1, 10).error(),
        accounts_->token_secret().error(),
        accounts_->spend_token("token", {}, {}).error(),
    };
    for (const Error& error : errors) {
      EXPECT_EQ(error.code, ErrorCode::kIo) << error.message;
      EXPECT_EQ(error.message, "the database is unavailable");
    }
  }
  EXPECT_EQ(accounts_->find_user("bob").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->find_user("carol").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->find_user("alice")->emails, std::vector<std::string>{"alice@example.com"});
}

TEST_F(DatabaseBreakageTest, SlowDelaysACallThenRunsIt) {
  ASSERT_TRUE(accounts_->create_user("alice", "alice@example.com", "pw", true).ok());
  DatabaseBreakageActivation slow(DatabaseBreakage::kSlow);
  const auto start = std::chrono::steady_clock::now();
  auto user = accounts_->verify_password("alice", "pw");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(user.ok()) << user.error().message;
  EXPECT_EQ(user->username, "alice");
  EXPECT_GE(elapsed, kSlowDatabaseDelay);
  EXPECT_TRUE(accounts_->create_or_update_repository("alice", "app", "alice").ok());
}

TEST_F(DatabaseBreakageTest, BreakageIsTheThreadsOwnAndEndsWithItsActivation) {
  EXPECT_EQ(active_database_breakage(), DatabaseBreakage::kNone);
  {
    DatabaseBreakageActivation failing(DatabaseBreakage::kFailing);
    {
      DatabaseBreakageActivation slow(DatabaseBreakage::kSlow);
      EXPECT_EQ(active_database_breakage(), DatabaseBreakage::kSlow);
    }
    EXPECT_EQ(active_database_breakage(), DatabaseBreakage::kFailing);
    Result<std::string> elsewhere = Error::internal("not run");
    std::thread other([&] { elsewhere = accounts_->token_secret(); });
    other.join();
    EXPECT_TRUE(elsewhere.ok()) << elsewhere.error().message;
    EXPECT_FALSE(accounts_->token_secret().ok());
  }
  EXPECT_EQ(active_database_breakage(), DatabaseBreakage::kNone);
  EXPECT_TRUE(accounts_->token_secret().ok());
}

// The PostgreSQL URL's connection parameters: drydock's timeouts unless the URL sets its own.

class PostgresParametersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("PGCONNECT_TIMEOUT");
    ::unsetenv("PGOPTIONS");
  }

  static std::string value(const std::string& url, const std::string& keyword) {
    auto parameters = postgres_parameters(url);
    EXPECT_TRUE(parameters.ok()) << parameters.error().message;
    if (!parameters.ok()) return {};
    for (size_t i = 0; i < parameters->keywords.size(); ++i) {
      if (parameters->keywords[i] == keyword) return parameters->values[i];
    }
    return "(unset)";
  }
};

TEST_F(PostgresParametersTest, TimeoutsDefaultToFiveSeconds) {
  const std::string url = "postgresql://drydock@db.example:5433/index";
  EXPECT_EQ(value(url, "connect_timeout"), "5");
  EXPECT_EQ(value(url, "options"), "-c statement_timeout=5000");
  EXPECT_EQ(value(url, "host"), "db.example");
  EXPECT_EQ(value(url, "port"), "5433");
  EXPECT_EQ(value(url, "dbname"), "index");
  EXPECT_EQ(value(url, "user"), "drydock");
}

TEST_F(PostgresParametersTest, TheUrlsOwnTimeoutsWin) {
  const std::string url =
      "postgresql://db.example/index?connect_timeout=2&options=-c%20statement_timeout%3D100";
  EXPECT_EQ(value(url, "connect_timeout"), "2");
  EXPECT_EQ(value(url, "options"), "-c statement_timeout=100");
}

TEST_F(PostgresParametersTest, OtherServerOptionsAreKept) {
  EXPECT_EQ(value("postgresql://db.example/index?options=-csearch_path%3Dother", "options"),
            "-csearch_path=other -c statement_timeout=5000");
}

TEST_F(PostgresParametersTest, UnparsableUrlIsInvalid) {
  auto parameters = postgres_parameters("postgresql://db.example/index?no_such_parameter=1");
  ASSERT_FALSE(parameters.ok());
  EXPECT_EQ(parameters.error().code, ErrorCode::kInvalidArgument);
}

// However many connections are asked for, SQLite keeps one: ":memory:" stays one database.
TEST(AccountsOpen, SqliteInMemoryStaysOneDatabaseUnderConcurrentCalls) {
  AccountsOptions options = fast_options();
  options.connections = 8;
  auto opened = Accounts::open(":memory:", std::move(options));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Accounts& accounts = **opened;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      const std::string name = "user" + std::to_string(i);
      auto created = accounts.create_user(name, name + "@example.com", "pw", true);
      EXPECT_TRUE(created.ok()) << created.error().message;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(accounts.find_user("user" + std::to_string(i)).ok());
}

TEST(AccountsOpen, NoConnectionsIsInvalid) {
  AccountsOptions options = fast_options();
  options.connections = 0;
  auto opened = Accounts::open(":memory:", std::move(options));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace drydock::accounts
