#pragma once
// Accounts: the index's state (protocol-notes §5.2): users, repositories, each repository's image
// list, and the token secret. It lives in SQLite, in <data>/index.db or in memory (":memory:")
// for `drydock serve --memory` and tests; or in PostgreSQL (a postgresql:// URL), which several
// servers share: the token secret is then theirs in common (so are the tokens and session
// cookies it signs), and so are the spent single-use tokens (SharedSpentTokens).
//
// Errors: kNotFound for a missing user or repository; kConflict only when a username or email
// is taken (the handler answers "Username or email already exists", protocol-notes §5.2 I1);
// kUnauthorized from verify_password(); kInvalidArgument for a bad search page; kIo when the
// database fails. Every write runs in one transaction: it happens whole or not at all.
//
// PostgreSQL: connect_timeout and statement_timeout are 5 s unless the URL sets them
// (`?connect_timeout=N`, `?options=-c%20statement_timeout%3DMS`); a statement that overruns fails
// its call with kIo. A connection that dropped (the server restarted, an administrator ended the
// backend) is connected again, and the call runs again once, transparently, when nothing of it can
// have been committed: the connection was already closed as the call started, or dropped before
// the call's COMMIT was sent (or under a read outside a transaction). If it drops while COMMIT (or
// a write outside a transaction) is in flight, the outcome is unknown: kIo says so.
//
// Thread-safe. Each call leases a connection of its own from a pool (AccountsOptions::connections
// for PostgreSQL, so calls on different connections run at once; SQLite always one, so its calls
// run one at a time). Password hashing (PBKDF2) runs before the lease, so a slow login never
// holds a connection.
//
// Every call but shared() first meets the calling thread's DatabaseBreakage
// (database_breakage.h): the simulator's database faults.
//
// Docker clients send Basic credentials with every index request, so verify_password() keeps, in
// memory only, a keyed HMAC of each password it has verified (the key is random per process):
// the same right password again costs one HMAC instead of PBKDF2. A wrong password always pays
// the full PBKDF2, and an entry lapses as soon as the stored hash changes.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/simulator/accounts/database_breakage.h"
#include "drydock/simulator/auth/clock.h"
#include "drydock/simulator/auth/password.h"
#include "drydock/simulator/auth/spent_tokens.h"

namespace drydock::accounts {

class Database;        // database.h, private: one connection (SQLite or PostgreSQL)
class ConnectionPool;  // connection_pool.h, private: the connections calls lease

using TimePoint = std::chrono::system_clock::time_point;

struct User {
  std::string username;
  std::vector<std::string> emails;  // in the order they were added
  std::string password_hash;        // PasswordHasher's stored form
  bool active = false;              // inactive accounts answer 403 (§5.2 I2)
  bool admin = false;               // admins may push library repositories (§5.2 I4)
};

struct Repository {
  std::string ns;  // namespace: "library" or a username
  std::string name;
  std::string owner;  // the user who created it
  bool is_private = false;
  std::string description;
  TimePoint created;
};

// One entry of a repository's image list, as PUT /v1/repositories/{repo}/ and /images send it.
struct ImageEntry {
  std::string id;
  std::string checksum;  // "" when none was sent
  std::string tag;       // "" when none was sent (the client's "Tag" key)

  bool operator==(const ImageEntry&) const = default;
};

struct SearchPage {
  std::vector<Repository> results;
  int64_t total = 0;  // matches over all pages
};

// What create_user() and update_user() change.
struct UserUpdate {
  std::optional<std::string> email;     // added to the user's emails (never replaces)
  std::optional<std::string> password;  // replaces the password
};

struct AccountsOptions {
  auth::PasswordHasher hasher;         // its iteration count applies to new hashes
  const auth::Clock* clock = nullptr;  // for `created`; nullptr: the system clock
  // PostgreSQL: at most this many connections, opened as concurrent calls need them (>= 1;
  // `drydock serve --database-connections`). SQLite always uses one.
  int connections = kDefaultConnections;
  static constexpr int kDefaultConnections = 4;
};

class Accounts {
 public:
  // Opens the database at `location` and creates its tables if needed: a postgresql:// URL
  // (libpq's; a password in it works, PGPASSWORD or a passfile keep it out of sight), else a
  // SQLite file path, or a private in-memory one for ":memory:". kInvalidArgument if
  // options.connections < 1.
  static Result<std::unique_ptr<Accounts>> open(const std::string& location,
                                                AccountsOptions options = {});
  ~Accounts();
  Accounts(const Accounts&) = delete;
  Accounts& operator=(const Accounts&) = delete;

  // Users.
  // Creates an account (inactive unless `active`). kConflict if the username or email is taken.
  // An empty email is not recorded.
  Result<User> create_user(std::string_view username, std::string_view email,
                           std::string_view password, bool active = false);
  Result<User> find_user(std::string_view username);
  // Returns the user if the password is right (active or not: the caller answers 403 for an
  // inactive account), otherwise kUnauthorized, whether the user exists or not.
  Result<User> verify_password(std::string_view username, std::string_view password);
  Result<void> activate_user(std::string_view username);
  // kNotFound for a missing user; kConflict if the email belongs to another user.
  Result<void> update_user(std::string_view username, const UserUpdate& update);
  // Makes `username` an active admin with `password`, creating the account if needed
  // (`drydock serve --admin USER:PASS`).
  Result<User> ensure_admin(std::string_view username, std::string_view password);

  // Repositories.
  // Creates ns/name owned by `owner`, or leaves an existing one's owner alone and updates its
  // private flag if `is_private` is given. `created` says which happened.
  struct RepositoryWrite {
    Repository repository;
    bool created = false;
  };
  Result<RepositoryWrite> create_or_update_repository(std::string_view ns, std::string_view name,
                                                      std::string_view owner,
                                                      std::optional<bool> is_private = {});
  Result<Repository> repository(std::string_view ns, std::string_view name);
  // Deletes the repository and its image list. kNotFound if absent.
  Result<void> delete_repository(std::string_view ns, std::string_view name);

  // Image lists. set_images() merges by id: a new id is appended; a known id keeps its place and
  // takes the entry's checksum and tag when they are non-empty. kNotFound without the repository.
  Result<void> set_images(std::string_view ns, std::string_view name,
                          const std::vector<ImageEntry>& images);
  Result<std::vector<ImageEntry>> images(std::string_view ns, std::string_view name);

  // Public repositories whose "ns/name" or description contains `query` (no wildcards; "" matches
  // all), ordered by name. REQUIRES: page >= 1, 1 <= per_page <= 100 (else kInvalidArgument).
  Result<SearchPage> search(std::string_view query, int page, int per_page);

  // Returns the data directory's token secret, creating it (32 random bytes) on first call.
  Result<std::string> token_secret();

  // True when other servers may share the database (PostgreSQL).
  bool shared() const;
  // Records the single-use token `id` (valid until `expiry`) as spent: true if it was not spent
  // yet, false if it was, by any server on the database. Every kPruneEvery it also forgets the
  // tokens expired at `now`. REQUIRES: shared() (SQLite's servers keep SpentTokens in memory).
  Result<bool> spend_token(std::string_view id, TimePoint expiry, TimePoint now);
  static constexpr std::chrono::seconds kPruneEvery{60};

 private:
  Accounts(std::unique_ptr<ConnectionPool> pool, bool shared, AccountsOptions options);

  TimePoint now() const;
  // Adds `email` to `username`'s, in update_user()'s transaction on `db`.
  Result<void> add_email(Database& db, std::string_view username, std::string_view email);
  // True if spent tokens are due to be pruned at `now` (then not again for kPruneEvery).
  bool prune_due(TimePoint now);

  const std::unique_ptr<ConnectionPool> pool_;
  const bool shared_;
  std::mutex prune_mu_;
  TimePoint last_prune_;  // of spent tokens; guarded by prune_mu_
  AccountsOptions options_;
  const std::string dummy_hash_;  // verified against for unknown users: equal timing

  // Passwords verified before: username -> {stored hash, HMAC(key, password)}.
  struct Verified {
    std::string stored_hash;
    std::string password_mac;
  };
  static constexpr size_t kMaxVerified = 10000;  // cleared whole when full
  const std::string verified_key_;
  std::mutex verified_mu_;
  std::unordered_map<std::string, Verified> verified_;  // guarded by verified_mu_
};

// The spent single-use tokens of a shared database, for TokenSigner: a token spent through any
// server on the database is spent for all of them. REQUIRES: accounts->shared().
class SharedSpentTokens final : public auth::SpentTokenStore {
 public:
  explicit SharedSpentTokens(std::shared_ptr<Accounts> accounts) : accounts_(std::move(accounts)) {}
  Result<bool> spend(std::string_view id, TimePoint expiry, TimePoint now) override {
    return accounts_->spend_token(id, expiry, now);
  }

 private:
  const std::shared_ptr<Accounts> accounts_;
};

}  // namespace drydock::accounts
