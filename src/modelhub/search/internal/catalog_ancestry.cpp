#include "modelhub/search/internal/catalog_ancestry.h"

#include <deque>
#include <iterator>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace modelhub::search::internal {
namespace {

// (ancestor, relation) rows of one model.
using Ancestry = std::set<std::pair<std::string, std::string>>;

constexpr std::string_view kBaseModelPrefix = "base_model:";

// The parents of `repo_id` with the relation of each link, from its
// `base_model:<relation>:<parent>` tags (repo names cannot hold ':', so a second colon marks the
// relation form).
core::Result<std::vector<std::pair<std::string, std::string>>> Links(storage::Transaction& txn,
                                                                     int64_t repo_id) {
  MH_ASSIGN_OR_RETURN(auto rows, txn.Query("SELECT tag FROM catalog_tags WHERE repo_id = ? AND "
                                           "tag > 'base_model:' AND tag < 'base_model;'",
                                           {repo_id}));
  std::vector<std::pair<std::string, std::string>> links;  // (parent, relation)
  for (const storage::Row& row : rows) {
    std::string_view rest = std::string_view(row.Text(0)).substr(kBaseModelPrefix.size());
    size_t colon = rest.find(':');
    if (colon == std::string_view::npos) continue;
    links.emplace_back(std::string(rest.substr(colon + 1)), std::string(rest.substr(0, colon)));
  }
  return links;
}

core::Result<Ancestry> Compute(storage::Transaction& txn, int64_t repo_id) {
  MH_ASSIGN_OR_RETURN(auto links, Links(txn, repo_id));
  Ancestry ancestry;
  for (const auto& [parent, relation] : links) {
    ancestry.emplace(parent, relation);
    size_t slash = parent.find('/');
    if (slash == std::string::npos) continue;  // a name without namespace is no repo here
    MH_ASSIGN_OR_RETURN(
        auto rows,
        txn.Query("SELECT DISTINCT a.ancestor FROM repos m CROSS JOIN catalog_ancestors a "
                  "ON a.repo_id = m.id WHERE m.type = 'model' AND m.namespace = ? AND m.name = ?",
                  {parent.substr(0, slash), parent.substr(slash + 1)}));
    for (const storage::Row& row : rows) ancestry.emplace(row.Text(0), relation);
  }
  return ancestry;
}

core::Result<Ancestry> Stored(storage::Transaction& txn, int64_t repo_id) {
  MH_ASSIGN_OR_RETURN(
      auto rows,
      txn.Query("SELECT ancestor, relation FROM catalog_ancestors WHERE repo_id = ?", {repo_id}));
  Ancestry ancestry;
  for (const storage::Row& row : rows) ancestry.emplace(row.Text(0), row.Text(1));
  return ancestry;
}

core::Status Store(storage::Transaction& txn, int64_t repo_id, const Ancestry& ancestry) {
  MH_RETURN_IF_ERROR(txn.Execute("DELETE FROM catalog_ancestors WHERE repo_id = ?", {repo_id}));
  for (const auto& [ancestor, relation] : ancestry) {
    MH_RETURN_IF_ERROR(
        txn.Execute("INSERT INTO catalog_ancestors (ancestor, relation, repo_id) VALUES (?, ?, ?)",
                    {ancestor, relation, repo_id}));
  }
  return core::Ok();
}

struct Model {
  int64_t id;
  std::string name;
};

core::Result<std::vector<Model>> Children(storage::Transaction& txn, const std::string& parent) {
  MH_ASSIGN_OR_RETURN(auto rows,
                      txn.Query("SELECT m.id, m.namespace || '/' || m.name FROM catalog_tags t "
                                "CROSS JOIN repos m ON m.id = t.repo_id "
                                "WHERE t.tag = ? AND m.type = 'model'",
                                {std::string(kBaseModelPrefix) + parent}));
  std::vector<Model> children;
  for (const storage::Row& row : rows) children.push_back({row.Int(0), row.Text(1)});
  return children;
}

}  // namespace

core::Status RefreshAncestry(storage::Transaction& txn, int64_t repo_id, const std::string& self) {
  MH_ASSIGN_OR_RETURN(Ancestry fresh, Compute(txn, repo_id));
  MH_ASSIGN_OR_RETURN(Ancestry stored, Stored(txn, repo_id));
  // The common case: a commit that leaves the model's base_model links (and so its subtree) as
  // they were.
  if (fresh == stored) return core::Ok();

  // The least fixed point from empty rows: clear the subtree, then recompute from `self` down,
  // revisiting a model whenever one of its parents' ancestry grew. (Every child links to `self`,
  // so none is left empty.)
  MH_RETURN_IF_ERROR(
      txn.Execute("DELETE FROM catalog_ancestors WHERE repo_id IN (SELECT repo_id "
                  "FROM catalog_ancestors WHERE ancestor = ?) OR repo_id = ?",
                  {self, repo_id}));
  // Recomputed after the clearing: inside a cycle, `fresh` read this subtree's old rows.
  MH_ASSIGN_OR_RETURN(Ancestry root, Compute(txn, repo_id));
  MH_RETURN_IF_ERROR(Store(txn, repo_id, root));
  MH_ASSIGN_OR_RETURN(auto children, Children(txn, self));
  std::deque<Model> queue(std::make_move_iterator(children.begin()),
                          std::make_move_iterator(children.end()));
  while (!queue.empty()) {
    Model model = std::move(queue.front());
    queue.pop_front();
    MH_ASSIGN_OR_RETURN(Ancestry computed, Compute(txn, model.id));
    MH_ASSIGN_OR_RETURN(Ancestry current, Stored(txn, model.id));
    if (computed == current) continue;
    MH_RETURN_IF_ERROR(Store(txn, model.id, computed));
    MH_ASSIGN_OR_RETURN(auto grandchildren, Children(txn, model.name));
    for (Model& child : grandchildren) queue.push_back(std::move(child));
  }
  return core::Ok();
}

}  // namespace modelhub::search::internal
