// Database over one PostgreSQL connection (libpq), for index state several servers share.
//
// Transactions run at SERIALIZABLE isolation: PostgreSQL then aborts whichever of two concurrent
// transactions (from this process or another) would have seen the other's effects half-way, with
// SQLSTATE 40001 (or 40P01 for a deadlock), and transaction() runs the body again, up to
// kMaxAttempts times. Statements outside a transaction run on their own (autocommit).
//
// Timeouts: connect_timeout and statement_timeout default to 5 s unless the URL sets them
// (postgres_parameters()); a statement that overruns fails its call with kIo.
//
// A dropped connection (the server restarted, an administrator ended the backend) is connected
// again, and the call runs again once when nothing of it can have been committed:
//   - a connection the server closed while it sat idle is found so as a call starts (the socket
//     holds the server's farewell and EOF, unasked for: start_call()), and reconnected first;
//   - a transaction whose connection dropped before COMMIT was sent runs again, whole, on a new
//     connection (its body may run more than once anyway: serialization failures);
//   - a SELECT outside a transaction runs again on a new connection.
// A connection that drops while COMMIT is in flight, or while a statement outside a transaction
// that writes is, leaves the outcome unknown: the call fails with kIo saying so. So does a second
// drop in one call. Statements are not prepared server-side: each runs with PQexecParams, its
// parameters typed (text, bigint) as they were bound.
#include <libpq-fe.h>

#include <poll.h>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <vector>

#include "database.h"
#include "schema.h"

namespace drydock::accounts {

namespace {

constexpr int kMaxAttempts = 20;       // per transaction, against serialization failures
constexpr Oid kInt8Oid = 20;           // pg_type's bigint
constexpr Oid kTextOid = 25;           // pg_type's text
constexpr int64_t kSchemaLock = 1616;  // pg_advisory_xact_lock key: one schema creation at once

// `sql` with `?` placeholders numbered as PostgreSQL's `$1`, `$2`... and `?N` as `$N`.
std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 0;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (c != '?' || quoted) {
      out += c;
      continue;
    }
    out += '$';
    if (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) continue;
    out += std::to_string(++next);
  }
  return out;
}

// True for a statement that changes nothing: run again after its connection dropped, it cannot
// have taken effect twice.
bool is_read_only(std::string_view sql) {
  while (!sql.empty() && std::isspace(static_cast<unsigned char>(sql.front())))
    sql.remove_prefix(1);
  constexpr std::string_view kSelect = "SELECT ";
  if (sql.size() < kSelect.size()) return false;
  for (size_t i = 0; i < kSelect.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(sql[i])) != kSelect[i]) return false;
  }
  return true;
}

// libpq's messages end with a newline.
std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.empty() ? "unknown error" : text;
}

class PostgresDatabase;

class PostgresStatement final : public Statement {
 public:
  PostgresStatement(PostgresDatabase& db, std::string sql) : db_(db), sql_(std::move(sql)) {}
  ~PostgresStatement() override {
    if (result_ != nullptr) PQclear(result_);
  }
  PostgresStatement(const PostgresStatement&) = delete;
  PostgresStatement& operator=(const PostgresStatement&) = delete;

  Statement& bind(int index, std::string_view text) override {
    return set(index, std::string(text), kTextOid);
  }
  Statement& bind(int index, int64_t value) override {
    return set(index, std::to_string(value), kInt8Oid);
  }
  Statement& bind_null(int index) override { return set(index, std::nullopt, 0); }

  Result<bool> step() override;

  std::string text(int column) const override {
    if (PQgetisnull(result_, row_, column)) return {};
    return std::string(PQgetvalue(result_, row_, column),
                       static_cast<size_t>(PQgetlength(result_, row_, column)));
  }
  int64_t integer(int column) const override {
    return std::strtoll(PQgetvalue(result_, row_, column), nullptr, 10);
  }

 private:
  Statement& set(int index, std::optional<std::string> value, Oid type) {
    const auto at = static_cast<size_t>(index - 1);
    if (values_.size() <= at) {
      values_.resize(at + 1);
      types_.resize(at + 1, 0);
    }
    values_[at] = std::move(value);
    types_[at] = type;
    return *this;
  }

  PostgresDatabase& db_;
  const std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  PGresult* result_ = nullptr;  // once run
  int row_ = -1;
};

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(PGconn* conn) : conn_(conn) {
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);  // "already exists, skipping"
  }
  ~PostgresDatabase() override { PQfinish(conn_); }
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  Result<std::unique_ptr<Statement>> prepare(const std::string& sql) override {
    return std::unique_ptr<Statement>(new PostgresStatement(*this, numbered_placeholders(sql)));
  }

  Result<void> exec(const std::string& sql) override {
    auto result = run(sql, [&] { return PQexec(conn_, sql.c_str()); });
    if (!result) return result.error();
    PQclear(*result);
    return {};
  }

  // Runs `sql` with text `values` of `types`; the caller owns the result.
  Result<PGresult*> execute(const std::string& sql,
                            const std::vector<std::optional<std::string>>& values,
                            const std::vector<Oid>& types) {
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& value : values) pointers.push_back(value ? value->c_str() : nullptr);
    return run(sql, [&] {
      return PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), types.data(),
                          pointers.data(), nullptr, nullptr, 0);
    });
  }

  Result<void> transaction(const std::function<Result<void>()>& body) override {
    Result<void> result;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      last_sqlstate_.clear();
      bool commit_sent = false;
      result = connect_if_dropped();
      if (!result) return result;
      in_transaction_ = true;
      result = exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
      if (result) result = body();
      if (result) {
        commit_sent = true;
        result = exec("COMMIT");
      }
      in_transaction_ = false;
      if (result) return result;
      if (dropped()) {
        if (commit_sent) {
          return Error::io(
              "postgresql: the connection dropped while COMMIT was in flight: the transaction "
              "may or may not have committed");
        }
        if (!take_retry()) return result;
        continue;  // nothing committed: again, whole, on a new connection
      }
      roll_back();
      if (last_sqlstate_ != "40001" && last_sqlstate_ != "40P01") return result;
    }
    return result;
  }

  int64_t changes() const override { return changes_; }

  // In one READ COMMITTED transaction under an advisory lock, so that servers starting together
  // create the tables once and each then reads the version the other wrote.
  Result<void> create_schema() override {
    in_transaction_ = true;
    Result<void> result = exec("BEGIN");
    if (result) result = create_schema_locked();
    if (result) result = exec("COMMIT");
    in_transaction_ = false;
    if (!result) roll_back();
    return result;
  }

  bool shared() const override { return true; }

  void start_call() override {
    retries_left_ = 1;
    if (closed_while_idle()) PQreset(conn_);  // if it fails, the first statement says why
  }

 private:
  friend class PostgresStatement;

  Result<void> create_schema_locked() {
    if (auto locked = exec("SELECT pg_advisory_xact_lock(" + std::to_string(kSchemaLock) + ")");
        !locked) {
      return locked;
    }
    if (auto made = exec("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
        !made) {
      return made;
    }
    auto version = prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!version) return version.error();
    auto row = (*version)->step();
    if (!row) return row.error();
    const int64_t found = *row ? (*version)->integer(0) : 0;
    if (found > kSchemaVersion) {
      return Error::io("the database holds a newer schema (" + std::to_string(found) + ")");
    }
    if (auto created = exec(kPostgresSchema); !created) return created;
    return exec("DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (" +
                std::to_string(kSchemaVersion) + ")");
  }

  // Runs `sql` through `send` (one PQexec or PQexecParams). Outside a transaction, if the
  // connection dropped under it: a SELECT runs once more on a new connection (the call's one
  // retry); any other statement's outcome is unknown.
  Result<PGresult*> run(const std::string& sql, const std::function<PGresult*()>& send) {
    auto result = run_once(send);
    if (result || in_transaction_ || !dropped()) return result;
    if (!is_read_only(sql)) {
      return Error::io(
          "postgresql: the connection dropped while a statement that writes was in flight: it "
          "may or may not have taken effect (" +
          result.error().message + ")");
    }
    if (!take_retry()) return result;
    return run_once(send);
  }

  Result<PGresult*> run_once(const std::function<PGresult*()>& send) {
    if (auto connected = connect_if_dropped(); !connected) return connected.error();
    return checked(send());
  }

  bool dropped() const { return PQstatus(conn_) != CONNECTION_OK; }

  // True (and spends it) if the call still has its one run again after a dropped connection.
  bool take_retry() {
    if (retries_left_ == 0) return false;
    --retries_left_;
    return true;
  }

  // True if the server closed this connection while it sat idle (it restarted, an administrator
  // ended the backend): the socket then holds what the server sent unasked, its farewell and
  // EOF. Never blocks: libpq keeps its socket non-blocking.
  bool closed_while_idle() {
    for (int read = 0; read < 4; ++read) {
      if (dropped()) return true;
      pollfd socket{PQsocket(conn_), POLLIN, 0};
      if (::poll(&socket, 1, 0) <= 0) return false;  // nothing unasked: alive, as far as we know
      if (PQconsumeInput(conn_) == 0) return true;   // EOF: libpq marks the connection bad
    }
    return true;  // still talking unasked: no state to start a call in
  }

  // Connects again if the connection dropped, except inside a transaction (which then fails).
  Result<void> connect_if_dropped() {
    if (!dropped()) return {};
    if (in_transaction_) return Error::io("postgresql: the connection dropped in a transaction");
    PQreset(conn_);
    if (dropped()) {
      return Error::io("postgresql: connection lost: " + trimmed(PQerrorMessage(conn_)));
    }
    return {};
  }

  // `result` if it succeeded, otherwise its error (kConflict for a constraint violation).
  Result<PGresult*> checked(PGresult* result) {
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      const char* changed = PQcmdTuples(result);
      changes_ = (changed && *changed) ? std::strtoll(changed, nullptr, 10) : 0;
      return result;
    }
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    last_sqlstate_ = state ? state : "";
    std::string message = trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
    if (result) PQclear(result);
    if (last_sqlstate_.starts_with("23"))
      return Error{ErrorCode::kConflict, "constraint: " + message};
    if (last_sqlstate_ == "57014") {  // query_canceled: statement_timeout, or a cancel request
      return Error::io("postgresql: a statement ran past statement_timeout (" +
                       std::to_string(kStatementTimeout.count()) +
                       " ms unless the URL sets it) and was cancelled: " + message);
    }
    return Error::io("postgresql: " + message);
  }

  void roll_back() {
    if (dropped()) return;
    const PGTransactionStatusType status = PQtransactionStatus(conn_);
    if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) {
      std::string sqlstate = last_sqlstate_;  // the failure's, not the rollback's
      PQclear(PQexec(conn_, "ROLLBACK"));
      last_sqlstate_ = std::move(sqlstate);
    }
  }

  PGconn* conn_;
  bool in_transaction_ = false;
  int retries_left_ = 1;  // runs again after a dropped connection left to the current call
  int64_t changes_ = 0;
  std::string last_sqlstate_;  // of the last statement that failed
};

Result<bool> PostgresStatement::step() {
  if (result_ == nullptr) {
    auto run = db_.execute(sql_, values_, types_);
    if (!run) return run.error();
    result_ = *run;
  }
  ++row_;
  return row_ < PQntuples(result_);
}

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url) {
  auto parameters = postgres_parameters(url);
  if (!parameters) return parameters.error();
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (size_t i = 0; i < parameters->keywords.size(); ++i) {
    keywords.push_back(parameters->keywords[i].c_str());
    values.push_back(parameters->values[i].c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/0);
  if (conn == nullptr) return Error::io("postgresql: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Error::io("postgresql: " + message);
  }
  return std::unique_ptr<Database>(new PostgresDatabase(conn));
}

}  // namespace drydock::accounts
