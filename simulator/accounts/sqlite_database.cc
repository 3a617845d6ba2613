// Database over one SQLite connection: prepared statements cached by their SQL, transactions as
// BEGIN IMMEDIATE (the one writer of its file), the schema version in PRAGMA user_version.
#include <sqlite3.h>

#include <unordered_map>

#include "database.h"
#include "drydock/common/private_files.h"
#include "schema.h"

namespace drydock::accounts {

namespace {

Error sqlite_error(sqlite3* db, const std::string& what) {
  return Error::io(what + ": " + sqlite3_errmsg(db));
}

// A cached prepared statement in use. Resets (and clears its bindings) when destroyed, so the
// statement is ready for the next caller.
class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  Statement& bind(int index, std::string_view text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int index, int64_t value) override {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& bind_null(int index) override {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }

  Result<bool> step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return Error{ErrorCode::kConflict, std::string("constraint: ") + sqlite3_errmsg(db_)};
    }
    return sqlite_error(db_, "step");
  }

  std::string text(int column) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (p == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDatabase() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Result<std::unique_ptr<Statement>> prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                             SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        return sqlite_error(db_, "prepare \"" + sql + "\"");
      }
      it = cache_.emplace(sql, stmt).first;
    }
    return std::unique_ptr<Statement>(new SqliteStatement(db_, it->second));
  }

  Result<void> exec(const std::string& sql) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      return Error::io("exec: " + text);
    }
    return {};
  }

  Result<void> transaction(const std::function<Result<void>()>& body) override {
    if (auto begun = exec("BEGIN IMMEDIATE"); !begun) return begun;
    Result<void> result = body();
    if (result) result = exec("COMMIT");
    if (!result) (void)exec("ROLLBACK");
    return result;
  }

  int64_t changes() const override { return sqlite3_changes64(db_); }

  Result<void> create_schema() override {
    if (auto on = exec("PRAGMA foreign_keys = ON"); !on) return on;
    if (path_ != ":memory:") {
      if (auto wal = exec("PRAGMA journal_mode = WAL"); !wal) return wal;
    }
    return transaction([&]() -> Result<void> {
      int64_t found = 0;
      {
        auto version = prepare("PRAGMA user_version");
        if (!version) return version.error();
        auto row = (*version)->step();
        if (!row) return row.error();
        if (*row) found = (*version)->integer(0);
      }
      if (found > kSchemaVersion) {
        return Error::io(path_ + " holds a newer schema (" + std::to_string(found) + ")");
      }
      if (auto created = exec(kSqliteSchema); !created) return created;
      return exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    });
  }

  bool shared() const override { return false; }

 private:
  sqlite3* db_;
  const std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path) {
  // SQLite would create the file 0644; made 0600 first, it holds the token signing key privately,
  // and SQLite gives its -wal, -shm and -journal files the same mode.
  if (path != ":memory:" && !path.empty()) {
    if (auto created = create_private_file(path); !created) return created.error();
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<Database> database(new SqliteDatabase(db, path));  // closes db on every path
  if (rc != SQLITE_OK) {
    return Error::io("open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  return database;
}

}  // namespace drydock::accounts
