#pragma once
// Database: the index state's storage, one small interface with two implementations, so the SQL
// of accounts.cc is written once:
//
//   SQLite (sqlite_database.cc)      a file in the data directory, or ":memory:"; one process.
//   PostgreSQL (postgres_database.cc) a server several `drydock serve` processes share.
//
// SQL is written in the dialect both understand: `?` and `?N` placeholders (PostgreSQL's
// implementation turns them into `$N`), ON CONFLICT, lower() for case-blind comparisons, and
// qualified column names in ON CONFLICT DO UPDATE. What they do not share (the schema's types,
// how the schema version is kept, how a transaction isolates) lives in each implementation.
//
// Not thread-safe: a connection serves one call of Accounts at a time (ConnectionPool leases it).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"

namespace drydock::accounts {

// A statement in use. Bind its parameters (1-based), then step() through its rows.
class Statement {
 public:
  virtual ~Statement() = default;

  virtual Statement& bind(int index, std::string_view text) = 0;
  virtual Statement& bind(int index, int64_t value) = 0;
  virtual Statement& bind_null(int index) = 0;
  // Binds NULL for "" and the text otherwise.
  Statement& bind_or_null(int index, std::string_view text) {
    return text.empty() ? bind_null(index) : bind(index, text);
  }

  // Runs one step: true if a row is ready, false when done. kConflict on a constraint violation.
  virtual Result<bool> step() = 0;
  // Runs to completion (for statements that return no rows).
  Result<void> run();

  virtual std::string text(int column) const = 0;  // "" for NULL
  virtual int64_t integer(int column) const = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  // Returns a statement for `sql`.
  virtual Result<std::unique_ptr<Statement>> prepare(const std::string& sql) = 0;
  // Runs `sql` (several statements allowed, no parameters).
  virtual Result<void> exec(const std::string& sql) = 0;
  // Runs `body` in a transaction: it commits whole or not at all. `body` may run more than once
  // (PostgreSQL retries a transaction that lost a race with another one), so it must not keep
  // effects outside the database from a run that failed.
  virtual Result<void> transaction(const std::function<Result<void>()>& body) = 0;
  // Rows changed by the last statement.
  virtual int64_t changes() const = 0;
  // Creates the tables (schema.h) if missing. kIo if the database holds a newer schema.
  virtual Result<void> create_schema() = 0;
  // True when other processes may share the database (PostgreSQL): state that would otherwise
  // stay in one process's memory (spent tokens) must then be kept here.
  virtual bool shared() const = 0;
  // Called as a call of Accounts leases this connection. PostgreSQL's reconnects if the server
  // closed it while it sat idle, and allows the call one run again after the connection drops.
  virtual void start_call() {}
};

// True for a postgresql:// or postgres:// URL.
bool is_postgres_url(std::string_view location);

// Opens the database at `location`: a postgresql:// URL, else a SQLite file path (":memory:" for
// a private in-memory one).
Result<std::unique_ptr<Database>> open_database(const std::string& location);

// The implementations (sqlite_database.cc, postgres_database.cc).
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path);
Result<std::unique_ptr<Database>> open_postgres(const std::string& url);

// libpq's connection parameters (keywords and their values) for a postgresql:// `url`: the URL's
// own, plus connect_timeout (kConnectTimeout) unless the URL or PGCONNECT_TIMEOUT sets one, and
// `-c statement_timeout=...` (kStatementTimeout) added to `options` unless the URL's options (or
// PGOPTIONS, when the URL has none) set one. kInvalidArgument if libpq cannot parse the URL.
struct PostgresParameters {
  std::vector<std::string> keywords;
  std::vector<std::string> values;
};
Result<PostgresParameters> postgres_parameters(const std::string& url);
inline constexpr std::chrono::seconds kConnectTimeout{5};
inline constexpr std::chrono::milliseconds kStatementTimeout{5000};

}  // namespace drydock::accounts
