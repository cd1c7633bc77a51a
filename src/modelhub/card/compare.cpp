#include "modelhub/card/compare.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "modelhub/card/internal/text.h"

namespace modelhub::card {
namespace {

using nlohmann::json;

std::string Text(const json& v) {
  if (v.is_null()) return "";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// Known benchmarks: any alias found in dataset type or name maps to the id. Longer, more
// specific aliases come first ("arc_easy" before "arc").
const std::vector<std::pair<std::string_view, std::string_view>>& Aliases() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kAliases = {
      {"mmlu-pro", "mmlu_pro"},
      {"mmlu_pro", "mmlu_pro"},
      {"hendrycks_test", "mmlu"},
      {"mmlu", "mmlu"},
      {"arc-easy", "arc_easy"},
      {"arc_easy", "arc_easy"},
      {"ai2 reasoning challenge", "arc_challenge"},
      {"arc-challenge", "arc_challenge"},
      {"arc_challenge", "arc_challenge"},
      {"ai2_arc", "arc_challenge"},
      {"hellaswag", "hellaswag"},
      {"winogrande", "winogrande"},
      {"gsm8k", "gsm8k"},
      {"truthful_qa", "truthfulqa"},
      {"truthfulqa", "truthfulqa"},
      {"mt-bench", "mt_bench"},
      {"mt_bench", "mt_bench"},
      {"humaneval", "humaneval"},
      {"ifeval", "ifeval"},
      {"bbh", "bbh"},
      {"gpqa", "gpqa"},
      {"math", "math"},
      {"common_voice", "common_voice"},
      {"librispeech", "librispeech"},
      {"glue", "glue"},
      {"squad_v2", "squad_v2"},
      {"squad", "squad"},
      {"imdb", "imdb"},
      {"wikitext", "wikitext"},
      {"conll2003", "conll2003"},
      {"xnli", "xnli"},
  };
  return kAliases;
}

std::string Shots(const EvalResult& r) {
  if (r.dataset_args.is_object() && r.dataset_args.contains("num_few_shot")) {
    return Text(r.dataset_args["num_few_shot"]);
  }
  // "(25-Shot)" in the dataset or metric name.
  for (const json* v : {&r.dataset_name, &r.metric_name}) {
    const std::string t = internal::ToLower(Text(*v));
    const size_t at = t.find("-shot");
    if (at == std::string::npos) continue;
    size_t start = at;
    while (start > 0 && std::isdigit(static_cast<unsigned char>(t[start - 1]))) --start;
    if (start < at) return t.substr(start, at - start);
    if (t.compare(0, at, "zero") == 0 || (at >= 4 && t.compare(at - 4, 4, "zero") == 0)) {
      return "0";
    }
  }
  return "";
}

}  // namespace

std::string BenchmarkId(const EvalResult& r) {
  const std::string type = internal::ToLower(Text(r.dataset_type));
  const std::string name = internal::ToLower(Text(r.dataset_name));
  const std::string config = internal::ToLower(Text(r.dataset_config));
  for (const auto& [alias, id] : Aliases()) {
    if (type.find(alias) != std::string::npos || name.find(alias) != std::string::npos) {
      if (id == "arc_challenge" &&
          (config.find("easy") != std::string::npos || name.find("easy") != std::string::npos)) {
        return "arc_easy";
      }
      return std::string(id);
    }
  }
  std::string id = type.empty() ? name : type;
  const size_t slash = id.rfind('/');
  if (slash != std::string::npos) id = id.substr(slash + 1);
  if (!config.empty()) id += ":" + config;
  return id;
}

CompareTable CompareResults(const std::vector<CompareColumn>& columns) {
  CompareTable table;
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, size_t> row_of;
  for (size_t c = 0; c < columns.size(); ++c) {
    table.columns.push_back(columns[c].name);
    for (const EvalResult& r : columns[c].results) {
      Key key{BenchmarkId(r), internal::ToLower(Text(r.metric_type)),
              internal::ToLower(Text(r.dataset_split)), Shots(r)};
      auto [it, inserted] = row_of.emplace(key, table.rows.size());
      if (inserted) {
        CompareRow row;
        std::tie(row.benchmark, row.metric, row.split, row.shots) = key;
        row.cells.assign(columns.size(), nullptr);
        row.verified.assign(columns.size(), false);
        table.rows.push_back(std::move(row));
      }
      CompareRow& row = table.rows[it->second];
      if (row.cells[c].is_null()) {
        row.cells[c] = r.metric_value;
        row.verified[c] = r.verify_token.is_string();
      }
    }
  }
  std::stable_sort(table.rows.begin(), table.rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.benchmark, a.metric) < std::tie(b.benchmark, b.metric);
  });
  // Same benchmark and metric measured differently: say so on each such row.
  for (size_t i = 0; i < table.rows.size(); ++i) {
    for (size_t j = 0; j < table.rows.size(); ++j) {
      const CompareRow& a = table.rows[i];
      const CompareRow& b = table.rows[j];
      if (i == j || a.benchmark != b.benchmark || a.metric != b.metric) continue;
      std::string diff;
      if (a.split != b.split) diff += "split '" + b.split + "'";
      if (a.shots != b.shots)
        diff += std::string(diff.empty() ? "" : ", ") + "shots '" + b.shots + "'";
      table.rows[i].note += (table.rows[i].note.empty() ? "not comparable with row " : "; row ") +
                            std::to_string(j + 1) + " (" + diff + ")";
    }
  }
  return table;
}

json CompareToJson(const CompareTable& table) {
  json rows = json::array();
  for (const CompareRow& r : table.rows) {
    rows.push_back({{"benchmark", r.benchmark},
                    {"metric", r.metric},
                    {"split", r.split.empty() ? json(nullptr) : json(r.split)},
                    {"shots", r.shots.empty() ? json(nullptr) : json(r.shots)},
                    {"values", r.cells},
                    {"verified", r.verified},
                    {"note", r.note.empty() ? json(nullptr) : json(r.note)}});
  }
  return {{"columns", table.columns}, {"rows", rows}};
}

std::string CompareToMarkdown(const CompareTable& table) {
  std::string out = "| benchmark | metric | split | shots |";
  for (const std::string& c : table.columns) out += " " + c + " |";
  out += " note |\n|---|---|---|---|";
  for (size_t i = 0; i < table.columns.size(); ++i) out += "---|";
  out += "---|\n";
  for (const CompareRow& r : table.rows) {
    out += "| " + r.benchmark + " | " + r.metric + " | " + (r.split.empty() ? "?" : r.split) +
           " | " + (r.shots.empty() ? "?" : r.shots) + " |";
    for (size_t c = 0; c < r.cells.size(); ++c) {
      out += " " + (r.cells[c].is_null() ? std::string("—") : Text(r.cells[c])) +
             (r.verified[c] ? " ✓" : "") + " |";
    }
    out += " " + (r.note.empty() ? std::string() : "⚠ " + r.note) + " |\n";
  }
  return out;
}

}  // namespace modelhub::card
