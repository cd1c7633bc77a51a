// Writes a new card from the Hub's canonical template (huggingface_hub modelcard_template.md
// headings, spec/model-cards.md section 6.1) with the metadata filled in and, when evaluation
// results are given, model-index scaffolding. The output passes Lint without errors. Pure.
#ifndef MODELHUB_CARD_WRITER_H_
#define MODELHUB_CARD_WRITER_H_

#include <string>
#include <vector>

#include "modelhub/core/result.h"

namespace modelhub::card {

struct NewEval {
  std::string task_type;     // defaults to the card's pipeline_tag
  std::string dataset_type;  // e.g. "cais/mmlu"
  std::string dataset_name;  // defaults to dataset_type
  std::string split;         // may be empty
  std::string metric_type;   // e.g. "accuracy"
  double value = 0;
  int shots = -1;  // num_few_shot, -1 when not stated
};

struct NewCard {
  std::string model_id;                    // "org/name"; the title
  std::string license;                     // required: an id from the license vocabulary
  std::string license_name, license_link;  // for license "other"
  std::string pipeline_tag;
  std::string library_name;
  std::vector<std::string> base_models;
  std::string base_model_relation;
  std::vector<std::string> languages;
  std::vector<std::string> datasets;
  std::vector<std::string> tags;
  std::vector<NewEval> evals;
};

// Parses "dataset:metric=value[@split][#shots]" as given to `card new --eval`.
core::Result<NewEval> ParseEvalSpec(std::string_view spec);

// The card text; an error when the license, pipeline tag or library is not in the vocabulary.
core::Result<std::string> WriteCard(const NewCard& card);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_WRITER_H_
