// The SQLite engine of the metastore: a pool of connections to one WAL database file.
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "modelhub/core/time.h"
#include "modelhub/storage/metastore/internal/sqlite_connection.h"
#include "modelhub/storage/metastore/metastore.h"
#include "modelhub/storage/metastore/schema/migrations.h"

namespace modelhub::storage {
namespace {

using internal::SqliteConnection;

// Idle connections kept open; more may exist while many transactions run at once. Each holds its
// own statement cache, so keeping them warm matters more than the few file descriptors.
constexpr size_t kMaxIdleConnections = 16;

class ConnectionPool {
 public:
  ConnectionPool(std::string path, SqliteOptions options)
      : path_(std::move(path)), options_(options) {}

  core::Result<std::unique_ptr<SqliteConnection>> Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return connection;
      }
    }
    return SqliteConnection::Open(path_, options_);
  }

  void Release(std::unique_ptr<SqliteConnection> connection) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
  }

 private:
  const std::string path_;
  const SqliteOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
};

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(std::shared_ptr<ConnectionPool> pool,
                    std::unique_ptr<SqliteConnection> connection, bool write)
      : pool_(std::move(pool)), connection_(std::move(connection)), write_(write) {}

  ~SqliteTransaction() override {
    if (connection_ == nullptr) return;
    if (connection_->Run("ROLLBACK", {}, nullptr)) {
      pool_->Release(std::move(connection_));
    }
    // A connection whose rollback failed is in an unknown state: closing it (by dropping it)
    // makes SQLite roll back whatever is left.
  }

  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       std::initializer_list<SqlValue> params) override {
    MH_RETURN_IF_ERROR(CheckOpen());
    std::vector<Row> rows;
    MH_RETURN_IF_ERROR(connection_->Run(sql, params, &rows, !write_));
    return rows;
  }

  core::Result<int64_t> Execute(std::string_view sql,
                                std::initializer_list<SqlValue> params) override {
    MH_RETURN_IF_ERROR(CheckOpen());
    return connection_->Run(sql, params, nullptr, !write_);
  }

  core::Result<int64_t> Insert(std::string_view sql,
                               std::initializer_list<SqlValue> params) override {
    MH_RETURN_IF_ERROR(CheckOpen());
    MH_RETURN_IF_ERROR(connection_->Run(sql, params, nullptr, !write_));
    return connection_->LastInsertRowid();
  }

  core::Status Commit() override {
    MH_RETURN_IF_ERROR(CheckOpen());
    auto committed = connection_->Run("COMMIT", {}, nullptr);
    if (!committed) {
      // The transaction is finished either way; if COMMIT left it open, roll it back.
      if (connection_->InTransaction() && !connection_->Run("ROLLBACK", {}, nullptr)) {
        connection_.reset();
      }
      if (connection_ != nullptr) pool_->Release(std::move(connection_));
      return core::Unexpected(std::move(committed.error()));
    }
    pool_->Release(std::move(connection_));
    return core::Ok();
  }

  bool IsWrite() const override { return write_; }

 private:
  core::Status CheckOpen() const {
    if (connection_ == nullptr) {
      return core::Unexpected(core::ErrorCode::kInternal, "transaction already finished");
    }
    return core::Ok();
  }

  std::shared_ptr<ConnectionPool> pool_;
  std::unique_ptr<SqliteConnection> connection_;
  const bool write_;
};

class SqliteMetastore final : public Metastore {
 public:
  explicit SqliteMetastore(std::shared_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  core::Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override {
    MH_ASSIGN_OR_RETURN(auto connection, pool_->Acquire());
    bool write = mode == TransactionMode::kWrite;
    // IMMEDIATE takes the write lock now (waiting up to the busy timeout), so two writers never
    // deadlock upgrading read locks; readers use a deferred BEGIN and never block in WAL mode.
    MH_RETURN_IF_ERROR(connection->Run(write ? "BEGIN IMMEDIATE" : "BEGIN", {}, nullptr));
    return std::unique_ptr<Transaction>(
        std::make_unique<SqliteTransaction>(pool_, std::move(connection), write));
  }

  // SQLite's data_version changes on a connection when any other connection commits, in this
  // process or another; one connection that never writes watches them all.
  core::Result<uint64_t> DataVersion() override {
    std::lock_guard lock(watch_mutex_);
    if (!watch_) {
      MH_ASSIGN_OR_RETURN(watch_, pool_->Acquire());
    }
    std::vector<Row> rows;
    MH_RETURN_IF_ERROR(watch_->Run("PRAGMA data_version", {}, &rows));
    if (rows.empty()) {
      return core::Unexpected(core::ErrorCode::kInternal, "PRAGMA data_version gave no row");
    }
    return static_cast<uint64_t>(rows.front().Int(0));
  }

  std::string_view Engine() const override { return "sqlite"; }

 private:
  std::shared_ptr<ConnectionPool> pool_;
  std::mutex watch_mutex_;
  std::unique_ptr<SqliteConnection> watch_;  // never returned to the pool: it must not write
};

core::Result<bool> IsApplied(SqliteConnection& connection, int version) {
  std::vector<Row> rows;
  MH_RETURN_IF_ERROR(connection.Run("SELECT 1 FROM schema_migrations WHERE version = ?",
                                    {int64_t{version}}, &rows));
  return !rows.empty();
}

core::Status ApplyMigration(SqliteConnection& connection, const schema::Migration& migration) {
  MH_ASSIGN_OR_RETURN(bool applied_before, IsApplied(connection, migration.version));
  if (applied_before) return core::Ok();
  MH_RETURN_IF_ERROR(connection.Run("BEGIN IMMEDIATE", {}, nullptr));
  auto applied = [&]() -> core::Status {
    // Another process may have applied it while this one waited for the write lock.
    MH_ASSIGN_OR_RETURN(bool applied_meanwhile, IsApplied(connection, migration.version));
    if (applied_meanwhile) return core::Ok();
    MH_RETURN_IF_ERROR(connection.ExecScript(std::string(migration.sql)));
    MH_RETURN_IF_ERROR(connection.Run(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        {int64_t{migration.version}, std::string(migration.name), core::NowMillis()}, nullptr));
    return core::Ok();
  }();
  if (!applied) {
    (void)connection.Run("ROLLBACK", {}, nullptr);
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            "migration " + std::to_string(migration.version) + " (" +
                                std::string(migration.name) +
                                ") failed: " + applied.error().message);
  }
  MH_RETURN_IF_ERROR(connection.Run("COMMIT", {}, nullptr));
  return core::Ok();
}

// The tables listings plan over. Their queries are written for SQLite's default estimates (join
// order pinned with CROSS JOIN, selective filters chosen by capped reads in search/catalog_query),
// and statistics only mislead them: a sampled ANALYZE of a 1M-repo catalogue (the only kind that
// runs in milliseconds) estimated 5.7M rows for a 1M-row index and made the planner sort every
// repo for sort=num_parameters, 24 s instead of 4 ms.
constexpr const char* kPlannedTables[] = {"repos", "catalog_rows", "catalog_tags", "catalog_evals",
                                          "catalog_ancestors"};

// Drops statistics of the planned tables (left by an ANALYZE, e.g. by an older modelhub or by
// hand). Best effort: a busy database keeps them until the next start.
void ForgetPlannerStatistics(SqliteConnection& connection) {
  std::vector<Row> rows;
  std::string tables;
  for (const char* table : kPlannedTables) {
    tables += std::string(tables.empty() ? "" : ", ") + "'" + table + "'";
  }
  if (!connection.Run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
                      {}, &rows) ||
      rows.empty()) {
    return;
  }
  rows.clear();
  std::string planned = "FROM sqlite_stat1 WHERE tbl IN (" + tables + ")";
  if (!connection.Run("SELECT 1 " + planned + " LIMIT 1", {}, &rows) || rows.empty()) return;
  if (!connection.Run("BEGIN IMMEDIATE", {}, nullptr)) return;
  // ANALYZE sqlite_schema reloads what is left, so this connection plans without them at once.
  if (connection.ExecScript("DELETE " + planned + "; ANALYZE sqlite_schema;")) {
    if (connection.Run("COMMIT", {}, nullptr)) return;
  }
  (void)connection.Run("ROLLBACK", {}, nullptr);
}

core::Status Migrate(SqliteConnection& connection, const std::string& path) {
  std::vector<Row> tables;
  MH_RETURN_IF_ERROR(
      connection.Run("SELECT name FROM sqlite_master WHERE type = 'table'", {}, &tables));
  bool has_migrations = false;
  for (const Row& row : tables) has_migrations |= row.Text(0) == "schema_migrations";
  if (!tables.empty() && !has_migrations) {
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            path + " is an SQLite database but not a modelhub database");
  }
  MH_RETURN_IF_ERROR(connection.ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at INTEGER NOT NULL)"));
  std::vector<Row> latest;
  MH_RETURN_IF_ERROR(connection.Run("SELECT MAX(version) FROM schema_migrations", {}, &latest));
  int64_t known = schema::Migrations().empty() ? 0 : schema::Migrations().back().version;
  if (!latest.empty() && latest.front().Int(0) > known) {
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            path + " has schema version " + std::to_string(latest.front().Int(0)) +
                                ", newer than this build knows (" + std::to_string(known) + ")");
  }
  for (const schema::Migration& migration : schema::Migrations()) {
    MH_RETURN_IF_ERROR(ApplyMigration(connection, migration));
  }
  ForgetPlannerStatistics(connection);
  return core::Ok();
}

}  // namespace

core::Result<std::unique_ptr<Metastore>> Metastore::OpenSqlite(const std::string& path,
                                                               const SqliteOptions& options) {
  auto pool = std::make_shared<ConnectionPool>(path, options);
  MH_ASSIGN_OR_RETURN(auto connection, pool->Acquire());
  auto migrated = Migrate(*connection, path);
  if (!migrated) {
    if (migrated.error().code == core::ErrorCode::kUnavailable) {
      return core::Unexpected(std::move(migrated.error()));
    }
    return core::Unexpected(
        core::ErrorCode::kUnavailable,
        path + " is not a usable modelhub database: " + migrated.error().message);
  }
  pool->Release(std::move(connection));
  return std::unique_ptr<Metastore>(std::make_unique<SqliteMetastore>(std::move(pool)));
}

}  // namespace modelhub::storage
