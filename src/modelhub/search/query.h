// CatalogQuery: a listing request (spec/hub-api.md §4) parsed from its query parameters, plus
// modelhub's own filters beyond the Hub (README.md "Search"). Parameters that are not about the
// catalogue (full, cardData, config, expand, and the Hub's ignorable ones) are left to the caller.
// Pure.
#ifndef MODELHUB_SEARCH_QUERY_H_
#define MODELHUB_SEARCH_QUERY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modelhub/core/ids.h"
#include "modelhub/core/result.h"

namespace modelhub::search {

enum class SortKey {
  kCreatedAt,
  kDownloads,
  kLikes,
  kLastModified,
  kTrending,
  kId,
  kParameters,  // safetensors parameter count (JS `num_parameters`)
  kSize,        // bytes of all files (JS `mainSize`)
};

inline constexpr size_t kDefaultPageSize = 100;
inline constexpr size_t kMaxPageSize = 1000;

// One `eval=` filter: a model-index record of `dataset` (type or name) and `metric` (type or
// name), compared by `op` (one of < <= = >= >) with `value`, optionally at `shots` few-shot.
struct EvalFilter {
  std::string dataset;
  std::string metric;
  std::string op;
  double value = 0;
  std::optional<int64_t> shots;
};

struct CatalogQuery {
  core::RepoType type = core::RepoType::kModel;
  std::vector<std::string> search;    // each a case-insensitive substring of "ns/name"
  std::optional<std::string> author;  // namespace
  std::vector<std::string> filters;   // each must be one of the repo's tags
  std::optional<std::string> pipeline_tag;
  std::optional<bool> gated;
  SortKey sort = SortKey::kCreatedAt;
  bool descending = true;
  size_t limit = kDefaultPageSize;
  std::optional<std::string> cursor;  // opaque, from a previous page's next_cursor

  // Beyond the Hub (README.md "Search").
  std::optional<int64_t> params_min, params_max;  // safetensors parameter count
  std::optional<int64_t> size_min, size_max;      // bytes of all files at main
  std::vector<EvalFilter> evals;                  // all must hold (each by some record)
  bool eval_verified = false;                     // eval filters match verified records only
  std::optional<bool> has_evals;                  // has structured model-index results
  std::optional<std::string> license_class;       // permissive, copyleft, non-commercial, ...
  std::optional<std::string> commercial;          // yes, conditional, no, unknown
  std::optional<std::string> chain_commercial;    // the same along the whole base_model chain
  std::optional<int64_t> trust_min;               // card trust score at least this (0-100)
  std::optional<std::string> descendants_of;      // base model id: descendants at any depth
  std::optional<std::string> relation;            // with descendants_of: the last hop's relation

  // Which wide index columns the caller renders; the others are not read. A listing without
  // `full` shows none of them, and a card alone can fill several overflow pages.
  struct WideColumns {
    bool card_data = true, config = true, siblings = true;
  } wide;
};

using QueryParam = std::pair<std::string, std::string>;

// Parses decoded query parameters of GET /api/{type}s. BadRequest (with a message naming the
// parameter) on a bad sort, direction, limit, boolean or a value holding a NUL byte.
core::Result<CatalogQuery> ParseCatalogQuery(core::RepoType type,
                                             const std::vector<QueryParam>& params);

}  // namespace modelhub::search

#endif  // MODELHUB_SEARCH_QUERY_H_
