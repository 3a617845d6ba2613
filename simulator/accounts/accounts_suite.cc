#include "accounts_suite.h"

#include <atomic>
#include <thread>
#include <vector>

namespace drydock::accounts {

void AccountsSuite::SetUp() {
  database_ = GetParam().make();
  ASSERT_NE(database_, nullptr);
  auto opened = Accounts::open(database_->location(), fast_options(&clock_));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  accounts_ = std::move(opened).value();
}

User AccountsSuite::create_user(const std::string& username, bool active) {
  auto user = accounts_->create_user(username, username + "@example.com", "pw-" + username, active);
  EXPECT_TRUE(user.ok()) << user.error().message;
  return user.ok() ? *user : User{};
}

Repository AccountsSuite::create_repository(const std::string& ns, const std::string& name,
                                            std::optional<bool> is_private) {
  auto written = accounts_->create_or_update_repository(ns, name, ns, is_private);
  EXPECT_TRUE(written.ok()) << written.error().message;
  return written.ok() ? written->repository : Repository{};
}

namespace {

// Users.

TEST_P(AccountsSuite, CreatedUserIsInactiveUntilActivated) {
  auto created = accounts_->create_user("alice", "alice@example.com", "s3cret");
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->username, "alice");
  EXPECT_EQ(created->emails, std::vector<std::string>{"alice@example.com"});
  EXPECT_FALSE(created->active);
  EXPECT_FALSE(created->admin);
  ASSERT_TRUE(accounts_->activate_user("alice").ok());
  EXPECT_TRUE(accounts_->find_user("alice")->active);
}

TEST_P(AccountsSuite, PasswordIsStoredHashed) {
  create_user("alice");
  auto user = accounts_->find_user("alice");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->password_hash.find("pw-alice"), std::string::npos);
  EXPECT_EQ(user->password_hash.rfind("pbkdf2-sha256$", 0), 0u);
}

TEST_P(AccountsSuite, DuplicateUsernameIsAConflict) {
  create_user("alice");
  auto again = accounts_->create_user("alice", "other@example.com", "pw");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "Username or email already exists");
}

TEST_P(AccountsSuite, DuplicateEmailIsAConflictAndCreatesNothing) {
  create_user("alice");
  auto again = accounts_->create_user("bob", "ALICE@example.com", "pw");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(accounts_->find_user("bob").error().code, ErrorCode::kNotFound);  // rolled back
}

TEST_P(AccountsSuite, FindingAMissingUserIsNotFound) {
  EXPECT_EQ(accounts_->find_user("nobody").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->activate_user("nobody").error().code, ErrorCode::kNotFound);
}

TEST_P(AccountsSuite, VerifyPasswordAcceptsOnlyTheRightPassword) {
  create_user("alice", /*active=*/false);
  auto user = accounts_->verify_password("alice", "pw-alice");
  ASSERT_TRUE(user.ok());
  EXPECT_FALSE(user->active);  // the caller answers 403 for this
  EXPECT_EQ(accounts_->verify_password("alice", "wrong").error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(accounts_->verify_password("nobody", "pw").error().code, ErrorCode::kUnauthorized);
}

TEST_P(AccountsSuite, UpdateUserAddsEmailsAndChangesPassword) {
  create_user("alice");
  ASSERT_TRUE(accounts_->update_user("alice", {"second@example.com", "new-pw"}).ok());
  auto user = accounts_->find_user("alice");
  EXPECT_EQ(user->emails, (std::vector<std::string>{"alice@example.com", "second@example.com"}));
  EXPECT_TRUE(accounts_->verify_password("alice", "new-pw").ok());
  EXPECT_FALSE(accounts_->verify_password("alice", "pw-alice").ok());
  // Adding an email the user already has changes nothing.
  ASSERT_TRUE(accounts_->update_user("alice", {"second@example.com", std::nullopt}).ok());
  EXPECT_EQ(accounts_->find_user("alice")->emails.size(), 2u);
}

TEST_P(AccountsSuite, RememberedPasswordLapsesWhenThePasswordChanges) {
  create_user("alice");
  // Verified once (PBKDF2), then again from the in-memory record.
  ASSERT_TRUE(accounts_->verify_password("alice", "pw-alice").ok());
  ASSERT_TRUE(accounts_->verify_password("alice", "pw-alice").ok());
  EXPECT_FALSE(accounts_->verify_password("alice", "pw-alice ").ok());
  ASSERT_TRUE(accounts_->update_user("alice", {std::nullopt, "changed-pw"}).ok());
  EXPECT_FALSE(accounts_->verify_password("alice", "pw-alice").ok());
  EXPECT_TRUE(accounts_->verify_password("alice", "changed-pw").ok());
  ASSERT_TRUE(accounts_->ensure_admin("alice", "admin-pw").ok());
  EXPECT_FALSE(accounts_->verify_password("alice", "changed-pw").ok());
}

TEST_P(AccountsSuite, UpdateUserRefusesAnotherUsersEmail) {
  create_user("alice");
  create_user("bob");
  auto taken = accounts_->update_user("bob", {"alice@example.com", "changed"});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(accounts_->verify_password("bob", "pw-bob").ok());  // rolled back whole
  EXPECT_EQ(accounts_->update_user("nobody", {}).error().code, ErrorCode::kNotFound);
}

TEST_P(AccountsSuite, EnsureAdminCreatesOrPromotes) {
  auto admin = accounts_->ensure_admin("root", "toor");
  ASSERT_TRUE(admin.ok());
  EXPECT_TRUE(admin->admin);
  EXPECT_TRUE(admin->active);
  create_user("alice", /*active=*/false);
  auto promoted = accounts_->ensure_admin("alice", "admin-pw");
  ASSERT_TRUE(promoted.ok());
  EXPECT_TRUE(promoted->admin);
  EXPECT_TRUE(promoted->active);
  EXPECT_EQ(promoted->emails, std::vector<std::string>{"alice@example.com"});
  EXPECT_TRUE(accounts_->verify_password("alice", "admin-pw").ok());
}

// Repositories.

TEST_P(AccountsSuite, RepositoryIsCreatedOnceAndKeepsItsOwner) {
  auto first = accounts_->create_or_update_repository("alice", "app", "alice");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->repository.owner, "alice");
  EXPECT_EQ(first->repository.created, clock_.now());
  auto second = accounts_->create_or_update_repository("alice", "app", "root", true);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->repository.owner, "alice");
  EXPECT_TRUE(second->repository.is_private);
  EXPECT_TRUE(accounts_->repository("alice", "app")->is_private);
}

TEST_P(AccountsSuite, MissingRepositoryIsNotFound) {
  EXPECT_EQ(accounts_->repository("alice", "none").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->images("alice", "none").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->set_images("alice", "none", {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->delete_repository("alice", "none").error().code, ErrorCode::kNotFound);
}

TEST_P(AccountsSuite, SetImagesMergesById) {
  create_repository("alice", "app");
  ASSERT_TRUE(
      accounts_
          ->set_images("alice", "app", {{"base", "", ""}, {"mid", "", ""}, {"top", "", "latest"}})
          .ok());
  // The final PUT of a push: checksums for known ids, plus one new id.
  ASSERT_TRUE(
      accounts_
          ->set_images("alice", "app",
                       {{"top", "sha256:t", ""}, {"base", "sha256:b", ""}, {"extra", "", "v2"}})
          .ok());
  auto images = accounts_->images("alice", "app");
  ASSERT_TRUE(images.ok());
  EXPECT_EQ(*images, (std::vector<ImageEntry>{{"base", "sha256:b", ""},
                                              {"mid", "", ""},
                                              {"top", "sha256:t", "latest"},
                                              {"extra", "", "v2"}}));
}

TEST_P(AccountsSuite, DeleteRepositoryDropsItsImages) {
  create_repository("alice", "app");
  ASSERT_TRUE(accounts_->set_images("alice", "app", {{"base", "", ""}}).ok());
  ASSERT_TRUE(accounts_->delete_repository("alice", "app").ok());
  EXPECT_EQ(accounts_->repository("alice", "app").error().code, ErrorCode::kNotFound);
  create_repository("alice", "app");
  EXPECT_TRUE(accounts_->images("alice", "app")->empty());
}

// Search.

TEST_P(AccountsSuite, SearchFindsPublicRepositoriesByNameInPages) {
  for (const char* name : {"busybox", "busybox-extras", "ubuntu", "mybusybox"}) {
    create_repository("library", name);
  }
  create_repository("alice", "busybox-private", true);
  auto first = accounts_->search("busybox", 1, 2);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->total, 3);
  ASSERT_EQ(first->results.size(), 2u);
  EXPECT_EQ(first->results[0].name, "busybox");
  EXPECT_EQ(first->results[1].name, "busybox-extras");
  auto second = accounts_->search("busybox", 2, 2);
  ASSERT_EQ(second->results.size(), 1u);
  EXPECT_EQ(second->results[0].name, "mybusybox");
  EXPECT_TRUE(accounts_->search("busybox", 3, 2)->results.empty());
  EXPECT_EQ(accounts_->search("library/ubu", 1, 25)->total, 1);
  EXPECT_EQ(accounts_->search("", 1, 25)->total, 4);
}

TEST_P(AccountsSuite, SearchTreatsWildcardsLiterally) {
  create_repository("library", "busybox");
  EXPECT_EQ(accounts_->search("%", 1, 25)->total, 0);
  EXPECT_EQ(accounts_->search("b_sybox", 1, 25)->total, 0);
}

TEST_P(AccountsSuite, SearchRejectsBadPages) {
  EXPECT_EQ(accounts_->search("x", 0, 25).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->search("x", 1, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->search("x", 1, 101).error().code, ErrorCode::kInvalidArgument);
}

// Token secret.

TEST_P(AccountsSuite, TokenSecretIsCreatedOnceAndKept) {
  auto first = accounts_->token_secret();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 64u);
  EXPECT_EQ(*accounts_->token_secret(), *first);
}

TEST_P(AccountsSuite, ConcurrentCallsAllSucceed) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::string user = "user" + std::to_string(t);
      if (!accounts_->create_user(user, user + "@example.com", "pw", true).ok()) ++failures;
      for (int i = 0; i < 20; ++i) {
        std::string repo = "repo" + std::to_string(i);
        if (!accounts_->create_or_update_repository(user, repo, user).ok()) ++failures;
        if (!accounts_->set_images(user, repo, {{"id" + std::to_string(i), "", ""}}).ok()) {
          ++failures;
        }
        if (!accounts_->verify_password(user, "pw").ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(accounts_->search("", 1, 100)->total, 80);
}

}  // namespace
}  // namespace drydock::accounts
