// model-index -> flat evaluation records, exactly as huggingface_hub's
// model_index_to_eval_results (repocard_data.py) and ModelCardData do it: the same fields, the
// same required keys, the same failures (spec/model-cards.md section 3.2). Pure.
#ifndef MODELHUB_CARD_MODEL_INDEX_H_
#define MODELHUB_CARD_MODEL_INDEX_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace modelhub::card {

// huggingface_hub's EvalResult; each field holds the YAML value as loaded (null when absent),
// since Python does not check types: metric_value may be a number or a string like "20.0 ± 1.2".
struct EvalResult {
  nlohmann::json task_type, task_name;
  nlohmann::json dataset_type, dataset_name, dataset_config, dataset_split, dataset_revision,
      dataset_args;
  nlohmann::json metric_type, metric_value, metric_name, metric_config, metric_args;
  nlohmann::json verified, verify_token;
  nlohmann::json source_name, source_url;
  int result_index = 0;  // position of the source result within its model-index element
  int metric_index = 0;
};

// The 17 fields, in the order the issue and EvalResult list them.
nlohmann::json EvalResultToJson(const EvalResult& result);

struct ModelIndex {
  bool present = false;             // `model-index` is truthy (huggingface_hub skips [] and null)
  nlohmann::json model_name;        // `name` of the last element, null when none
  std::vector<EvalResult> results;  // empty when `error` is set, as in huggingface_hub
  // The Python exception the conversion raises: "KeyError", "TypeError" (both turned into
  // ValueError("Invalid model_index ...") unless ignore_metadata_errors), "AttributeError"
  // (`source` not a mapping) or "ValueError" (source.name without source.url); "" when valid.
  std::string error_kind;
  std::string error;  // e.g. "KeyError: 'dataset' in model-index[0].results[0]"
};

ModelIndex ParseModelIndex(const nlohmann::json& metadata);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_MODEL_INDEX_H_
