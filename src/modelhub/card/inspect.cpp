#include "modelhub/card/inspect.h"

#include "modelhub/card/lint.h"
#include "modelhub/card/model_index.h"

namespace modelhub::card {

nlohmann::json InspectCard(std::string_view text, const InspectOptions& options) {
  Card card;
  ParseCard(text, &card, options.kind);
  const ModelIndex index = ParseModelIndex(card.metadata);
  nlohmann::json eval_results = nlohmann::json::array();
  for (const EvalResult& r : index.results) eval_results.push_back(EvalResultToJson(r));
  nlohmann::json errors = nlohmann::json::array();
  if (card.yaml_error) {
    errors.push_back({{"kind", card.yaml_error->kind},
                      {"message", card.yaml_error->message},
                      {"line", card.yaml_error->line},
                      {"column", card.yaml_error->column}});
  }
  if (card.metadata_not_mapping) {
    errors.push_back({{"kind", "ValueError"},
                      {"message", "repo card metadata block should be a dict"},
                      {"line", card.front.yaml_line},
                      {"column", 1}});
  }
  const Lineage lineage =
      TraceLineage(card.metadata, options.repo_id, options.resolver, options.repo_files);
  return {
      {"kind", CardKindName(card.kind)},
      {"front_matter",
       {{"present", card.front.present},
        {"bom", card.front.had_bom},
        {"yaml_line", card.front.yaml_line},
        {"body_line", card.front.body_line}}},
      {"metadata", card.metadata},
      {"errors", errors},
      {"model_name", index.model_name},
      {"eval_results", eval_results},
      {"eval_results_error",
       index.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(index.error)},
      {"sections", SectionsToJson(card)},
      {"lint", FindingsToJson(Lint(card, index))},
      {"trust", TrustToJson(AssessTrust(card, index, options.history))},
      {"lineage", LineageToJson(lineage)},
  };
}

}  // namespace modelhub::card
