#include "drydock/simulator/accounts/accounts.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <vector>

#include "accounts_suite.h"

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

}  // namespace
}  // namespace drydock::accounts
