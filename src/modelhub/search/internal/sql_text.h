// SQL literals for the query engine's dynamic WHERE clauses. The metastore takes a fixed
// initializer list of parameters, while a listing has any number of filters, so values are
// written as literals: strings single-quoted with quotes doubled (standard SQL, the same in
// SQLite and PostgreSQL with standard_conforming_strings); the parser rejects NUL bytes.
#ifndef MODELHUB_SEARCH_INTERNAL_SQL_TEXT_H_
#define MODELHUB_SEARCH_INTERNAL_SQL_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace modelhub::search::internal {

// 'text' with every ' doubled.
std::string SqlString(std::string_view text);

// A LIKE pattern matching `text` anywhere, with %, _ and \ escaped (use with ESCAPE '\').
std::string SqlContains(std::string_view text);

std::string SqlInt(int64_t value);
// Round-trips exactly (17 significant digits), so a cursor's value compares equal to the row's.
std::string SqlDouble(double value);

}  // namespace modelhub::search::internal

#endif  // MODELHUB_SEARCH_INTERNAL_SQL_TEXT_H_
