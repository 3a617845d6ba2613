// Database over one PostgreSQL connection (libpq), for index state several servers share.
//
// Transactions run at SERIALIZABLE isolation: PostgreSQL then aborts whichever of two concurrent
// transactions (from this process or another) would have seen the other's effects half-way, with
// SQLSTATE 40001 (or 40P01 for a deadlock), and transaction() runs the body again, up to
// kMaxAttempts times. Statements outside a transaction run on their own (autocommit).
//
// A connection that dropped (the server restarted, an administrator ended the backend) fails the
// call in flight with kIo; the next call connects again. One inside a transaction fails that
// transaction instead of reconnecting in its middle. Statements are not prepared server-side:
// each runs with PQexecParams, its parameters typed (text, bigint) as they were bound.
#include <libpq-fe.h>

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
    if (auto connected = connect_if_dropped(); !connected) return connected;
    auto result = checked(PQexec(conn_, sql.c_str()));
    if (!result) return result.error();
    PQclear(*result);
    return {};
  }

  // Runs `sql` with text `values` of `types`; the caller owns the result.
  Result<PGresult*> execute(const std::string& sql,
                            const std::vector<std::optional<std::string>>& values,
                            const std::vector<Oid>& types) {
    if (auto connected = connect_if_dropped(); !connected) return connected.error();
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& value : values) pointers.push_back(value ? value->c_str() : nullptr);
    return checked(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), types.data(),
                                pointers.data(), nullptr, nullptr, 0));
  }

  Result<void> transaction(const std::function<Result<void>()>& body) override {
    Result<void> result;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      last_sqlstate_.clear();
      if (auto begun = exec("BEGIN ISOLATION LEVEL SERIALIZABLE"); !begun) return begun;
      in_transaction_ = true;
      result = body();
      if (result) result = exec("COMMIT");
      in_transaction_ = false;
      if (result) return result;
      roll_back();
      if (last_sqlstate_ != "40001" && last_sqlstate_ != "40P01") return result;
    }
    return result;
  }

  int64_t changes() const override { return changes_; }

  // In one READ COMMITTED transaction under an advisory lock, so that servers starting together
  // create the tables once and each then reads the version the other wrote.
  Result<void> create_schema() override {
    if (auto begun = exec("BEGIN"); !begun) return begun;
    in_transaction_ = true;
    Result<void> result = create_schema_locked();
    if (result) result = exec("COMMIT");
    in_transaction_ = false;
    if (!result) roll_back();
    return result;
  }

  bool shared() const override { return true; }

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

  // Connects again if the connection dropped, except inside a transaction (which then fails).
  Result<void> connect_if_dropped() {
    if (PQstatus(conn_) == CONNECTION_OK) return {};
    if (in_transaction_) return Error::io("postgresql: the connection dropped in a transaction");
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
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
    return Error::io("postgresql: " + message);
  }

  void roll_back() {
    if (PQstatus(conn_) != CONNECTION_OK) return;
    const PGTransactionStatusType status = PQtransactionStatus(conn_);
    if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) {
      std::string sqlstate = last_sqlstate_;  // the failure's, not the rollback's
      PQclear(PQexec(conn_, "ROLLBACK"));
      last_sqlstate_ = std::move(sqlstate);
    }
  }

  PGconn* conn_;
  bool in_transaction_ = false;
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
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Error::io("postgresql: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Error::io("postgresql: " + message);
  }
  return std::unique_ptr<Database>(new PostgresDatabase(conn));
}

}  // namespace drydock::accounts
