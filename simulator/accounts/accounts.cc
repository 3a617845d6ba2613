#include "drydock/simulator/accounts/accounts.h"

#include <thread>
#include <utility>

#include "connection_pool.h"
#include "database.h"
#include "drydock/common/digest.h"
#include "drydock/simulator/accounts/database_breakage.h"
#include "schema.h"

namespace drydock::accounts {

namespace {

constexpr std::string_view kUserExists = "Username or email already exists";
constexpr size_t kSecretBytes = 32;

int64_t unix_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// `error`, or kConflict with the index's message when it is a constraint violation.
Error user_error(const Error& error) {
  if (error.code == ErrorCode::kConflict)
    return Error{ErrorCode::kConflict, std::string(kUserExists)};
  return error;
}

Error no_user(std::string_view username) {
  return Error::not_found("no such user: " + std::string(username));
}

Error no_repository(std::string_view ns, std::string_view name) {
  return Error::not_found("no such repository: " + std::string(ns) + "/" + std::string(name));
}

// `text` with LIKE's wildcards escaped (ESCAPE '\'), between '%'.
std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

Repository read_repository(const Statement& row) {
  return Repository{row.text(0), row.text(1),
                    row.text(2), row.integer(3) != 0,
                    row.text(4), TimePoint(std::chrono::seconds(row.integer(5)))};
}

constexpr const char* kRepositoryColumns = "namespace, name, owner, private, description, created";

// The calling thread's DatabaseBreakage, which every public call meets first: an error for
// kFailing, a wait for kSlow.
Result<void> meet_breakage() {
  switch (active_database_breakage()) {
    case DatabaseBreakage::kNone:
      return {};
    case DatabaseBreakage::kFailing:
      return Error::io("the database is unavailable");
    case DatabaseBreakage::kSlow:
      std::this_thread::sleep_for(kSlowDatabaseDelay);
      return {};
  }
  return {};
}

// Runs `call` on a connection leased from `pool` for the call alone.
template <typename Call>
auto with_connection(ConnectionPool& pool, Call&& call)
    -> decltype(call(std::declval<Database&>())) {
  ConnectionPool::Lease lease = pool.lease();
  return call(*lease);
}

}  // namespace

// Returns the error of a failed Result from the enclosing function.
#define DRYDOCK_TRY(expr)                           \
  do {                                              \
    auto drydock_try_ = (expr);                     \
    if (!drydock_try_) return drydock_try_.error(); \
  } while (0)

namespace {

Result<User> load_user(Database& db, std::string_view username) {
  User user;
  int64_t id = 0;
  {
    auto stmt = db.prepare(
        "SELECT id, username, password_hash, active, admin FROM users WHERE username = ?");
    if (!stmt) return stmt.error();
    auto row = (*stmt)->bind(1, username).step();
    if (!row) return row.error();
    if (!*row) return no_user(username);
    id = (*stmt)->integer(0);
    user.username = (*stmt)->text(1);
    user.password_hash = (*stmt)->text(2);
    user.active = (*stmt)->integer(3) != 0;
    user.admin = (*stmt)->integer(4) != 0;
  }
  auto emails = db.prepare("SELECT email FROM emails WHERE user_id = ? ORDER BY added, rowid");
  if (!emails) return emails.error();
  (*emails)->bind(1, id);
  while (true) {
    auto row = (*emails)->step();
    if (!row) return row.error();
    if (!*row) break;
    user.emails.push_back((*emails)->text(0));
  }
  return user;
}

Result<int64_t> repository_id(Database& db, std::string_view ns, std::string_view name) {
  auto stmt = db.prepare("SELECT id FROM repositories WHERE namespace = ? AND name = ?");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->bind(1, ns).bind(2, name).step();
  if (!row) return row.error();
  if (!*row) return no_repository(ns, name);
  return (*stmt)->integer(0);
}

Result<Repository> load_repository(Database& db, std::string_view ns, std::string_view name) {
  auto stmt = db.prepare(std::string("SELECT ") + kRepositoryColumns +
                         " FROM repositories WHERE namespace = ? AND name = ?");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->bind(1, ns).bind(2, name).step();
  if (!row) return row.error();
  if (!*row) return no_repository(ns, name);
  return read_repository(**stmt);
}

}  // namespace

Result<std::unique_ptr<Accounts>> Accounts::open(const std::string& location,
                                                 AccountsOptions options) {
  if (options.connections < 1) return Error::invalid("connections must be 1 or more");
  auto db = open_database(location);
  if (!db) return db.error();
  DRYDOCK_TRY((*db)->create_schema());
  const bool shared = (*db)->shared();
  // SQLite keeps one connection: ":memory:" is a private database per connection, and a file has
  // one writer at a time anyway.
  const int size = is_postgres_url(location) ? options.connections : 1;
  auto pool = std::make_unique<ConnectionPool>(
      std::move(db).value(), [location] { return open_database(location); }, size);
  return std::unique_ptr<Accounts>(new Accounts(std::move(pool), shared, std::move(options)));
}

Accounts::Accounts(std::unique_ptr<ConnectionPool> pool, bool shared, AccountsOptions options)
    : pool_(std::move(pool)),
      shared_(shared),
      options_(std::move(options)),
      dummy_hash_(options_.hasher.hash("no such user")),
      verified_key_(random_bytes(32)) {}

Accounts::~Accounts() = default;

TimePoint Accounts::now() const {
  return options_.clock ? options_.clock->now() : std::chrono::system_clock::now();
}

Result<User> Accounts::create_user(std::string_view username, std::string_view email,
                                   std::string_view password, bool active) {
  DRYDOCK_TRY(meet_breakage());
  std::string hash = options_.hasher.hash(password);  // before the lease: it is slow
  return with_connection(*pool_, [&](Database& db) -> Result<User> {
    auto done = db.transaction([&]() -> Result<void> {
      auto insert = db.prepare(
          "INSERT INTO users (username, password_hash, active, admin, created) "
          "VALUES (?, ?, ?, 0, ?)");
      if (!insert) return insert.error();
      auto inserted = (*insert)
                          ->bind(1, username)
                          .bind(2, hash)
                          .bind(3, int64_t{active})
                          .bind(4, unix_seconds(now()))
                          .run();
      if (!inserted) return user_error(inserted.error());
      if (email.empty()) return {};
      auto add = db.prepare(
          "INSERT INTO emails (email, user_id, added) "
          "SELECT ?, id, ? FROM users WHERE username = ?");
      if (!add) return add.error();
      auto added = (*add)->bind(1, email).bind(2, unix_seconds(now())).bind(3, username).run();
      if (!added) return user_error(added.error());
      return {};
    });
    if (!done) return done.error();
    return load_user(db, username);
  });
}

Result<User> Accounts::find_user(std::string_view username) {
  DRYDOCK_TRY(meet_breakage());
  return with_connection(*pool_, [&](Database& db) { return load_user(db, username); });
}

Result<User> Accounts::verify_password(std::string_view username, std::string_view password) {
  Result<User> user = find_user(username);  // meets the breakage
  if (!user && user.error().code != ErrorCode::kNotFound) return user.error();
  std::string mac = hmac_sha256(verified_key_, password);
  if (user) {
    std::lock_guard lock(verified_mu_);
    auto it = verified_.find(user->username);
    if (it != verified_.end() && it->second.stored_hash == user->password_hash &&
        constant_time_equal(it->second.password_mac, mac)) {
      return user;
    }
  }
  // Hash even for an unknown user, so timing does not tell which usernames exist.
  const std::string& stored = user ? user->password_hash : dummy_hash_;
  bool matches = options_.hasher.verify(password, stored);
  if (!user || !matches) return Error{ErrorCode::kUnauthorized, "wrong username or password"};
  std::lock_guard lock(verified_mu_);
  if (verified_.size() >= kMaxVerified) verified_.clear();
  verified_[user->username] = Verified{user->password_hash, std::move(mac)};
  return user;
}

Result<void> Accounts::activate_user(std::string_view username) {
  DRYDOCK_TRY(meet_breakage());
  return with_connection(*pool_, [&](Database& db) {
    return db.transaction([&]() -> Result<void> {
      auto stmt = db.prepare("UPDATE users SET active = 1 WHERE username = ?");
      if (!stmt) return stmt.error();
      DRYDOCK_TRY((*stmt)->bind(1, username).run());
      if (db.changes() == 0) return no_user(username);
      return {};
    });
  });
}

Result<void> Accounts::update_user(std::string_view username, const UserUpdate& update) {
  DRYDOCK_TRY(meet_breakage());
  std::string hash = update.password ? options_.hasher.hash(*update.password) : std::string();
  return with_connection(*pool_, [&](Database& db) {
    return db.transaction([&]() -> Result<void> {
      auto user = load_user(db, username);
      if (!user) return user.error();
      if (update.password) {
        auto stmt = db.prepare("UPDATE users SET password_hash = ? WHERE username = ?");
        if (!stmt) return stmt.error();
        DRYDOCK_TRY((*stmt)->bind(1, hash).bind(2, username).run());
      }
      if (update.email && !update.email->empty()) return add_email(db, username, *update.email);
      return {};
    });
  });
}

// The email may already be this user's (a no-op) or another user's (a conflict).
Result<void> Accounts::add_email(Database& db, std::string_view username, std::string_view email) {
  auto owner = db.prepare(
      "SELECT u.username FROM emails e JOIN users u ON u.id = e.user_id "
      "WHERE lower(e.email) = lower(?)");
  if (!owner) return owner.error();
  auto row = (*owner)->bind(1, email).step();
  if (!row) return row.error();
  if (*row) {
    if ((*owner)->text(0) != username) return Error{ErrorCode::kConflict, std::string(kUserExists)};
    return {};
  }
  auto insert = db.prepare(
      "INSERT INTO emails (email, user_id, added) SELECT ?, id, ? FROM users WHERE username = ?");
  if (!insert) return insert.error();
  auto added = (*insert)->bind(1, email).bind(2, unix_seconds(now())).bind(3, username).run();
  if (!added) return user_error(added.error());
  return {};
}

Result<User> Accounts::ensure_admin(std::string_view username, std::string_view password) {
  DRYDOCK_TRY(meet_breakage());
  std::string hash = options_.hasher.hash(password);
  return with_connection(*pool_, [&](Database& db) -> Result<User> {
    auto done = db.transaction([&]() -> Result<void> {
      auto stmt = db.prepare(
          "INSERT INTO users (username, password_hash, active, admin, created) "
          "VALUES (?, ?, 1, 1, ?) "
          "ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, "
          "active = 1, admin = 1");
      if (!stmt) return stmt.error();
      return (*stmt)->bind(1, username).bind(2, hash).bind(3, unix_seconds(now())).run();
    });
    if (!done) return done.error();
    return load_user(db, username);
  });
}

Result<Accounts::RepositoryWrite> Accounts::create_or_update_repository(
    std::string_view ns, std::string_view name, std::string_view owner,
    std::optional<bool> is_private) {
  DRYDOCK_TRY(meet_breakage());
  return with_connection(*pool_, [&](Database& db) -> Result<RepositoryWrite> {
    bool created = false;
    auto done = db.transaction([&]() -> Result<void> {
      auto existing = repository_id(db, ns, name);
      if (!existing && existing.error().code != ErrorCode::kNotFound) return existing.error();
      created = !existing;
      if (created) {
        auto insert = db.prepare(
            "INSERT INTO repositories (namespace, name, owner, private, created) "
            "VALUES (?, ?, ?, ?, ?)");
        if (!insert) return insert.error();
        return (*insert)
            ->bind(1, ns)
            .bind(2, name)
            .bind(3, owner)
            .bind(4, int64_t{is_private.value_or(false)})
            .bind(5, unix_seconds(now()))
            .run();
      }
      if (!is_private) return {};
      auto update = db.prepare("UPDATE repositories SET private = ? WHERE id = ?");
      if (!update) return update.error();
      return (*update)->bind(1, int64_t{*is_private}).bind(2, *existing).run();
    });
    if (!done) return done.error();
    auto repository = load_repository(db, ns, name);
    if (!repository) return repository.error();
    return RepositoryWrite{std::move(repository).value(), created};
  });
}

Result<Repository> Accounts::repository(std::string_view ns, std::string_view name) {
  DRYDOCK_TRY(meet_breakage());
  return with_connection(*pool_, [&](Database& db) { return load_repository(db, ns, name); });
}

Result<void> Accounts::delete_repository(std::string_view ns, std::string_view name) {
  DRYDOCK_TRY(meet_breakage());
  return with_connection(*pool_, [&](Database& db) {
    return db.transaction([&]() -> Result<void> {
      auto stmt = db.prepare("DELETE FROM repositories WHERE namespace = ? AND name = ?");
      if (!stmt) return stmt.error();
      DRYDOCK_TRY((*stmt)->bind(1, ns).bind(2, name).run());
      if (db.changes() == 0) return no_repository(ns, name);
      return {};
    });
  });
}

Result<void> Accounts::set_images(std::string_view ns, std::string_view name,
                                  const std::vector<ImageEntry>& images) {
  DRYDOCK_TRY(meet_breakage());
  return with_connection(*pool_, [&](Database& db) {
    return db.transaction([&]() -> Result<void> {
      auto id = repository_id(db, ns, name);
      if (!id) return id.error();
      for (const ImageEntry& image : images) {
        auto stmt = db.prepare(
            "INSERT INTO images (repository_id, image_id, checksum, tag, position) "
            "VALUES (?1, ?2, ?3, ?4, "
            "  (SELECT COALESCE(MAX(position), -1) + 1 FROM images WHERE repository_id = ?1)) "
            "ON CONFLICT (repository_id, image_id) DO UPDATE SET "
            "  checksum = COALESCE(excluded.checksum, images.checksum), "
            "  tag = COALESCE(excluded.tag, images.tag)");
        if (!stmt) return stmt.error();
        DRYDOCK_TRY((*stmt)
                        ->bind(1, *id)
                        .bind(2, image.id)
                        .bind_or_null(3, image.checksum)
                        .bind_or_null(4, image.tag)
                        .run());
      }
      return {};
    });
  });
}

Result<std::vector<ImageEntry>> Accounts::images(std::string_view ns, std::string_view name) {
  DRYDOCK_TRY(meet_breakage());
  return with_connection(*pool_, [&](Database& db) -> Result<std::vector<ImageEntry>> {
    auto id = repository_id(db, ns, name);
    if (!id) return id.error();
    auto stmt = db.prepare(
        "SELECT image_id, checksum, tag FROM images WHERE repository_id = ? ORDER BY position");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, *id);
    std::vector<ImageEntry> out;
    while (true) {
      auto row = (*stmt)->step();
      if (!row) return row.error();
      if (!*row) return out;
      out.push_back(ImageEntry{(*stmt)->text(0), (*stmt)->text(1), (*stmt)->text(2)});
    }
  });
}

Result<SearchPage> Accounts::search(std::string_view query, int page, int per_page) {
  DRYDOCK_TRY(meet_breakage());
  if (page < 1) return Error::invalid("page must be 1 or more");
  if (per_page < 1 || per_page > 100) return Error::invalid("n must be between 1 and 100");
  std::string pattern = like_pattern(query);
  constexpr const char* kMatch =
      " FROM repositories WHERE private = 0 AND "
      "(lower(namespace || '/' || name) LIKE lower(?1) ESCAPE '\\' OR "
      "lower(description) LIKE lower(?1) ESCAPE '\\')";
  return with_connection(*pool_, [&](Database& db) -> Result<SearchPage> {
    SearchPage result;
    {
      auto count = db.prepare(std::string("SELECT COUNT(*)") + kMatch);
      if (!count) return count.error();
      auto row = (*count)->bind(1, pattern).step();
      if (!row) return row.error();
      result.total = *row ? (*count)->integer(0) : 0;
    }
    auto stmt = db.prepare(std::string("SELECT ") + kRepositoryColumns + kMatch +
                           " ORDER BY namespace, name LIMIT ?2 OFFSET ?3");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, pattern).bind(2, int64_t{per_page}).bind(3, int64_t{page - 1} * per_page);
    while (true) {
      auto row = (*stmt)->step();
      if (!row) return row.error();
      if (!*row) return result;
      result.results.push_back(read_repository(**stmt));
    }
  });
}

Result<std::string> Accounts::token_secret() {
  DRYDOCK_TRY(meet_breakage());
  return with_connection(*pool_, [&](Database& db) -> Result<std::string> {
    std::string secret;
    auto done = db.transaction([&]() -> Result<void> {
      {
        auto insert = db.prepare(
            "INSERT INTO settings (key, value) VALUES ('token_secret', ?) "
            "ON CONFLICT (key) DO NOTHING");
        if (!insert) return insert.error();
        DRYDOCK_TRY((*insert)->bind(1, to_hex(random_bytes(kSecretBytes))).run());
      }
      auto select = db.prepare("SELECT value FROM settings WHERE key = 'token_secret'");
      if (!select) return select.error();
      auto row = (*select)->step();
      if (!row) return row.error();
      if (!*row) return Error::internal("token secret vanished");
      secret = (*select)->text(0);
      return {};
    });
    if (!done) return done.error();
    return secret;
  });
}

bool Accounts::shared() const {
  return shared_;
}

Result<bool> Accounts::spend_token(std::string_view id, TimePoint expiry, TimePoint now) {
  DRYDOCK_TRY(meet_breakage());
  if (!shared_) return Error::internal("spent tokens are kept in the database only when shared");
  return with_connection(*pool_, [&](Database& db) -> Result<bool> {
    if (prune_due(now)) {
      auto prune = db.prepare("DELETE FROM spent_tokens WHERE expiry <= ?");
      if (!prune) return prune.error();
      DRYDOCK_TRY((*prune)->bind(1, unix_seconds(now)).run());
    }
    auto insert = db.prepare(
        "INSERT INTO spent_tokens (id, expiry) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
    if (!insert) return insert.error();
    DRYDOCK_TRY((*insert)->bind(1, id).bind(2, unix_seconds(expiry)).run());
    return db.changes() == 1;
  });
}

bool Accounts::prune_due(TimePoint now) {
  std::lock_guard lock(prune_mu_);
  if (now - last_prune_ < kPruneEvery) return false;
  last_prune_ = now;  // one call prunes; the others need not
  return true;
}

#undef DRYDOCK_TRY

}  // namespace drydock::accounts
