// Metastore: the one SQL interface behind all repo state (git objects, refs, repo rows, users,
// tokens, counters), with an embedded SQLite engine (WAL, one file) and later PostgreSQL.
//
// Callers write portable SQL with `?` placeholders; an engine rewrites what its dialect needs.
// All access goes through a Transaction, which owns one pooled connection for its lifetime and is
// used by one thread at a time. A write transaction (Begin(kWrite)) takes the database's write lock
// at its start (SQLite BEGIN IMMEDIATE), so two writers never deadlock on lock upgrades; a read
// transaction sees one consistent snapshot. A Transaction that is destroyed without Commit() rolls
// back. The Metastore object itself is thread-safe.
#ifndef MODELHUB_STORAGE_METASTORE_METASTORE_H_
#define MODELHUB_STORAGE_METASTORE_METASTORE_H_

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "modelhub/core/result.h"

namespace modelhub::storage {

// Bytes stored as a BLOB column (as opposed to TEXT).
struct Bytes {
  std::string data;
};

using SqlValue = std::variant<std::monostate, int64_t, double, std::string, Bytes>;

// One result row; columns are addressed by position in the SELECT list.
class Row {
 public:
  explicit Row(std::vector<SqlValue> values) : values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  bool IsNull(size_t column) const;
  // Integer column (0 when NULL).
  int64_t Int(size_t column) const;
  double Real(size_t column) const;
  // TEXT or BLOB column as bytes ("" when NULL).
  const std::string& Text(size_t column) const;
  std::optional<std::string> OptionalText(size_t column) const;
  const SqlValue& Value(size_t column) const { return values_.at(column); }

 private:
  std::vector<SqlValue> values_;
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  // Runs a statement that returns rows.
  virtual core::Result<std::vector<Row>> Query(std::string_view sql,
                                               std::initializer_list<SqlValue> params = {}) = 0;
  // Like Query, at most one row.
  core::Result<std::optional<Row>> QueryOne(std::string_view sql,
                                            std::initializer_list<SqlValue> params = {});
  // Runs a statement; returns the number of rows it changed.
  virtual core::Result<int64_t> Execute(std::string_view sql,
                                        std::initializer_list<SqlValue> params = {}) = 0;
  // Runs an INSERT and returns the id of the new row (SQLite rowid / PostgreSQL RETURNING id).
  virtual core::Result<int64_t> Insert(std::string_view sql,
                                       std::initializer_list<SqlValue> params = {}) = 0;

  // Makes every change durable. After Commit (successful or not) the transaction is finished.
  virtual core::Status Commit() = 0;
  virtual bool IsWrite() const = 0;
};

enum class TransactionMode { kRead, kWrite };

// How the SQLite engine trades durability for speed.
struct SqliteOptions {
  // false: synchronous=OFF. A process crash still loses nothing that committed (WAL), but an OS
  // crash or power loss may lose recent commits or corrupt the file. Only for bulk loaders whose
  // output can be regenerated (`modelhub admin generate-catalogue`), never for `serve`.
  bool durable = true;
  // Page cache of each connection in MiB; 0 keeps SQLite's default (about 2 MiB).
  int cache_mib = 0;
};

class Metastore {
 public:
  virtual ~Metastore() = default;

  // Opens (creating if missing) the SQLite database at `path` and applies pending schema
  // migrations. Unavailable when the file cannot be opened or is not a modelhub database.
  static core::Result<std::unique_ptr<Metastore>> OpenSqlite(const std::string& path,
                                                             const SqliteOptions& options = {});

  // Starts a transaction. A write transaction waits (bounded, then Unavailable) for the write lock.
  virtual core::Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) = 0;

  // A number that differs from every earlier result once a write has been committed since, by
  // this process or by another one on the same database. Caches of query results key on it: read
  // it before the transaction whose results are cached, so that they are never older than it.
  virtual core::Result<uint64_t> DataVersion() = 0;

  // "sqlite" or "postgres".
  virtual std::string_view Engine() const = 0;
};

}  // namespace modelhub::storage

#endif  // MODELHUB_STORAGE_METASTORE_METASTORE_H_
