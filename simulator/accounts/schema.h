#pragma once
// The index database's schema. Bump kSchemaVersion (PRAGMA user_version) with every change.

namespace drydock::accounts {

inline constexpr int kSchemaVersion = 1;

inline constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 0,
  admin         INTEGER NOT NULL DEFAULT 0,
  created       INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS emails (
  email    TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS emails_by_user ON emails(user_id, added);
CREATE TABLE IF NOT EXISTS repositories (
  id          INTEGER PRIMARY KEY,
  namespace   TEXT NOT NULL,
  name        TEXT NOT NULL,
  owner       TEXT NOT NULL,
  private     INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  created     INTEGER NOT NULL,
  UNIQUE (namespace, name)
);
CREATE TABLE IF NOT EXISTS images (
  repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
  image_id      TEXT NOT NULL,
  checksum      TEXT,
  tag           TEXT,
  position      INTEGER NOT NULL,
  PRIMARY KEY (repository_id, image_id)
);
CREATE TABLE IF NOT EXISTS settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

}  // namespace drydock::accounts
