#include "drydock/simulator/accounts/accounts.h"

#include <utility>

#include "database.h"
#include "drydock/common/digest.h"
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

}  // namespace

// Returns the error of a failed Result from the enclosing function.
#define DRYDOCK_TRY(expr)                           \
  do {                                              \
    auto drydock_try_ = (expr);                     \
    if (!drydock_try_) return drydock_try_.error(); \
  } while (0)

Result<std::unique_ptr<Accounts>> Accounts::open(const std::string& location,
                                                 AccountsOptions options) {
  auto db = open_database(location);
  if (!db) return db.error();
  DRYDOCK_TRY((*db)->create_schema());
  return std::unique_ptr<Accounts>(new Accounts(std::move(db).value(), std::move(options)));
}

Accounts::Accounts(std::unique_ptr<Database> db, AccountsOptions options)
    : db_(std::move(db)),
      options_(std::move(options)),
      dummy_hash_(options_.hasher.hash("no such user")),
      verified_key_(random_bytes(32)) {}

Accounts::~Accounts() = default;

TimePoint Accounts::now() const {
  return options_.clock ? options_.clock->now() : std::chrono::system_clock::now();
}

Result<User> Accounts::load_user(std::string_view username) {
  User user;
  int64_t id = 0;
  {
    auto stmt = db_->prepare(
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
  auto emails = db_->prepare("SELECT email FROM emails WHERE user_id = ? ORDER BY added, rowid");
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

Result<User> Accounts::create_user(std::string_view username, std::string_view email,
                                   std::string_view password, bool active) {
  std::string hash = options_.hasher.hash(password);  // outside the lock: it is slow
  std::lock_guard lock(mu_);
  auto done = db_->transaction([&]() -> Result<void> {
    auto insert = db_->prepare(
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
    auto add = db_->prepare(
        "INSERT INTO emails (email, user_id, added) "
        "SELECT ?, id, ? FROM users WHERE username = ?");
    if (!add) return add.error();
    auto added = (*add)->bind(1, email).bind(2, unix_seconds(now())).bind(3, username).run();
    if (!added) return user_error(added.error());
    return {};
  });
  if (!done) return done.error();
  return load_user(username);
}

Result<User> Accounts::find_user(std::string_view username) {
  std::lock_guard lock(mu_);
  return load_user(username);
}

Result<User> Accounts::verify_password(std::string_view username, std::string_view password) {
  Result<User> user = find_user(username);
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
  std::lock_guard lock(mu_);
  return db_->transaction([&]() -> Result<void> {
    auto stmt = db_->prepare("UPDATE users SET active = 1 WHERE username = ?");
    if (!stmt) return stmt.error();
    DRYDOCK_TRY((*stmt)->bind(1, username).run());
    if (db_->changes() == 0) return no_user(username);
    return {};
  });
}

Result<void> Accounts::update_user(std::string_view username, const UserUpdate& update) {
  std::string hash = update.password ? options_.hasher.hash(*update.password) : std::string();
  std::lock_guard lock(mu_);
  return db_->transaction([&]() -> Result<void> {
    auto user = load_user(username);
    if (!user) return user.error();
    if (update.password) {
      auto stmt = db_->prepare("UPDATE users SET password_hash = ? WHERE username = ?");
      if (!stmt) return stmt.error();
      DRYDOCK_TRY((*stmt)->bind(1, hash).bind(2, username).run());
    }
    if (update.email && !update.email->empty()) {
      // The email may already be this user's (a no-op) or another user's (a conflict).
      auto owner = db_->prepare(
          "SELECT u.username FROM emails e JOIN users u ON u.id = e.user_id "
          "WHERE lower(e.email) = lower(?)");
      if (!owner) return owner.error();
      auto row = (*owner)->bind(1, *update.email).step();
      if (!row) return row.error();
      if (*row) {
        if ((*owner)->text(0) != username)
          return Error{ErrorCode::kConflict, std::string(kUserExists)};
        return {};
      }
      auto insert = db_->prepare(
          "INSERT INTO emails (email, user_id, added) SELECT ?, id, ? FROM users WHERE username = "
          "?");
      if (!insert) return insert.error();
      auto added =
          (*insert)->bind(1, *update.email).bind(2, unix_seconds(now())).bind(3, username).run();
      if (!added) return user_error(added.error());
    }
    return {};
  });
}

Result<User> Accounts::ensure_admin(std::string_view username, std::string_view password) {
  std::string hash = options_.hasher.hash(password);
  std::lock_guard lock(mu_);
  auto done = db_->transaction([&]() -> Result<void> {
    auto stmt = db_->prepare(
        "INSERT INTO users (username, password_hash, active, admin, created) "
        "VALUES (?, ?, 1, 1, ?) "
        "ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, "
        "active = 1, admin = 1");
    if (!stmt) return stmt.error();
    return (*stmt)->bind(1, username).bind(2, hash).bind(3, unix_seconds(now())).run();
  });
  if (!done) return done.error();
  return load_user(username);
}

Result<int64_t> Accounts::repository_id(std::string_view ns, std::string_view name) {
  auto stmt = db_->prepare("SELECT id FROM repositories WHERE namespace = ? AND name = ?");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->bind(1, ns).bind(2, name).step();
  if (!row) return row.error();
  if (!*row) return no_repository(ns, name);
  return (*stmt)->integer(0);
}

Result<Accounts::RepositoryWrite> Accounts::create_or_update_repository(
    std::string_view ns, std::string_view name, std::string_view owner,
    std::optional<bool> is_private) {
  std::lock_guard lock(mu_);
  bool created = false;
  auto done = db_->transaction([&]() -> Result<void> {
    auto existing = repository_id(ns, name);
    if (!existing && existing.error().code != ErrorCode::kNotFound) return existing.error();
    created = !existing;
    if (created) {
      auto insert = db_->prepare(
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
    auto update = db_->prepare("UPDATE repositories SET private = ? WHERE id = ?");
    if (!update) return update.error();
    return (*update)->bind(1, int64_t{*is_private}).bind(2, *existing).run();
  });
  if (!done) return done.error();
  auto stmt = db_->prepare(std::string("SELECT ") + kRepositoryColumns +
                           " FROM repositories WHERE namespace = ? AND name = ?");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->bind(1, ns).bind(2, name).step();
  if (!row) return row.error();
  if (!*row) return no_repository(ns, name);
  return RepositoryWrite{read_repository(**stmt), created};
}

Result<Repository> Accounts::repository(std::string_view ns, std::string_view name) {
  std::lock_guard lock(mu_);
  auto stmt = db_->prepare(std::string("SELECT ") + kRepositoryColumns +
                           " FROM repositories WHERE namespace = ? AND name = ?");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->bind(1, ns).bind(2, name).step();
  if (!row) return row.error();
  if (!*row) return no_repository(ns, name);
  return read_repository(**stmt);
}

Result<void> Accounts::delete_repository(std::string_view ns, std::string_view name) {
  std::lock_guard lock(mu_);
  return db_->transaction([&]() -> Result<void> {
    auto stmt = db_->prepare("DELETE FROM repositories WHERE namespace = ? AND name = ?");
    if (!stmt) return stmt.error();
    DRYDOCK_TRY((*stmt)->bind(1, ns).bind(2, name).run());
    if (db_->changes() == 0) return no_repository(ns, name);
    return {};
  });
}

Result<void> Accounts::set_images(std::string_view ns, std::string_view name,
                                  const std::vector<ImageEntry>& images) {
  std::lock_guard lock(mu_);
  return db_->transaction([&]() -> Result<void> {
    auto id = repository_id(ns, name);
    if (!id) return id.error();
    for (const ImageEntry& image : images) {
      auto stmt = db_->prepare(
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
}

Result<std::vector<ImageEntry>> Accounts::images(std::string_view ns, std::string_view name) {
  std::lock_guard lock(mu_);
  auto id = repository_id(ns, name);
  if (!id) return id.error();
  auto stmt = db_->prepare(
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
}

Result<SearchPage> Accounts::search(std::string_view query, int page, int per_page) {
  if (page < 1) return Error::invalid("page must be 1 or more");
  if (per_page < 1 || per_page > 100) return Error::invalid("n must be between 1 and 100");
  std::string pattern = like_pattern(query);
  constexpr const char* kMatch =
      " FROM repositories WHERE private = 0 AND "
      "(lower(namespace || '/' || name) LIKE lower(?1) ESCAPE '\\' OR "
      "lower(description) LIKE lower(?1) ESCAPE '\\')";
  std::lock_guard lock(mu_);
  SearchPage result;
  {
    auto count = db_->prepare(std::string("SELECT COUNT(*)") + kMatch);
    if (!count) return count.error();
    auto row = (*count)->bind(1, pattern).step();
    if (!row) return row.error();
    result.total = *row ? (*count)->integer(0) : 0;
  }
  auto stmt = db_->prepare(std::string("SELECT ") + kRepositoryColumns + kMatch +
                           " ORDER BY namespace, name LIMIT ?2 OFFSET ?3");
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, pattern).bind(2, int64_t{per_page}).bind(3, int64_t{page - 1} * per_page);
  while (true) {
    auto row = (*stmt)->step();
    if (!row) return row.error();
    if (!*row) return result;
    result.results.push_back(read_repository(**stmt));
  }
}

Result<std::string> Accounts::token_secret() {
  std::lock_guard lock(mu_);
  std::string secret;
  auto done = db_->transaction([&]() -> Result<void> {
    {
      auto insert = db_->prepare(
          "INSERT INTO settings (key, value) VALUES ('token_secret', ?) "
          "ON CONFLICT (key) DO NOTHING");
      if (!insert) return insert.error();
      DRYDOCK_TRY((*insert)->bind(1, to_hex(random_bytes(kSecretBytes))).run());
    }
    auto select = db_->prepare("SELECT value FROM settings WHERE key = 'token_secret'");
    if (!select) return select.error();
    auto row = (*select)->step();
    if (!row) return row.error();
    if (!*row) return Error::internal("token secret vanished");
    secret = (*select)->text(0);
    return {};
  });
  if (!done) return done.error();
  return secret;
}

bool Accounts::shared() const {
  return db_->shared();
}

Result<bool> Accounts::spend_token(std::string_view id, TimePoint expiry, TimePoint now) {
  std::lock_guard lock(mu_);
  if (!db_->shared())
    return Error::internal("spent tokens are kept in the database only when shared");
  if (now - last_prune_ >= kPruneEvery) {
    auto prune = db_->prepare("DELETE FROM spent_tokens WHERE expiry <= ?");
    if (!prune) return prune.error();
    DRYDOCK_TRY((*prune)->bind(1, unix_seconds(now)).run());
    last_prune_ = now;
  }
  auto insert = db_->prepare(
      "INSERT INTO spent_tokens (id, expiry) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
  if (!insert) return insert.error();
  DRYDOCK_TRY((*insert)->bind(1, id).bind(2, unix_seconds(expiry)).run());
  return db_->changes() == 1;
}

#undef DRYDOCK_TRY

}  // namespace drydock::accounts
