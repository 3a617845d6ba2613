#pragma once
// For tests against the PostgreSQL the test command starts (scripts/servers/postgres.sh): each
// test gets a schema of its own in the server's database, so tests never see each other's rows,
// and the schema is dropped afterwards. REQUIRES: RequireServer("postgres") has set up
// (simulator/storage/testing/server_env.h).

#include <string>

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

  // Ends, from another connection, every server process serving a connection of url(): their
  // clients see the connection drop. Waits until they are gone; returns how many there were.
  int terminate_connections() const;

 private:
  std::string admin_url_;  // the server's own URL, from postgres.env
  std::string name_;
  std::string url_;
};

}  // namespace drydock::testing
