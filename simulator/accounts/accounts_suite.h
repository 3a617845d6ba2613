#pragma once
// The accounts tests written once and run over every database (as storage_suite.h does for the
// storage backends): accounts_test.cc instantiates it over SQLite in memory,
// accounts_postgres_test.cc over PostgreSQL.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "drydock/simulator/accounts/accounts.h"

namespace drydock::accounts {

inline constexpr int kFastIterations = 100;  // tests only

inline AccountsOptions fast_options(const auth::Clock* clock = nullptr) {
  return AccountsOptions{auth::PasswordHasher(kFastIterations), clock};
}

// A database of the suite's own for one test, removed when destroyed.
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  // What Accounts::open() takes: a SQLite path or a postgresql:// URL.
  virtual std::string location() const = 0;
};

struct AccountsBackend {
  std::string name;  // "SQLite", "PostgreSQL": the instantiation's suffix
  std::unique_ptr<TestDatabase> (*make)();
};

struct AccountsBackendName {
  std::string operator()(const ::testing::TestParamInfo<AccountsBackend>& info) const {
    return info.param.name;
  }
};

class AccountsSuite : public ::testing::TestWithParam<AccountsBackend> {
 protected:
  void SetUp() override;

  User create_user(const std::string& username, bool active = true);
  Repository create_repository(const std::string& ns, const std::string& name,
                               std::optional<bool> is_private = {});

  auth::ManualClock clock_;
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Accounts> accounts_;
};

}  // namespace drydock::accounts
