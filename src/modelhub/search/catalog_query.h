// The query engine over the catalogue index: runs a CatalogQuery against catalog_rows joined with
// the repos rows, with keyset (cursor) pagination on (sort value, repo id) so that deep pages cost
// the same as the first and stay stable while repos change.
//
// Visibility is not decided here: `visible` is the caller's one predicate (hub/caller.h CanRead),
// applied to every candidate row, so the search module holds no second copy of the access rule.
#ifndef MODELHUB_SEARCH_CATALOG_QUERY_H_
#define MODELHUB_SEARCH_CATALOG_QUERY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/core/result.h"
#include "modelhub/search/query.h"
#include "modelhub/search/safetensors.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::search {

// One listed repo: its repos row and its index row (defaults when it has none yet).
struct CatalogHit {
  int64_t repo_id = 0;
  std::string ns, name;
  bool is_private = false;
  std::string gated, sdk;
  int64_t created_at = 0, updated_at = 0, last_modified = 0;  // ms
  int64_t downloads = 0, downloads_all_time = 0, likes = 0;
  double trending = 0;
  std::string sha;
  std::vector<std::string> tags;
  std::optional<std::string> pipeline_tag, library_name;
  nlohmann::json card_data, config;  // null when absent
  std::optional<SafetensorsInfo> safetensors;
  std::vector<std::string> siblings;  // file paths
  int64_t used_storage = 0;
};

struct CatalogPage {
  std::vector<CatalogHit> hits;
  std::optional<std::string> next_cursor;
};

// May the caller see a repo of namespace `ns` with this privacy?
using VisibilityPredicate =
    std::function<bool(const std::string& ns, const std::string& name, bool is_private)>;

// One page of `query`'s results that `visible` admits. BadRequest for a malformed cursor.
core::Result<CatalogPage> RunCatalogQuery(storage::Transaction& txn, const CatalogQuery& query,
                                          const VisibilityPredicate& visible);

}  // namespace modelhub::search

#endif  // MODELHUB_SEARCH_CATALOG_QUERY_H_
