// The lint rule groups; lint.cpp runs them in order. Each appends findings.
#ifndef MODELHUB_CARD_INTERNAL_LINT_RULES_H_
#define MODELHUB_CARD_INTERNAL_LINT_RULES_H_

#include <vector>

#include "modelhub/card/internal/report_text.h"
#include "modelhub/card/lint.h"

namespace modelhub::card::internal {

// The top-level metadata values the rules read, each nullptr when absent (or when the metadata
// is not a mapping). Found in one walk over the metadata's keys: a std::map lookup per rule was
// ~11 lookups per card, ~140 instructions each (card_bench).
struct LintKeys {
  explicit LintKeys(const nlohmann::json& metadata);

  const nlohmann::json* tags = nullptr;
  const nlohmann::json* license = nullptr;
  const nlohmann::json* language = nullptr;
  const nlohmann::json* base_model = nullptr;
  const nlohmann::json* model_index = nullptr;
  const nlohmann::json* pipeline_tag = nullptr;
  const nlohmann::json* library_name = nullptr;
  const nlohmann::json* license_name = nullptr;
  const nlohmann::json* prompt_template = nullptr;
  const nlohmann::json* co2_eq_emissions = nullptr;
  const nlohmann::json* extra_gated_prompt = nullptr;
};

void LintFrontMatter(const Card& card, std::vector<FindingData>* out);
void LintMetadata(const Card& card, const LintKeys& keys, std::vector<FindingData>* out);
void LintModelIndex(const Card& card, const LintKeys& keys, const ModelIndex& index,
                    std::vector<FindingData>* out);
void LintBody(const Card& card, const LintKeys& keys, std::vector<FindingData>* out);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_LINT_RULES_H_
