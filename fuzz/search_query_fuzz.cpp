// libFuzzer target for the catalogue's query parameters: a query string as the server receives it
// (percent-decoding, `key[]`), then the search parser, then the SQL literals the engine builds
// from the parsed values. A parsed query must keep the engine's invariants: a bounded page size,
// comparison operators from the fixed set, and literals that cannot end their quotes early.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "modelhub/search/internal/sql_text.h"
#include "modelhub/search/query.h"
#include "modelhub/server/http/query.h"

namespace {

// A literal is well formed when, inside its outer quotes, every quote is doubled.
bool WellQuoted(const std::string& literal) {
  if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') return false;
  for (size_t i = 1; i + 1 < literal.size(); ++i) {
    if (literal[i] != '\'') continue;
    if (i + 2 >= literal.size() || literal[i + 1] != '\'') return false;
    ++i;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace search = modelhub::search;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto params = modelhub::server::http::QueryParams::Parse(text);
  if (!params) return 0;
  auto query = search::ParseCatalogQuery(modelhub::core::RepoType::kModel, params->pairs());
  if (!query) return 0;
  if (query->limit == 0 || query->limit > search::kMaxPageSize) __builtin_trap();
  for (const auto& filter : query->evals) {
    if (filter.op != "<" && filter.op != "<=" && filter.op != "=" && filter.op != ">=" &&
        filter.op != ">") {
      __builtin_trap();
    }
    if (!WellQuoted(search::internal::SqlString(filter.dataset))) __builtin_trap();
  }
  for (const auto& value : query->search) {
    if (!WellQuoted(search::internal::SqlContains(value))) __builtin_trap();
  }
  for (const auto& tag : query->filters) {
    if (!WellQuoted(search::internal::SqlString(tag))) __builtin_trap();
  }
  return 0;
}
