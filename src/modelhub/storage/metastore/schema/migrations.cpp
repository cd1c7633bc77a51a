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

// The catalogue index (src/modelhub/search): derived listing data of main's head per repo, its
// tags and its model-index evaluation records, written in the commit's transaction. JSON columns
// hold what listings render as is; the scalar columns are what filters and sorts compare.
constexpr std::string_view kCatalog = R"sql(
CREATE TABLE catalog_rows (
  repo_id       INTEGER PRIMARY KEY,
  sha           TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  pipeline_tag  TEXT,
  library_name  TEXT,
  license       TEXT,
  license_class TEXT NOT NULL DEFAULT 'unknown',
  commercial    TEXT NOT NULL DEFAULT 'unknown',
  languages     TEXT NOT NULL DEFAULT '[]',
  tags          TEXT NOT NULL DEFAULT '[]',
  card_data     TEXT NOT NULL DEFAULT 'null',
  card_error    TEXT NOT NULL DEFAULT '',
  config        TEXT NOT NULL DEFAULT 'null',
  safetensors   TEXT NOT NULL DEFAULT 'null',
  siblings      TEXT NOT NULL DEFAULT '[]',
  parameters    INTEGER,
  total_size    INTEGER NOT NULL DEFAULT 0,
  eval_count    INTEGER NOT NULL DEFAULT 0,
  trending      DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX catalog_rows_by_pipeline ON catalog_rows (pipeline_tag);
CREATE INDEX catalog_rows_by_modified ON catalog_rows (last_modified);

CREATE TABLE catalog_tags (
  tag           TEXT NOT NULL,
  repo_id       INTEGER NOT NULL,
  PRIMARY KEY (tag, repo_id)
);
CREATE INDEX catalog_tags_by_repo ON catalog_tags (repo_id);

CREATE TABLE catalog_evals (
  repo_id       INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  task          TEXT,
  dataset       TEXT,
  dataset_name  TEXT,
  metric        TEXT,
  metric_name   TEXT,
  value         DOUBLE PRECISION,
  shots         INTEGER,
  verified      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (repo_id, position)
);
CREATE INDEX catalog_evals_by_metric ON catalog_evals (dataset, metric, value);

CREATE INDEX repos_by_downloads ON repos (type, downloads);
CREATE INDEX repos_by_likes ON repos (type, likes);
)sql";

// Counters (hub/counters.h): likes by user, downloads per repo and UTC day, and the figures
// listings sort by, kept on the repos row (downloads = last 30 days, as the Hub reports them).
// The catalogue gains the card's trust score and the license verdict along the base_model chain.
constexpr std::string_view kCounters = R"sql(
ALTER TABLE repos ADD COLUMN downloads_all_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE repos ADD COLUMN trending DOUBLE PRECISION NOT NULL DEFAULT 0;
CREATE INDEX repos_by_trending ON repos (type, trending);

CREATE TABLE likes (
  user_id       INTEGER NOT NULL,
  repo_id       INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (user_id, repo_id)
);
CREATE INDEX likes_by_repo ON likes (repo_id, created_at);

CREATE TABLE download_days (
  repo_id       INTEGER NOT NULL,
  day           INTEGER NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (repo_id, day)
);
CREATE INDEX download_days_by_day ON download_days (day);

ALTER TABLE catalog_rows DROP COLUMN trending;
ALTER TABLE catalog_rows ADD COLUMN trust_score INTEGER;
ALTER TABLE catalog_rows ADD COLUMN chain_commercial TEXT NOT NULL DEFAULT 'unknown';
)sql";

// Substring search over repo ids (`search=` of listings) through a trigram index instead of a scan
// of every repos row; triggers keep it equal to the repos table in the same transaction.
constexpr std::string_view kRepoNames = R"sql(
CREATE VIRTUAL TABLE repo_names USING fts5(name, tokenize = 'trigram');
INSERT INTO repo_names (rowid, name) SELECT id, namespace || '/' || name FROM repos;
CREATE TRIGGER repo_names_insert AFTER INSERT ON repos BEGIN
  INSERT INTO repo_names (rowid, name) VALUES (new.id, new.namespace || '/' || new.name);
END;
CREATE TRIGGER repo_names_delete AFTER DELETE ON repos BEGIN
  DELETE FROM repo_names WHERE rowid = old.id;
END;
CREATE TRIGGER repo_names_rename AFTER UPDATE OF namespace, name ON repos BEGIN
  UPDATE repo_names SET name = new.namespace || '/' || new.name WHERE rowid = new.id;
END;
)sql";

// Indexes for the listing sorts on index columns, so that a sorted page reads a few index entries
// instead of sorting every row (the query joins repos to catalog_rows with an inner join so the
// planner may start from either side). Every repo has a catalog row from its creation on.
constexpr std::string_view kSortIndexes = R"sql(
DROP INDEX catalog_rows_by_modified;
CREATE INDEX catalog_rows_by_modified ON catalog_rows (last_modified, repo_id);
CREATE INDEX catalog_rows_by_parameters ON catalog_rows (COALESCE(parameters, 0), repo_id);
CREATE INDEX catalog_rows_by_size ON catalog_rows (total_size, repo_id);
CREATE INDEX repos_by_full_id ON repos (type, (namespace || '/' || name));
-- Repos from before the catalogue: listed (without derived data) until `admin reindex`.
INSERT INTO catalog_rows (repo_id, sha, last_modified)
  SELECT id, head_sha, updated_at FROM repos WHERE id NOT IN (SELECT repo_id FROM catalog_rows);
)sql";

// Evaluation filters match dataset and metric case-insensitively, by type or by name.
constexpr std::string_view kEvalIndexes = R"sql(
CREATE INDEX catalog_evals_by_dataset ON catalog_evals (lower(dataset), value);
CREATE INDEX catalog_evals_by_dataset_name ON catalog_evals (lower(dataset_name), value);
)sql";

// Every model's ancestors along its base_model links (the transitive closure, by "ns/name" as the
// cards name them), with the relation of the model's own link to its parent, so that
// `descendants_of` reads an index instead of walking the tree on every listing. Maintained by
// search/internal/catalog_ancestry.h; filled here from the base_model relation tags
// (`base_model:<relation>:<parent>`) through a link table with an index, which the recursive step
// needs to stay linear (as does looking parents up by (type, namespace, name), the unique index).
constexpr std::string_view kAncestors = R"sql(
CREATE TABLE catalog_ancestors (
  ancestor      TEXT NOT NULL,
  relation      TEXT NOT NULL,
  repo_id       INTEGER NOT NULL,
  PRIMARY KEY (ancestor, relation, repo_id)
);
CREATE INDEX catalog_ancestors_by_repo ON catalog_ancestors (repo_id, ancestor, relation);
CREATE TABLE catalog_links_fill (
  repo_id       INTEGER NOT NULL,
  relation      TEXT NOT NULL,
  parent        TEXT NOT NULL,
  PRIMARY KEY (repo_id, parent)
);
INSERT INTO catalog_links_fill (repo_id, relation, parent)
  SELECT t.repo_id, substr(t.tag, 12, instr(substr(t.tag, 12), ':') - 1),
         substr(t.tag, 12 + instr(substr(t.tag, 12), ':'))
  FROM catalog_tags t JOIN repos r ON r.id = t.repo_id
  WHERE t.tag > 'base_model:' AND t.tag < 'base_model;' AND r.type = 'model'
    AND instr(substr(t.tag, 12), ':') > 0;
INSERT INTO catalog_ancestors (ancestor, relation, repo_id)
  WITH RECURSIVE up(repo_id, relation, ancestor) AS (
    SELECT repo_id, relation, parent FROM catalog_links_fill
    UNION
    SELECT up.repo_id, up.relation, l.parent FROM up
      JOIN repos m ON m.type = 'model'
        AND m.namespace = substr(up.ancestor, 1, instr(up.ancestor, '/') - 1)
        AND m.name = substr(up.ancestor, instr(up.ancestor, '/') + 1)
      JOIN catalog_links_fill l ON l.repo_id = m.id)
  SELECT ancestor, relation, repo_id FROM up;
DROP TABLE catalog_links_fill;
)sql";

// Accounts beyond the admin: organisations and their members' roles, fine-grained token scopes,
// the creator of each repo (organisation contributors may write to the repos they created), gated
// repos' access requests, and the audit log of writes, token events and access decisions.
// Namespaces are shared by users and organisations: the accounts code keeps names unique across
// both tables.
constexpr std::string_view kAccounts = R"sql(
CREATE TABLE orgs (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  fullname      TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL
);
CREATE TABLE org_members (
  org_id        INTEGER NOT NULL,
  user_id       INTEGER NOT NULL,
  role          TEXT NOT NULL,
  added_at      INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_members_by_user ON org_members (user_id);
CREATE TABLE token_scopes (
  token_id      INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  repo_type     TEXT NOT NULL DEFAULT '',
  name          TEXT NOT NULL,
  permission    TEXT NOT NULL
);
CREATE INDEX token_scopes_by_token ON token_scopes (token_id);
CREATE INDEX tokens_by_user ON tokens (user_id);
ALTER TABLE repos ADD COLUMN created_by INTEGER NOT NULL DEFAULT 0;
CREATE TABLE access_requests (
  repo_id       INTEGER NOT NULL,
  user_id       INTEGER NOT NULL,
  status        TEXT NOT NULL,
  fields        TEXT NOT NULL DEFAULT '{}',
  reason        TEXT NOT NULL DEFAULT '',
  requested_at  INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (repo_id, user_id)
);
CREATE INDEX access_requests_by_status ON access_requests (repo_id, status, requested_at);
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor         TEXT NOT NULL,
  token_id      INTEGER NOT NULL DEFAULT 0,
  address       TEXT NOT NULL DEFAULT '',
  action        TEXT NOT NULL,
  repo          TEXT NOT NULL DEFAULT '',
  outcome       TEXT NOT NULL,
  detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_repo ON audit_log (repo, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_time ON audit_log (at);
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial", kInitial},          {2, "catalog", kCatalog},
    {3, "counters", kCounters},        {4, "repo_names", kRepoNames},
    {5, "sort_indexes", kSortIndexes}, {6, "eval_indexes", kEvalIndexes},
    {7, "ancestors", kAncestors},      {8, "accounts", kAccounts},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace modelhub::storage::schema
