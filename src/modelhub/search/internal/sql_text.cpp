#include "modelhub/search/internal/sql_text.h"

#include <cmath>
#include <cstdio>

namespace modelhub::search::internal {

std::string SqlString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out += '\'';
  return out;
}

std::string SqlContains(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return SqlString(pattern);
}

std::string SqlInt(int64_t value) { return std::to_string(value); }

std::string SqlDouble(double value) {
  if (!std::isfinite(value)) return "0";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace modelhub::search::internal
