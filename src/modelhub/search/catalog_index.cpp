#include "modelhub/search/catalog_index.h"

#include <charconv>

#include "modelhub/card/model_index.h"
#include "modelhub/card/vocab.h"
#include "modelhub/search/internal/catalog_ancestry.h"
#include "modelhub/search/internal/catalog_lineage.h"

namespace modelhub::search {
namespace {

using storage::SqlValue;

SqlValue TextOrNull(const std::optional<std::string>& value) {
  if (!value) return std::monostate();
  return *value;
}

SqlValue JsonText(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Strings of a card field that may be a string or a list of strings.
std::vector<std::string> Strings(const nlohmann::json& card, const char* key) {
  std::vector<std::string> out;
  if (!card.is_object() || !card.contains(key)) return out;
  const auto& value = card[key];
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

SqlValue OptionalString(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return std::monostate();
}

// metric_value as loaded: a number, or a string such as "20.0 ± 1.2" whose leading number counts.
SqlValue MetricNumber(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::monostate();
  const std::string& text = value.get_ref<const std::string&>();
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end == text.data()) return std::monostate();
  return number;
}

// Shot counts are not a model-index field of their own; cards put them in the dataset or metric
// args as `num_few_shot` (the Open LLM Leaderboard convention).
SqlValue Shots(const card::EvalResult& result) {
  for (const nlohmann::json* args : {&result.dataset_args, &result.metric_args}) {
    if (args->is_object() && args->contains("num_few_shot") &&
        (*args)["num_few_shot"].is_number_integer()) {
      return (*args)["num_few_shot"].get<int64_t>();
    }
  }
  return std::monostate();
}

core::Status WriteEvals(storage::Transaction& txn, int64_t repo_id, const nlohmann::json& card,
                        int64_t* count) {
  *count = 0;
  if (!card.is_object()) return core::Ok();
  card::ModelIndex index = card::ParseModelIndex(card);
  for (const card::EvalResult& result : index.results) {
    MH_RETURN_IF_ERROR(txn.Execute(
        "INSERT INTO catalog_evals (repo_id, position, task, dataset, dataset_name, metric, "
        "metric_name, value, shots, verified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {repo_id, *count, OptionalString(result.task_type), OptionalString(result.dataset_type),
         OptionalString(result.dataset_name), OptionalString(result.metric_type),
         OptionalString(result.metric_name), MetricNumber(result.metric_value), Shots(result),
         int64_t{result.verified.is_boolean() && result.verified.get<bool>()}}));
    ++*count;
  }
  return core::Ok();
}

}  // namespace

namespace {

core::Status DeleteRows(storage::Transaction& txn, int64_t repo_id) {
  MH_RETURN_IF_ERROR(txn.Execute("DELETE FROM catalog_rows WHERE repo_id = ?", {repo_id}));
  MH_RETURN_IF_ERROR(txn.Execute("DELETE FROM catalog_tags WHERE repo_id = ?", {repo_id}));
  MH_RETURN_IF_ERROR(txn.Execute("DELETE FROM catalog_evals WHERE repo_id = ?", {repo_id}));
  return core::Ok();
}

// "ns/name" of a model repo, nullopt for datasets and spaces (no base_model chains there).
core::Result<std::optional<std::string>> ModelId(storage::Transaction& txn, int64_t repo_id) {
  MH_ASSIGN_OR_RETURN(auto row, txn.QueryOne("SELECT type, namespace || '/' || name FROM repos "
                                             "WHERE id = ?",
                                             {repo_id}));
  if (!row || row->Text(0) != "model") return std::optional<std::string>();
  return std::optional<std::string>(row->Text(1));
}

}  // namespace

core::Status DeleteCatalogEntry(storage::Transaction& txn, int64_t repo_id) {
  MH_ASSIGN_OR_RETURN(auto model, ModelId(txn, repo_id));
  MH_RETURN_IF_ERROR(DeleteRows(txn, repo_id));
  // Children of a vanished base now have a missing link in their chain.
  if (model) {
    MH_RETURN_IF_ERROR(internal::RefreshAncestry(txn, repo_id, *model));
    MH_RETURN_IF_ERROR(internal::RefreshDescendants(txn, *model));
  }
  return core::Ok();
}

core::Status WriteCatalogEntry(storage::Transaction& txn, int64_t repo_id, std::string_view sha,
                               int64_t last_modified, const RepoFacts& facts,
                               const std::vector<FileRef>& files) {
  MH_RETURN_IF_ERROR(DeleteRows(txn, repo_id));
  for (const std::string& tag : facts.tags) {
    MH_RETURN_IF_ERROR(
        txn.Execute("INSERT INTO catalog_tags (tag, repo_id) VALUES (?, ?)", {tag, repo_id}));
  }
  int64_t evals = 0;
  MH_RETURN_IF_ERROR(WriteEvals(txn, repo_id, facts.card_data, &evals));

  auto licenses = Strings(facts.card_data, "license");
  std::string license_class = "unknown";
  std::string commercial = "unknown";
  if (!licenses.empty()) {
    if (auto license = card::FindLicense(licenses.front())) {
      license_class = card::LicenseClassName(license->license_class);
      commercial = card::CommercialName(license->commercial);
    }
  }
  nlohmann::json languages = Strings(facts.card_data, "language");
  nlohmann::json siblings = nlohmann::json::array();
  std::vector<std::string> paths;
  paths.reserve(files.size());
  for (const FileRef& file : files) {
    siblings.push_back(file.path);
    paths.push_back(file.path);
  }
  MH_ASSIGN_OR_RETURN(auto model, ModelId(txn, repo_id));
  std::string chain_commercial = "unknown";
  if (model) {
    MH_ASSIGN_OR_RETURN(chain_commercial,
                        internal::ChainCommercial(txn, facts.card_data, *model, paths));
  }
  nlohmann::json safetensors = nullptr;
  SqlValue parameters = std::monostate();
  if (facts.safetensors) {
    safetensors = {{"parameters", facts.safetensors->parameters},
                   {"total", facts.safetensors->total}};
    parameters = facts.safetensors->total;
  }
  MH_RETURN_IF_ERROR(txn.Execute(
      "INSERT INTO catalog_rows (repo_id, sha, last_modified, pipeline_tag, library_name, "
      "license, license_class, commercial, languages, tags, card_data, card_error, config, "
      "safetensors, siblings, parameters, total_size, eval_count, trust_score, chain_commercial) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {repo_id,
       std::string(sha),
       last_modified,
       TextOrNull(facts.pipeline_tag),
       TextOrNull(facts.library_name),
       licenses.empty() ? SqlValue() : SqlValue(licenses.front()),
       license_class,
       commercial,
       JsonText(languages),
       JsonText(facts.tags),
       JsonText(facts.card_data),
       facts.card_error,
       JsonText(facts.config),
       JsonText(safetensors),
       JsonText(siblings),
       parameters,
       facts.used_storage,
       evals,
       facts.trust_score ? SqlValue(int64_t{*facts.trust_score}) : SqlValue(),
       chain_commercial}));
  // This card may be an ancestor of models indexed before it, or its license or base_model links
  // may have changed.
  if (model) {
    MH_RETURN_IF_ERROR(internal::RefreshAncestry(txn, repo_id, *model));
    MH_RETURN_IF_ERROR(internal::RefreshDescendants(txn, *model));
  }
  return core::Ok();
}

}  // namespace modelhub::search
