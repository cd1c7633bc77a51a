#include "modelhub/storage/metastore/schema/migrations.h"

namespace modelhub::storage::schema {
namespace {

// Timestamps are milliseconds since the Unix epoch. Object ids are lowercase hex TEXT so that the
// same values appear in SQL, logs and the protocol.
constexpr std::string_view kInitial = R"sql(
CREATE TABLE repos (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  type          TEXT NOT NULL,
  namespace     TEXT NOT NULL,
  name          TEXT NOT NULL,
  private       INTEGER NOT NULL DEFAULT 0,
  gated         TEXT NOT NULL DEFAULT '',
  sdk           TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  next_pr       INTEGER NOT NULL DEFAULT 1,
  head_sha      TEXT NOT NULL DEFAULT '',
  card_data     TEXT NOT NULL DEFAULT '',
  card_error    TEXT NOT NULL DEFAULT '',
  info_json     TEXT NOT NULL DEFAULT '{}',
  downloads     INTEGER NOT NULL DEFAULT 0,
  likes         INTEGER NOT NULL DEFAULT 0,
  UNIQUE (type, namespace, name)
);
CREATE INDEX repos_by_created ON repos (type, created_at);

CREATE TABLE repo_redirects (
  type          TEXT NOT NULL,
  namespace     TEXT NOT NULL,
  name          TEXT NOT NULL,
  repo_id       INTEGER NOT NULL,
  PRIMARY KEY (type, namespace, name)
);

CREATE TABLE git_objects (
  repo_id       INTEGER NOT NULL,
  oid           TEXT NOT NULL,
  kind          INTEGER NOT NULL,
  size          INTEGER NOT NULL,
  data          BLOB NOT NULL,
  PRIMARY KEY (repo_id, oid)
);

CREATE TABLE refs (
  repo_id       INTEGER NOT NULL,
  name          TEXT NOT NULL,
  target        TEXT NOT NULL,
  PRIMARY KEY (repo_id, name)
);

CREATE TABLE lfs_objects (
  repo_id       INTEGER NOT NULL,
  oid           TEXT NOT NULL,
  size          INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (repo_id, oid)
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  fullname      TEXT NOT NULL DEFAULT '',
  email         TEXT NOT NULL DEFAULT '',
  is_admin      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE tokens (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL,
  salt          TEXT NOT NULL,
  hash          TEXT NOT NULL,
  lookup        TEXT NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER NOT NULL DEFAULT 0,
  revoked       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
  key           TEXT PRIMARY KEY,
  value         TEXT NOT NULL
);
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial", kInitial},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace modelhub::storage::schema
