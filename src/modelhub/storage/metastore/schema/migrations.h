// The metastore's schema, as an ordered list of migrations. A migration once released is never
// edited; changes go in a new one. Each engine applies those it has not recorded yet, each in its
// own transaction, and records them in `schema_migrations`.
#ifndef MODELHUB_STORAGE_METASTORE_SCHEMA_MIGRATIONS_H_
#define MODELHUB_STORAGE_METASTORE_SCHEMA_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace modelhub::storage::schema {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // portable SQL (SQLite and PostgreSQL), statements separated by ';'
};

std::span<const Migration> Migrations();

}  // namespace modelhub::storage::schema

#endif  // MODELHUB_STORAGE_METASTORE_SCHEMA_MIGRATIONS_H_
