#pragma once
// For tests against the PostgreSQL the test command starts (scripts/servers/postgres.sh): each
// test gets a schema of its own in the server's database, so tests never see each other's rows,
// and the schema is dropped afterwards. REQUIRES: RequireServer("postgres") has set up
// (simulator/storage/testing/server_env.h).

#include <string>

typedef struct pg_conn PGconn;  // libpq-fe.h

namespace drydock::testing {

class PostgresSchema {
 public:
  // Creates a schema with a fresh random name. ADD_FAILURE()s if it cannot.
  PostgresSchema();
  ~PostgresSchema();  // drops the schema and everything in it
  PostgresSchema(const PostgresSchema&) = delete;
  PostgresSchema& operator=(const PostgresSchema&) = delete;

  // A postgresql:// URL whose connections use this schema (search_path) and carry its name as
  // their application_name.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  const std::string& admin_url() const { return admin_url_; }  // the server's superuser

  // url(), its connections also given the server `options` ("-c statement_timeout=200").
  std::string url_with_options(const std::string& options) const;

  // Ends, from another connection, every server process serving a connection of url(): their
  // clients see the connection drop. Waits until they are gone; returns how many there were.
  int terminate_connections() const;
  // How many connections of url() wait for a lock (a HeldLock's, say) right now.
  int waiting_for_locks() const;
  // Runs `sql` as the server's superuser, on a connection of its own.
  void execute(const std::string& sql) const;

 private:
  std::string admin_url_;  // the server's own URL, from postgres.env
  std::string name_;
  std::string url_;
};

// A lock taken by `sql` (LOCK TABLE ..., SELECT pg_advisory_xact_lock(...)) in a transaction of
// the server's superuser, held until release() or destruction: the connections of the schema that
// need it wait meanwhile.
class HeldLock {
 public:
  HeldLock(const PostgresSchema& schema, const std::string& sql);
  ~HeldLock() { release(); }
  HeldLock(const HeldLock&) = delete;
  HeldLock& operator=(const HeldLock&) = delete;

  void release();

 private:
  PGconn* conn_ = nullptr;
};

}  // namespace drydock::testing
