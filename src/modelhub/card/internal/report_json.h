// The parts of the inspect report written straight to JSON text, each byte-identical to the
// dump of its nlohmann counterpart (SectionsToJson, EvalResultToJson, FindingsToJson,
// TrustToJson, LineageToJson); inspect_test.cpp checks the whole report on the corpus.
#ifndef MODELHUB_CARD_INTERNAL_REPORT_JSON_H_
#define MODELHUB_CARD_INTERNAL_REPORT_JSON_H_

#include <vector>

#include "modelhub/card/internal/json_writer.h"
#include "modelhub/card/internal/report_text.h"
#include "modelhub/card/lineage.h"
#include "modelhub/card/lint.h"
#include "modelhub/card/model_card.h"
#include "modelhub/card/model_index.h"
#include "modelhub/card/trust.h"

namespace modelhub::card::internal {

void WriteSections(const Card& card, JsonWriter* w);
void WriteEvalResult(const EvalResult& r, JsonWriter* w);
void WriteFindings(const std::vector<FindingData>& findings, JsonWriter* w);
void WriteTrust(const TrustData& report, JsonWriter* w);
void WriteLineage(const Lineage& lineage, JsonWriter* w);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_REPORT_JSON_H_
