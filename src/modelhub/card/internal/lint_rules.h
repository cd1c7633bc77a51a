// The lint rule groups; lint.cpp runs them in order. Each appends findings.
#ifndef MODELHUB_CARD_INTERNAL_LINT_RULES_H_
#define MODELHUB_CARD_INTERNAL_LINT_RULES_H_

#include <vector>

#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/report_text.h"
#include "modelhub/card/lint.h"

namespace modelhub::card::internal {

void LintFrontMatter(const Card& card, std::vector<FindingData>* out);
void LintMetadata(const Card& card, const TopLevelKeys& keys, std::vector<FindingData>* out);
void LintModelIndex(const Card& card, const TopLevelKeys& keys, const ModelIndex& index,
                    std::vector<FindingData>* out);
void LintBody(const Card& card, const TopLevelKeys& keys, std::vector<FindingData>* out);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_LINT_RULES_H_
