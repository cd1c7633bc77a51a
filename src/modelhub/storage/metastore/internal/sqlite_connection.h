// One SQLite connection with its prepared-statement cache. Not thread-safe: the pool hands a
// connection to one Transaction at a time.
#ifndef MODELHUB_STORAGE_METASTORE_INTERNAL_SQLITE_CONNECTION_H_
#define MODELHUB_STORAGE_METASTORE_INTERNAL_SQLITE_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/storage/metastore/metastore.h"

struct sqlite3;
struct sqlite3_stmt;

namespace modelhub::storage::internal {

// How long a connection waits for a lock held by another connection before giving up with
// Unavailable. Writers hold the lock only for one request's transaction.
inline constexpr int kBusyTimeoutMillis = 5000;

class SqliteConnection {
 public:
  // Opens `path` (creating it) with the pragmas every connection needs: WAL, synchronous=FULL
  // (OFF when `options.durable` is false), foreign_keys and the busy timeout.
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                              const SqliteOptions& options = {});
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one statement (cached by its text), appending result rows to `rows` when non-null.
  // Returns the number of rows changed. With `read_only`, statements that write are refused.
  core::Result<int64_t> Run(std::string_view sql, std::initializer_list<SqlValue> params,
                            std::vector<Row>* rows, bool read_only = false);

  // Runs a script of ';'-separated statements without caching (schema migrations).
  core::Status ExecScript(const std::string& sql);

  int64_t LastInsertRowid() const;
  // True while a transaction is open on this connection.
  bool InTransaction() const;

  // The error for SQLite result code `code` on this connection.
  core::Error ErrorFor(int code, std::string_view context) const;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  core::Result<sqlite3_stmt*> Prepare(std::string_view sql);

  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  sqlite3* db_;
  // Keyed by SQL text so that hot queries are prepared once per connection; lookups with a
  // string_view do not allocate.
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
};

}  // namespace modelhub::storage::internal

#endif  // MODELHUB_STORAGE_METASTORE_INTERNAL_SQLITE_CONNECTION_H_
