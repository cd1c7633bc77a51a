#include "modelhub/storage/metastore/internal/sqlite_connection.h"

#include <cctype>
#include <string>
#include <utility>

#include <sqlite3.h>

namespace modelhub::storage::internal {
namespace {

// Callers use a fixed set of SQL texts; the bound only protects against a caller that builds SQL
// dynamically (e.g. IN lists of varying length).
constexpr size_t kMaxCachedStatements = 256;

bool IsBlank(const char* text) {
  for (; *text != '\0'; ++text) {
    if (!std::isspace(static_cast<unsigned char>(*text))) return false;
  }
  return true;
}

int Bind(sqlite3_stmt* statement, int index, const SqlValue& value) {
  // SQLITE_STATIC: the parameters outlive the statement's execution (Run resets it before return).
  struct Binder {
    sqlite3_stmt* statement;
    int index;
    int operator()(std::monostate) const { return sqlite3_bind_null(statement, index); }
    int operator()(int64_t integer) const { return sqlite3_bind_int64(statement, index, integer); }
    int operator()(double real) const { return sqlite3_bind_double(statement, index, real); }
    int operator()(const std::string& text) const {
      return sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
    }
    int operator()(const Bytes& bytes) const {
      // std::string::data() is never null, so an empty blob binds as X'' rather than NULL.
      return sqlite3_bind_blob64(statement, index, bytes.data.data(), bytes.data.size(),
                                 SQLITE_STATIC);
    }
  };
  return std::visit(Binder{statement, index}, value);
}

SqlValue Column(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
      return sqlite3_column_double(statement, column);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      return std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement, column)));
    }
    case SQLITE_BLOB: {
      const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, column));
      size_t size = static_cast<size_t>(sqlite3_column_bytes(statement, column));
      return Bytes{size == 0 ? std::string() : std::string(data, size)};
    }
    default:
      return std::monostate();
  }
}

// Resets the statement and clears its bindings on every exit path, so that a cached statement
// never holds a read lock or pointers into a caller's parameters.
class StatementGuard {
 public:
  explicit StatementGuard(sqlite3_stmt* statement) : statement_(statement) {}
  ~StatementGuard() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  StatementGuard(const StatementGuard&) = delete;
  StatementGuard& operator=(const StatementGuard&) = delete;

 private:
  sqlite3_stmt* statement_;
};

}  // namespace

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, const SqliteOptions& options) {
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is used by one thread at a time, so SQLite's own locking is overhead.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (code != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    sqlite3_close_v2(db);
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            "cannot open database " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_busy_timeout(db, kBusyTimeoutMillis);
  // synchronous=FULL: with WAL, NORMAL could lose the last commits on power loss; a commit that
  // returned must survive. Bulk loaders opt out (SqliteOptions::durable): an fsync per commit
  // bounds them to a few hundred commits per second.
  std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; ";
  pragmas += options.durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=OFF;";
  if (options.cache_mib > 0) {
    pragmas += " PRAGMA cache_size=-" + std::to_string(int64_t{options.cache_mib} * 1024) + ";";
  }
  auto status = connection->ExecScript(pragmas);
  if (!status) {
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            "cannot use database " + path + ": " + status.error().message);
  }
  std::vector<Row> rows;
  MH_RETURN_IF_ERROR(connection->Run("PRAGMA journal_mode", {}, &rows));
  if (rows.empty() || rows.front().Text(0) != "wal") {
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            "database " + path + " cannot use write-ahead logging");
  }
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

core::Error SqliteConnection::ErrorFor(int code, std::string_view context) const {
  std::string message = std::string(context) + ": " + sqlite3_errmsg(db_);
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {core::ErrorCode::kUnavailable, "database is busy (" + message + ")"};
    case SQLITE_CONSTRAINT:
      return {core::ErrorCode::kConflict, message};
    default:
      return {core::ErrorCode::kInternal, message};
  }
}

core::Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  if (auto found = statements_.find(sql); found != statements_.end()) return found->second;
  if (statements_.size() >= kMaxCachedStatements) {
    for (auto& [text, statement] : statements_) sqlite3_finalize(statement);
    statements_.clear();
  }
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement, &tail);
  if (code != SQLITE_OK) return core::Unexpected(ErrorFor(code, "prepare " + std::string(sql)));
  if (statement == nullptr) {
    return core::Unexpected(core::ErrorCode::kInternal, "empty SQL statement");
  }
  std::string rest(tail, sql.data() + sql.size() - tail);
  if (!IsBlank(rest.c_str())) {
    sqlite3_finalize(statement);
    return core::Unexpected(core::ErrorCode::kInternal,
                            "one statement expected, got more: " + std::string(sql));
  }
  statements_.emplace(std::string(sql), statement);
  return statement;
}

core::Result<int64_t> SqliteConnection::Run(std::string_view sql,
                                            std::initializer_list<SqlValue> params,
                                            std::vector<Row>* rows, bool read_only) {
  MH_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
  StatementGuard guard(statement);
  if (read_only && !sqlite3_stmt_readonly(statement)) {
    // A write inside a deferred (read) transaction would need a lock upgrade that can fail with
    // SQLITE_BUSY_SNAPSHOT; writes must use Begin(kWrite).
    return core::Unexpected(core::ErrorCode::kInternal,
                            "write statement in a read transaction: " + std::string(sql));
  }
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(statement)) {
    return core::Unexpected(
        core::ErrorCode::kInternal,
        "statement expects " + std::to_string(sqlite3_bind_parameter_count(statement)) +
            " parameters, got " + std::to_string(params.size()) + ": " + std::string(sql));
  }
  int index = 1;
  for (const SqlValue& param : params) {
    int code = Bind(statement, index++, param);
    if (code != SQLITE_OK) return core::Unexpected(ErrorFor(code, "bind"));
  }
  int columns = sqlite3_column_count(statement);
  while (true) {
    int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) return core::Unexpected(ErrorFor(code, std::string(sql)));
    if (rows == nullptr) continue;
    std::vector<SqlValue> values;
    values.reserve(static_cast<size_t>(columns));
    for (int column = 0; column < columns; ++column) values.push_back(Column(statement, column));
    rows->emplace_back(std::move(values));
  }
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

core::Status SqliteConnection::ExecScript(const std::string& sql) {
  char* error = nullptr;
  int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  if (code != SQLITE_OK) return core::Unexpected(ErrorFor(code, "exec"));
  return core::Ok();
}

int64_t SqliteConnection::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace modelhub::storage::internal
