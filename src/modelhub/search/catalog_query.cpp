#include "modelhub/search/catalog_query.h"

#include <algorithm>

#include "modelhub/core/encoding.h"
#include "modelhub/search/internal/sql_text.h"

namespace modelhub::search {
namespace {

using core::ErrorCode;
using core::Unexpected;
using internal::SqlContains;
using internal::SqlDouble;
using internal::SqlInt;
using internal::SqlString;

// Candidate rows are read in batches and filtered by the visibility predicate in C++; a batch a
// little larger than a page keeps the common case (everything visible) to one statement.
constexpr size_t kBatchSlack = 16;

// A selective filter (tag, substring, eval, author, descendants) with at most this many matching
// repos drives the query: its candidates are sorted instead of walking the sort order.
constexpr int64_t kDrivingPostings = 5000;

// Which selective parts of a query produce its candidates (then sorted) rather than being tested
// on each repo in sort order. Decided per query by capped reads (RarestTag, CandidateList).
struct QueryPlan {
  std::string id;  // the outer table's repo id column (OuterId), which candidate sets restrict
  std::optional<std::string> driving_tag;
  // Candidate ids as an SQL list (CandidateList) for the filters that drive, nullopt for the
  // ones tested on each repo.
  std::vector<std::optional<std::string>> search_ids;  // per query.search entry
  std::vector<std::optional<std::string>> eval_ids;    // per query.evals entry
  std::optional<std::string> author_ids;
  std::optional<std::string> descendant_ids;

  bool Driven() const {
    auto any = [](const std::vector<std::optional<std::string>>& lists) {
      return std::any_of(lists.begin(), lists.end(),
                         [](const auto& ids) { return ids.has_value(); });
    };
    return driving_tag || any(search_ids) || any(eval_ids) || author_ids || descendant_ids;
  }

  // " AND <outer id> IN (<ids>)".
  std::string Restrict(const std::string& ids) const { return " AND " + id + " IN (" + ids + ")"; }
};

// The columns HitFromRow reads, with NULL for the wide ones the caller does not render.
std::string Columns(const CatalogQuery::WideColumns& wide) {
  return std::string(
             "SELECT r.id, r.namespace, r.name, r.private, r.gated, r.sdk, r.created_at, "
             "r.updated_at, r.downloads, r.likes, r.head_sha, c.sha, c.last_modified, "
             "c.pipeline_tag, c.library_name, c.tags, ") +
         (wide.card_data ? "c.card_data, " : "NULL, ") + (wide.config ? "c.config, " : "NULL, ") +
         "c.safetensors, " + (wide.siblings ? "c.siblings, " : "NULL, ") +
         "c.total_size, r.trending, r.downloads_all_time ";
}

// Sorts on catalog_rows columns, whose indexes end in repo_id.
bool IsCatalogSort(SortKey sort) {
  return sort == SortKey::kLastModified || sort == SortKey::kParameters || sort == SortKey::kSize;
}

// The join order is fixed (CROSS JOIN) rather than left to SQLite's estimates: the table whose
// index gives the sort order is outer, so a page walks that index; the other is joined by id.
std::string From(SortKey sort) {
  return IsCatalogSort(sort) ? "FROM catalog_rows c CROSS JOIN repos r ON r.id = c.repo_id "
                             : "FROM repos r CROSS JOIN catalog_rows c ON c.repo_id = r.id ";
}

// The outer table's repo id: it breaks ties (the sort's index ends in it, so the index gives the
// whole order; SQLite does not carry order across the join) and candidate sets restrict it, so
// they are looked up by rowid rather than tested on each row of the walk.
std::string OuterId(SortKey sort) { return IsCatalogSort(sort) ? "c.repo_id" : "r.id"; }

std::string SortExpression(SortKey sort) {
  switch (sort) {
    case SortKey::kDownloads:
      return "r.downloads";
    case SortKey::kLikes:
      return "r.likes";
    case SortKey::kLastModified:
      return "c.last_modified";
    case SortKey::kTrending:
      return "r.trending";
    case SortKey::kId:
      return "(r.namespace || '/' || r.name)";
    case SortKey::kParameters:
      return "COALESCE(c.parameters, 0)";
    case SortKey::kSize:
      return "c.total_size";
    case SortKey::kCreatedAt:
      break;
  }
  return "r.created_at";
}

// The sort value of a hit as stored in a cursor: a number, or the id string for sort=id.
nlohmann::json SortValue(SortKey sort, const CatalogHit& hit) {
  switch (sort) {
    case SortKey::kDownloads:
      return hit.downloads;
    case SortKey::kLikes:
      return hit.likes;
    case SortKey::kLastModified:
      return hit.last_modified;
    case SortKey::kTrending:
      return hit.trending;
    case SortKey::kId:
      return hit.ns + "/" + hit.name;
    case SortKey::kParameters:
      return hit.safetensors ? hit.safetensors->total : 0;
    case SortKey::kSize:
      return hit.used_storage;
    case SortKey::kCreatedAt:
      break;
  }
  return hit.created_at;
}

std::string EncodeCursor(SortKey sort, const CatalogHit& hit) {
  return core::HexEncode(nlohmann::json::array({SortValue(sort, hit), hit.repo_id}).dump());
}

// The keyset condition "after the cursor's row" in the query's order.
core::Result<std::string> AfterCursor(const CatalogQuery& query, const std::string& cursor) {
  auto bad = [&] { return Unexpected(ErrorCode::kBadRequest, "Invalid cursor '" + cursor + "'"); };
  auto text = core::HexDecode(cursor);
  if (!text) return bad();
  auto value = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_array() || value.size() != 2 || !value[1].is_number_integer()) return bad();
  std::string literal;
  if (query.sort == SortKey::kId) {
    if (!value[0].is_string()) return bad();
    literal = SqlString(value[0].get<std::string>());
    if (literal.find('\0') != std::string::npos) return bad();
  } else if (query.sort == SortKey::kTrending) {
    if (!value[0].is_number()) return bad();
    literal = SqlDouble(value[0].get<double>());
  } else {
    if (!value[0].is_number_integer()) return bad();
    literal = SqlInt(value[0].get<int64_t>());
  }
  std::string op = query.descending ? " < " : " > ";
  std::string sort = SortExpression(query.sort);
  std::string id = SqlInt(value[1].get<int64_t>());
  return "(" + sort + op + literal + " OR (" + sort + " = " + literal + " AND " +
         OuterId(query.sort) + op + id + "))";
}

// The repos with a model-index record satisfying `filter` (dataset matched by type or by name),
// read through the lower-cased expression indexes of catalog_evals (migration 6).
std::string EvalCandidates(const EvalFilter& filter, bool verified_only) {
  std::string dataset = "lower(" + SqlString(filter.dataset) + ")";
  std::string metric = "lower(" + SqlString(filter.metric) + ")";
  std::string rest = " AND (lower(e.metric) = " + metric + " OR lower(e.metric_name) = " + metric +
                     ") AND e.value " + filter.op + " " + SqlDouble(filter.value);
  if (filter.shots) rest += " AND e.shots = " + SqlInt(*filter.shots);
  if (verified_only) rest += " AND e.verified = 1";
  return "SELECT e.repo_id FROM catalog_evals e WHERE lower(e.dataset) = " + dataset + rest +
         " UNION SELECT e.repo_id FROM catalog_evals e WHERE lower(e.dataset_name) = " + dataset +
         rest;
}

// The same test per repo, for when the candidate set is large and walking the sort order finds a
// page sooner than sorting every candidate.
std::string EvalProbe(const EvalFilter& filter, bool verified_only) {
  std::string dataset = "lower(" + SqlString(filter.dataset) + ")";
  std::string metric = "lower(" + SqlString(filter.metric) + ")";
  std::string condition =
      " AND EXISTS (SELECT 1 FROM catalog_evals e WHERE e.repo_id = r.id AND (lower(e.dataset) = " +
      dataset + " OR lower(e.dataset_name) = " + dataset + ") AND (lower(e.metric) = " + metric +
      " OR lower(e.metric_name) = " + metric + ") AND e.value " + filter.op + " " +
      SqlDouble(filter.value);
  if (filter.shots) condition += " AND e.shots = " + SqlInt(*filter.shots);
  if (verified_only) condition += " AND e.verified = 1";
  return condition + ")";
}

// Descendants of a base model at any depth, from the base_model closure (catalog_ancestors); with
// a relation, only repos whose own link to their parent on the way has it.
std::string DescendantCandidates(const std::string& base,
                                 const std::optional<std::string>& relation) {
  std::string sql = "SELECT repo_id FROM catalog_ancestors WHERE ancestor = " + SqlString(base);
  if (relation) sql += " AND relation = " + SqlString(*relation);
  return sql;
}

// The same test per repo (through the closure's repo_id index), for a base with many descendants.
std::string DescendantProbe(const std::string& base, const std::optional<std::string>& relation) {
  std::string condition =
      " AND EXISTS (SELECT 1 FROM catalog_ancestors a WHERE a.repo_id = r.id AND a.ancestor = " +
      SqlString(base);
  if (relation) condition += " AND a.relation = " + SqlString(*relation);
  return condition + ")";
}

std::string ExtraConditions(const CatalogQuery& query, const QueryPlan& plan) {
  std::string where;
  if (query.params_min) where += " AND c.parameters >= " + SqlInt(*query.params_min);
  if (query.params_max) where += " AND c.parameters <= " + SqlInt(*query.params_max);
  if (query.size_min) where += " AND c.total_size >= " + SqlInt(*query.size_min);
  if (query.size_max) where += " AND c.total_size <= " + SqlInt(*query.size_max);
  for (size_t i = 0; i < query.evals.size(); ++i) {
    const EvalFilter& filter = query.evals[i];
    where += plan.eval_ids[i] ? plan.Restrict(*plan.eval_ids[i])
                              : EvalProbe(filter, query.eval_verified);
  }
  if (query.has_evals)
    where += *query.has_evals ? " AND c.eval_count > 0" : " AND c.eval_count = 0";
  if (query.license_class) where += " AND c.license_class = " + SqlString(*query.license_class);
  if (query.commercial) where += " AND c.commercial = " + SqlString(*query.commercial);
  if (query.chain_commercial) {
    where += " AND c.chain_commercial = " + SqlString(*query.chain_commercial);
  }
  if (query.trust_min) where += " AND c.trust_score >= " + SqlInt(*query.trust_min);
  if (query.descendants_of) {
    where += plan.descendant_ids ? plan.Restrict(*plan.descendant_ids)
                                 : DescendantProbe(*query.descendants_of, query.relation);
  }
  return where;
}

// Whether `text` can use the trigram index (repo_names): three characters or more, no LIKE
// wildcards.
bool TrigramSearchable(const std::string& text) {
  return text.size() >= 3 && text.find_first_of("%_\\") == std::string::npos;
}

std::string SearchCandidates(const std::string& text) {
  return "SELECT rowid FROM repo_names WHERE name LIKE " + SqlString("%" + text + "%");
}

// A case-insensitive substring of "ns/name": from the trigram index when it matches few repos,
// else tested on each repo the sort order walks (a common substring fills a page quickly).
std::string SearchCondition(const std::string& text, const std::optional<std::string>& ids,
                            const QueryPlan& plan) {
  if (ids) return plan.Restrict(*ids);
  return " AND lower(r.namespace || '/' || r.name) LIKE lower(" + SqlContains(text) +
         ") ESCAPE '\\'";
}

std::string AuthorCandidates(const CatalogQuery& query) {
  return "SELECT id FROM repos WHERE type = " + SqlString(core::RepoTypeName(query.type)) +
         " AND namespace = " + SqlString(*query.author);
}

// `plan.driving_tag`, when set, is one of the query's tags with few repos: the candidates are read
// from its postings (then sorted) instead of walking the sort order and testing every repo.
std::string WhereClause(const CatalogQuery& query, const QueryPlan& plan) {
  const std::optional<std::string>& driving_tag = plan.driving_tag;
  // The unary + keeps SQLite from reading repos through an index on `type` (then sorting every
  // repo of the type) where the sort's index or the candidates' rowids are the way in.
  bool type_indexed = !IsCatalogSort(query.sort) && !plan.Driven();
  std::string where = std::string(type_indexed ? "r.type = " : "+r.type = ") +
                      SqlString(core::RepoTypeName(query.type));
  if (driving_tag) {
    where += " AND " + plan.id +
             " IN (SELECT repo_id FROM catalog_tags WHERE tag = " + SqlString(*driving_tag) + ")";
  }
  for (size_t i = 0; i < query.search.size(); ++i) {
    where += SearchCondition(query.search[i], plan.search_ids[i], plan);
  }
  // A namespace with few repos gives the candidates through the (type, namespace, name) index; a
  // large one (TheBloke's 20,000) is met soon enough walking the sort order.
  if (query.author) {
    where += plan.author_ids ? plan.Restrict(*plan.author_ids)
                             : " AND r.namespace = " + SqlString(*query.author);
  }
  for (const std::string& tag : query.filters) {
    if (tag == driving_tag) continue;
    where += " AND EXISTS (SELECT 1 FROM catalog_tags t WHERE t.repo_id = r.id AND t.tag = " +
             SqlString(tag) + ")";
  }
  if (query.pipeline_tag) where += " AND c.pipeline_tag = " + SqlString(*query.pipeline_tag);
  if (query.gated) where += *query.gated ? " AND r.gated <> ''" : " AND r.gated = ''";
  return where + ExtraConditions(query, plan);
}

nlohmann::json ParseJsonColumn(const storage::Row& row, size_t column) {
  if (row.IsNull(column)) return nullptr;
  auto value = nlohmann::json::parse(row.Text(column), nullptr, /*allow_exceptions=*/false);
  return value.is_discarded() ? nlohmann::json() : value;
}

std::vector<std::string> StringList(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const auto& item : value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

CatalogHit HitFromRow(const storage::Row& row) {
  CatalogHit hit;
  hit.repo_id = row.Int(0);
  hit.ns = row.Text(1);
  hit.name = row.Text(2);
  hit.is_private = row.Int(3) != 0;
  hit.gated = row.Text(4);
  hit.sdk = row.Text(5);
  hit.created_at = row.Int(6);
  hit.updated_at = row.Int(7);
  hit.downloads = row.Int(8);
  hit.likes = row.Int(9);
  // Rows from before the catalogue (migration 5) have no sha until `admin reindex`.
  hit.sha = row.IsNull(11) ? row.Text(10) : row.Text(11);
  hit.last_modified = row.IsNull(12) ? hit.updated_at : row.Int(12);
  hit.pipeline_tag = row.OptionalText(13);
  hit.library_name = row.OptionalText(14);
  hit.tags = StringList(ParseJsonColumn(row, 15));
  hit.card_data = ParseJsonColumn(row, 16);
  hit.config = ParseJsonColumn(row, 17);
  auto safetensors = ParseJsonColumn(row, 18);
  if (safetensors.is_object() && safetensors["total"].is_number_integer() &&
      safetensors["parameters"].is_object()) {
    SafetensorsInfo info;
    info.total = safetensors["total"].get<int64_t>();
    for (const auto& [dtype, count] : safetensors["parameters"].items()) {
      if (count.is_number_integer()) info.parameters[dtype] = count.get<int64_t>();
    }
    hit.safetensors = std::move(info);
  }
  hit.siblings = StringList(ParseJsonColumn(row, 19));
  hit.used_storage = row.Int(20);
  hit.trending = row.Real(21);
  hit.downloads_all_time = row.Int(22);
  return hit;
}

// The repo ids `subquery` yields as an SQL list ("NULL" for none) when there are at most
// kDrivingPostings of them, else nullopt; reading stops there. Read once, they serve both the
// decision and the query: a trigram candidate set alone costs ~40 ms at 1M repos.
core::Result<std::optional<std::string>> CandidateList(storage::Transaction& txn,
                                                       const std::string& subquery) {
  MH_ASSIGN_OR_RETURN(auto rows, txn.Query(subquery + " LIMIT " + SqlInt(kDrivingPostings + 1)));
  if (rows.size() > static_cast<size_t>(kDrivingPostings)) return std::optional<std::string>();
  std::string list;
  for (const storage::Row& row : rows) {
    if (!list.empty()) list += ",";
    list += std::to_string(row.Int(0));
  }
  return std::optional<std::string>(list.empty() ? "NULL" : list);
}

// The filter tag with the fewest repos, when it has at most kDrivingPostings of them. Counting
// stops there, so the probe costs at most that many index entries per tag.
core::Result<std::optional<std::string>> RarestTag(storage::Transaction& txn,
                                                   const CatalogQuery& query) {
  std::optional<std::string> rarest;
  int64_t fewest = kDrivingPostings + 1;
  for (const std::string& tag : query.filters) {
    MH_ASSIGN_OR_RETURN(auto row,
                        txn.QueryOne("SELECT COUNT(*) FROM (SELECT 1 FROM catalog_tags WHERE tag = "
                                     "? LIMIT ?)",
                                     {tag, kDrivingPostings + 1}));
    int64_t count = row ? row->Int(0) : 0;
    if (count < fewest) {
      fewest = count;
      rarest = tag;
    }
  }
  return rarest;
}

}  // namespace

core::Result<CatalogPage> RunCatalogQuery(storage::Transaction& txn, const CatalogQuery& query,
                                          const VisibilityPredicate& visible) {
  CatalogQuery effective = query;
  // The pipeline tag is one of the repo's tags too; as a tag it can drive the query.
  if (query.pipeline_tag) effective.filters.push_back(*query.pipeline_tag);
  QueryPlan plan;
  plan.id = OuterId(query.sort);
  MH_ASSIGN_OR_RETURN(plan.driving_tag, RarestTag(txn, effective));
  if (query.author) {
    MH_ASSIGN_OR_RETURN(plan.author_ids, CandidateList(txn, AuthorCandidates(query)));
  }
  for (const std::string& text : query.search) {
    std::optional<std::string> ids;
    if (TrigramSearchable(text)) {
      MH_ASSIGN_OR_RETURN(ids, CandidateList(txn, SearchCandidates(text)));
    }
    plan.search_ids.push_back(std::move(ids));
  }
  for (const EvalFilter& filter : query.evals) {
    MH_ASSIGN_OR_RETURN(auto ids, CandidateList(txn, EvalCandidates(filter, query.eval_verified)));
    plan.eval_ids.push_back(std::move(ids));
  }
  if (query.descendants_of) {
    MH_ASSIGN_OR_RETURN(
        plan.descendant_ids,
        CandidateList(txn, DescendantCandidates(*query.descendants_of, query.relation)));
  }
  std::string where = WhereClause(query, plan);
  std::optional<std::string> after;
  if (query.cursor) {
    MH_ASSIGN_OR_RETURN(after, AfterCursor(query, *query.cursor));
  }
  std::string direction = query.descending ? " DESC" : " ASC";
  std::string order = " ORDER BY " + SortExpression(query.sort) + direction + ", " +
                      OuterId(query.sort) + direction;
  // With candidates, the unary + keeps the sort's index out: sorting a few thousand rows read by
  // rowid beats walking the index until they turn up.
  std::string candidate_order = plan.Driven()
                                    ? " ORDER BY +" + SortExpression(query.sort) + direction +
                                          ", +" + OuterId(query.sort) + direction
                                    : order;
  size_t batch = query.limit + kBatchSlack;

  CatalogPage page;
  std::optional<CatalogHit> extra;  // the first visible row past the page: proves a next page
  while (!extra) {
    // Ids first, then the rows: the sort (and any temporary b-tree) handles narrow keys, and the
    // wide JSON columns are read for the page's rows only.
    std::string sql = Columns(query.wide) + From(query.sort) + "WHERE " + plan.id + " IN (SELECT " +
                      plan.id + " " + From(query.sort) + "WHERE " + where +
                      (after ? " AND " + *after : "") + candidate_order + " LIMIT " +
                      SqlInt(batch) + ")" + order;
    MH_ASSIGN_OR_RETURN(auto rows, txn.Query(sql));
    for (const storage::Row& row : rows) {
      CatalogHit hit = HitFromRow(row);
      if (!visible(hit.ns, hit.name, hit.is_private)) continue;
      if (page.hits.size() < query.limit) {
        page.hits.push_back(std::move(hit));
      } else {
        extra = std::move(hit);
        break;
      }
    }
    if (extra || rows.size() < batch) break;
    MH_ASSIGN_OR_RETURN(after,
                        AfterCursor(query, EncodeCursor(query.sort, HitFromRow(rows.back()))));
  }
  if (extra && !page.hits.empty()) page.next_cursor = EncodeCursor(query.sort, page.hits.back());
  return page;
}

}  // namespace modelhub::search
