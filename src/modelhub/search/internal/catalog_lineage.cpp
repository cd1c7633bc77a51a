#include "modelhub/search/internal/catalog_lineage.h"

#include <deque>
#include <optional>
#include <set>

#include "modelhub/card/lineage.h"

namespace modelhub::search::internal {
namespace {

// card::CardResolver over catalog_rows. JSON is YAML, so the indexed card_data is handed back as
// a front matter block. A metastore failure is kept and reported after the walk.
class CatalogCardResolver : public card::CardResolver {
 public:
  explicit CatalogCardResolver(storage::Transaction& txn) : txn_(txn) {}

  std::optional<std::string> CardText(std::string_view repo_id) override {
    size_t slash = repo_id.find('/');
    if (slash == std::string_view::npos || !error_.empty()) return std::nullopt;
    auto row = txn_.QueryOne(
        "SELECT c.card_data FROM repos r JOIN catalog_rows c ON c.repo_id = r.id "
        "WHERE r.type = 'model' AND r.namespace = ? AND r.name = ?",
        {std::string(repo_id.substr(0, slash)), std::string(repo_id.substr(slash + 1))});
    if (!row) {
      error_ = row.error().message;
      return std::nullopt;
    }
    if (!*row || (*row)->Text(0) == "null") return std::nullopt;
    return "---\n" + (*row)->Text(0) + "\n---\n";
  }

  const std::string& error() const { return error_; }

 private:
  storage::Transaction& txn_;
  std::string error_;
};

std::vector<std::string> StringArray(const std::string& json_text) {
  std::vector<std::string> out;
  auto value = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_array()) return out;
  for (const auto& item : value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

core::Result<std::string> ChainCommercial(storage::Transaction& txn,
                                          const nlohmann::json& card_data, const std::string& self,
                                          const std::vector<std::string>& paths) {
  if (!card_data.is_object()) return std::string("unknown");
  CatalogCardResolver resolver(txn);
  card::Lineage lineage = card::TraceLineage(card_data, self, &resolver, paths);
  if (!resolver.error().empty()) {
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            "license verdict of " + self + ": " + resolver.error());
  }
  return lineage.commercial_use.empty() ? std::string("unknown") : lineage.commercial_use;
}

core::Status RefreshDescendants(storage::Transaction& txn, const std::string& self) {
  std::deque<std::string> queue = {self};
  std::set<std::string> seen = {self};
  while (!queue.empty()) {
    std::string parent = std::move(queue.front());
    queue.pop_front();
    MH_ASSIGN_OR_RETURN(
        auto children,
        txn.Query("SELECT r.id, r.namespace || '/' || r.name, c.card_data, c.siblings, "
                  "c.chain_commercial FROM catalog_tags t CROSS JOIN repos r ON r.id = t.repo_id "
                  "CROSS JOIN catalog_rows c ON c.repo_id = r.id "
                  "WHERE t.tag = ? AND r.type = 'model'",
                  {"base_model:" + parent}));
    for (const storage::Row& child : children) {
      std::string id = child.Text(1);
      if (!seen.insert(id).second) continue;
      auto card_data = nlohmann::json::parse(child.Text(2), nullptr, /*allow_exceptions=*/false);
      MH_ASSIGN_OR_RETURN(std::string verdict,
                          ChainCommercial(txn, card_data, id, StringArray(child.Text(3))));
      if (verdict == child.Text(4)) continue;
      MH_RETURN_IF_ERROR(
          txn.Execute("UPDATE catalog_rows SET chain_commercial = ? WHERE repo_id = ?",
                      {verdict, child.Int(0)}));
      queue.push_back(std::move(id));
    }
  }
  return core::Ok();
}

}  // namespace modelhub::search::internal
