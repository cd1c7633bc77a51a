#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::storage {
namespace {

const std::string& EmptyString() {
  static const std::string empty;
  return empty;
}

}  // namespace

bool Row::IsNull(size_t column) const {
  return std::holds_alternative<std::monostate>(values_.at(column));
}

int64_t Row::Int(size_t column) const {
  const SqlValue& value = values_.at(column);
  if (const auto* integer = std::get_if<int64_t>(&value)) return *integer;
  // SQLite may hand back a REAL for an integer expression such as SUM over an empty set.
  if (const auto* real = std::get_if<double>(&value)) return static_cast<int64_t>(*real);
  return 0;
}

double Row::Real(size_t column) const {
  const SqlValue& value = values_.at(column);
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* integer = std::get_if<int64_t>(&value)) return static_cast<double>(*integer);
  return 0.0;
}

const std::string& Row::Text(size_t column) const {
  const SqlValue& value = values_.at(column);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* bytes = std::get_if<Bytes>(&value)) return bytes->data;
  return EmptyString();
}

std::optional<std::string> Row::OptionalText(size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

core::Result<std::optional<Row>> Transaction::QueryOne(std::string_view sql,
                                                       std::initializer_list<SqlValue> params) {
  MH_ASSIGN_OR_RETURN(std::vector<Row> rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

}  // namespace modelhub::storage
