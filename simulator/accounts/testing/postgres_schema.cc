#include "postgres_schema.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>

#include "drydock/common/digest.h"
#include "testing/server_env.h"

namespace drydock::testing {

namespace {

// Runs `sql` on a connection of its own; returns the first column of the first row, or "".
std::string run(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string value;
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "postgresql: " << PQerrorMessage(conn);
  } else {
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);  // "drop cascades to..."
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(result);
    } else if (PQntuples(result) > 0 && PQnfields(result) > 0) {
      value = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return value;
}

}  // namespace

PostgresSchema::PostgresSchema()
    : admin_url_(server_env("postgres").at("DRYDOCK_TEST_POSTGRES_URL")),
      name_("drydock_test_" + to_hex(random_bytes(8))) {
  run(admin_url_, "CREATE SCHEMA " + name_);
  const char* separator = admin_url_.find('?') == std::string::npos ? "?" : "&";
  url_ = admin_url_ + separator + "options=-csearch_path%3D" + name_ + "&application_name=" + name_;
}

PostgresSchema::~PostgresSchema() {
  run(admin_url_, "DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
}

std::string PostgresSchema::url_with_options(const std::string& options) const {
  std::string escaped;
  for (char c : options) {
    if (c == ' ') {
      escaped += "%20";
    } else if (c == '=') {
      escaped += "%3D";
    } else {
      escaped += c;
    }
  }
  const std::string search_path = "options=-csearch_path%3D" + name_;
  std::string url = url_;
  url.insert(url.find(search_path) + search_path.size(), "%20" + escaped);
  return url;
}

int PostgresSchema::waiting_for_locks() const {
  return std::atoi(run(admin_url_,
                       "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
                       "application_name = '" +
                           name_ + "'")
                       .c_str());
}

void PostgresSchema::execute(const std::string& sql) const {
  run(admin_url_, sql);
}

HeldLock::HeldLock(const PostgresSchema& schema, const std::string& sql)
    : conn_(PQconnectdb(schema.admin_url().c_str())) {
  if (PQstatus(conn_) != CONNECTION_OK) {
    ADD_FAILURE() << "postgresql: " << PQerrorMessage(conn_);
    return;
  }
  PGresult* result = PQexec(conn_, ("BEGIN; " + sql).c_str());
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    ADD_FAILURE() << sql << ": " << PQresultErrorMessage(result);
  }
  PQclear(result);
}

void HeldLock::release() {
  if (conn_ == nullptr) return;
  PQclear(PQexec(conn_, "ROLLBACK"));
  PQfinish(conn_);
  conn_ = nullptr;
}

int PostgresSchema::terminate_connections() const {
  std::string ended =
      run(admin_url_,
          "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_stat_activity "
          "WHERE application_name = '" +
              name_ + "' AND pid <> pg_backend_pid()");
  return std::atoi(ended.c_str());
}

}  // namespace drydock::testing
