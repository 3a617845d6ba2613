#include "database.h"

#include "drydock/common/private_files.h"

namespace drydock::accounts {

namespace {

Error sqlite_error(sqlite3* db, const std::string& what) {
  return Error::io(what + ": " + sqlite3_errmsg(db));
}

}  // namespace

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::bind_or_null(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return Error{ErrorCode::kConflict, std::string("constraint: ") + sqlite3_errmsg(db_)};
  }
  return sqlite_error(db_, "step");
}

Result<void> Statement::run() {
  while (true) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
  // SQLite would create the file 0644; made 0600 first, it holds the token signing key privately,
  // and SQLite gives its -wal, -shm and -journal files the same mode.
  if (path != ":memory:" && !path.empty()) {
    if (auto created = create_private_file(path); !created) return created.error();
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<Database> database(new Database(db));  // closes db on every path
  if (rc != SQLITE_OK) {
    return Error::io("open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  return database;
}

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Result<std::unique_ptr<Statement>> Database::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return sqlite_error(db_, "prepare \"" + sql + "\"");
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return std::make_unique<Statement>(db_, it->second);
}

Result<void> Database::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Error::io("exec: " + text);
  }
  return {};
}

Result<void> Database::transaction(const std::function<Result<void>()>& body) {
  if (auto begun = exec("BEGIN IMMEDIATE"); !begun) return begun;
  Result<void> result = body();
  if (result) result = exec("COMMIT");
  if (!result) (void)exec("ROLLBACK");
  return result;
}

int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

}  // namespace drydock::accounts
