#pragma once
// Database: a thin layer over one SQLite connection: prepared statements cached by their SQL,
// bound and stepped through Statement, and transactions. Not thread-safe: Accounts serializes.

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "drydock/common/result.h"

namespace drydock::accounts {

// A prepared statement in use. Resets (and clears its bindings) when destroyed, so the cached
// statement is ready for the next caller.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds parameter `index` (1-based). An empty optional-like string binds NULL with bind_null.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  Statement& bind_null(int index);
  // Binds NULL for "" and the text otherwise.
  Statement& bind_or_null(int index, std::string_view text);

  // Runs one step: true if a row is ready, false when done. kConflict on a constraint violation.
  Result<bool> step();
  // Runs to completion (for statements that return no rows).
  Result<void> run();

  std::string text(int column) const;  // "" for NULL
  int64_t integer(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens the database file at `path` (":memory:" for none), creating it with mode 0600.
  static Result<std::unique_ptr<Database>> open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Returns the cached statement for `sql`, preparing it on first use.
  Result<std::unique_ptr<Statement>> prepare(const std::string& sql);
  // Runs `sql` (several statements allowed, no parameters).
  Result<void> exec(const std::string& sql);
  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if it fails.
  Result<void> transaction(const std::function<Result<void>()>& body);
  // Rows changed by the last statement.
  int64_t changes() const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace drydock::accounts
