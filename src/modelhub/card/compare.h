// Side-by-side evaluation tables from several cards' model-index results. A row is one way of
// measuring: benchmark identity (dataset type/name through an alias table), metric, split and
// shot count. Numbers share a row only when measured the same way; rows of the same benchmark
// and metric that differ in split or shots are flagged instead of being lined up. Pure.
#ifndef MODELHUB_CARD_COMPARE_H_
#define MODELHUB_CARD_COMPARE_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/card/model_index.h"

namespace modelhub::card {

struct CompareColumn {
  std::string name;  // the card's label (file name or model name)
  std::vector<EvalResult> results;
};

struct CompareRow {
  std::string benchmark;  // canonical id, e.g. "mmlu", "arc_challenge"
  std::string metric;
  std::string split;                  // "" when not stated
  std::string shots;                  // "" when not stated
  std::vector<nlohmann::json> cells;  // one per column; null when the card has no such number
  std::vector<bool> verified;
  std::string note;  // e.g. "also measured with shots 25 (row 3)"
};

struct CompareTable {
  std::vector<std::string> columns;
  std::vector<CompareRow> rows;
};

// Canonical benchmark id for a result ("cais/mmlu", "MMLU (5-Shot)" -> "mmlu").
std::string BenchmarkId(const EvalResult& result);

CompareTable CompareResults(const std::vector<CompareColumn>& columns);
nlohmann::json CompareToJson(const CompareTable& table);
std::string CompareToMarkdown(const CompareTable& table);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_COMPARE_H_
