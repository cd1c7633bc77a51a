#include "modelhub/card/trust.h"

#include <algorithm>
#include <cmath>

#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/text.h"

namespace modelhub::card {
namespace {

using internal::ContainsIgnoreCase;
using internal::Excerpt;
using internal::FindInBody;

Evidence LineEvidence(const Card& card, int line) {
  const int index = line - card.front.body_line;
  if (index >= 0 && index < static_cast<int>(card.body_lines.size())) {
    return {line, Excerpt(card.body_lines[index])};
  }
  return {line, ""};
}

TrustSignal Signal(std::string id, int max_points) {
  TrustSignal s;
  s.id = std::move(id);
  s.max_points = max_points;
  return s;
}

std::string Lower(const nlohmann::json& v) {
  if (v.is_string()) return internal::ToLower(v.get_ref<const std::string&>());
  return internal::ToLower(v.dump());
}

TrustSignal ModelIndexSignal(const Card& card, const ModelIndex& index) {
  TrustSignal s = Signal("model-index", 15);
  const int line = card.KeyLine("model-index");
  if (index.present && index.error_kind.empty() && !index.results.empty()) {
    s.points = 15;
    s.finding = std::to_string(index.results.size()) + " structured result(s)";
  } else if (!index.error_kind.empty()) {
    s.finding = "model-index present but unreadable: " + index.error;
  } else {
    s.finding = "no structured evaluation results";
  }
  if (line) s.evidence.push_back({line, "model-index"});
  return s;
}

TrustSignal EvalConfigSignal(const Card& card, const ModelIndex& index) {
  TrustSignal s = Signal("eval-config", 10);
  for (const EvalResult& r : index.results) {
    const bool shots = r.dataset_args.is_object() && r.dataset_args.contains("num_few_shot");
    const bool named_shots = ContainsIgnoreCase(Lower(r.metric_name), "shot") ||
                             ContainsIgnoreCase(Lower(r.dataset_name), "shot");
    if (!r.dataset_split.is_null() || shots || named_shots) {
      s.points = 10;
      s.finding = "results state their split or shot count";
      s.evidence.push_back({card.KeyLine("model-index"), Excerpt(EvalResultToJson(r).dump())});
      return s;
    }
  }
  for (std::string_view needle : {"lm-evaluation-harness", "lm_eval", "-shot", " shot", "few-shot",
                                  "zero-shot", "test split", "evaluated on the test"}) {
    if (const int line = FindInBody(card, needle)) {
      s.points = 10;
      s.finding = "the text states the evaluation setup";
      s.evidence.push_back(LineEvidence(card, line));
      return s;
    }
  }
  s.finding = "no split, shot count or harness stated";
  return s;
}

TrustSignal VerifiedSignal(const Card& card, const ModelIndex& index) {
  TrustSignal s = Signal("verified", 10);
  const auto verified =
      std::count_if(index.results.begin(), index.results.end(),
                    [](const EvalResult& r) { return r.verify_token.is_string(); });
  if (verified > 0) {
    s.points = 10;
    s.finding = std::to_string(verified) + " result(s) verified by the Hub";
    s.evidence.push_back({card.KeyLine("model-index"), "verifyToken"});
  } else {
    s.finding = index.results.empty() ? "no results" : "self-reported results only";
  }
  return s;
}

bool IsMtBench(const EvalResult& r) {
  const std::string all = Lower(r.dataset_type) + " " + Lower(r.dataset_name) + " " +
                          Lower(r.metric_type) + " " + Lower(r.metric_name);
  return all.find("mt-bench") != std::string::npos || all.find("mt_bench") != std::string::npos ||
         all.find("mtbench") != std::string::npos;
}

TrustSignal BreadthSignal(const ModelIndex& index) {
  TrustSignal s = Signal("benchmark-breadth", 5);
  if (index.results.empty()) {
    s.finding = "no results";
  } else if (std::all_of(index.results.begin(), index.results.end(), IsMtBench)) {
    s.finding = "MT-Bench is the only benchmark reported";
  } else {
    s.points = 5;
    s.finding = "results beyond MT-Bench";
  }
  return s;
}

// Rough ceilings for MMLU-style accuracy by size class; far above means "check this".
double MmluCeiling(double billions) {
  if (billions <= 3) return 65;
  if (billions <= 8) return 75;
  if (billions <= 15) return 80;
  if (billions <= 40) return 86;
  return 95;
}

TrustSignal PlausibleSignal(const Card& card, const ModelIndex& index) {
  TrustSignal s = Signal("plausible-numbers", 10);
  s.points = 10;
  s.finding = "no implausible numbers found";
  const auto billions = internal::ParameterBillions(card);
  for (const EvalResult& r : index.results) {
    if (!r.metric_value.is_number()) continue;
    double value = r.metric_value.get<double>();
    const std::string metric = Lower(r.metric_type);
    const bool percent_metric = metric.find("acc") != std::string::npos ||
                                metric.find("f1") != std::string::npos ||
                                metric.find("exact") != std::string::npos;
    if (percent_metric && (value > 100 || value < 0)) {
      s.points = 0;
      s.finding = "an accuracy-type value outside 0-100: " + r.metric_value.dump();
      s.evidence.push_back({card.KeyLine("model-index"), Excerpt(EvalResultToJson(r).dump())});
      return s;
    }
    const std::string dataset = Lower(r.dataset_type) + " " + Lower(r.dataset_name);
    if (billions && dataset.find("mmlu") != std::string::npos && percent_metric) {
      if (value <= 1.0) value *= 100;
      if (value > MmluCeiling(*billions)) {
        s.points = 0;
        s.finding = "MMLU " + nlohmann::json(value).dump() + " is far above the " +
                    nlohmann::json(*billions).dump() + "B size class";
        s.evidence.push_back({card.KeyLine("model-index"), Excerpt(EvalResultToJson(r).dump())});
        return s;
      }
    }
  }
  return s;
}

// Words separated by ' ' or '\n': positions whose byte is neither and whose predecessor is one
// (or that start the text). Branch-free over pairs of bytes so that GCC vectorises it
// (card_bench: the branchy loop was ~2% of inspect on cards with a limitations section).
size_t CountWords(std::string_view text) {
  if (text.empty()) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto gap = [](unsigned char c) { return static_cast<unsigned>(c == ' ' || c == '\n'); };
  size_t words = 1 - gap(p[0]);
  for (size_t i = 1; i < text.size(); ++i) words += (1 - gap(p[i])) & gap(p[i - 1]);
  return words;
}

TrustSignal LimitationsSignal(const Card& card) {
  TrustSignal s = Signal("limitations", 15);
  const int index = internal::FindSection(card, internal::Canonical::kLimitations);
  if (index < 0) {
    s.finding = "no limitations section";
    return s;
  }
  const Section& section = card.sections[index];
  // The section and its direct subsections, each a run of lines ending in '\n' (so each starts a
  // word), as views into card.body_lower: copying and lower-casing them was ~2% of inspect.
  std::vector<std::string_view> pieces;
  std::vector<std::string> copies;  // when a piece holds a '\r': SectionText's own bytes
  const auto add = [&](const Section& piece) {
    if (const auto span = internal::SectionLowerSpan(card, piece)) {
      pieces.push_back(*span);
    } else {
      copies.push_back(internal::ToLower(card.SectionText(piece)));
    }
  };
  if (section.end_line > section.line) add(section);
  for (size_t i = index + 1; i < card.sections.size() && card.sections[i].parent == index; ++i) {
    add(card.sections[i]);
  }
  pieces.insert(pieces.end(), copies.begin(), copies.end());  // word counts and finds: any order
  size_t words = 0;
  for (const std::string_view text : pieces) words += CountWords(text);
  const auto has = [&](std::string_view phrase) {
    return std::any_of(pieces.begin(), pieces.end(), [&](std::string_view text) {
      return internal::FindLowered(text, phrase) != std::string::npos;
    });
  };
  const bool filler = has("more information needed");
  const bool boilerplate = has("may produce hallucinations") || has("may generate biased") ||
                           filler || has("users should be made aware");
  s.evidence.push_back({section.line, Excerpt(section.title)});
  if (words >= 60 && !filler) {
    s.points = 15;
    s.finding = "limitations described (" + std::to_string(words) + " words)";
  } else if (words > 0) {
    s.points = 5;
    s.finding = boilerplate || filler ? "boilerplate limitations" : "very short limitations";
  } else {
    s.finding = "empty limitations section";
  }
  return s;
}

TrustSignal TrainingDataSignal(const Card& card) {
  TrustSignal s = Signal("training-data", 10);
  const int index = internal::FindSection(card, internal::Canonical::kTrainingData);
  // The section's lower-cased text, as a view into card.body_lower when it can be.
  std::string copy;
  std::string_view lower;
  if (index >= 0) {
    if (const auto span = internal::SectionLowerSpan(card, card.sections[index])) {
      lower = *span;
    } else {
      copy = internal::ToLower(card.SectionText(card.sections[index]));
      lower = copy;
    }
  }
  const bool secret = internal::FindLowered(lower, "proprietary") != std::string::npos ||
                      internal::FindLowered(lower, "undisclosed") != std::string::npos ||
                      internal::FindLowered(lower, "more information needed") != std::string::npos;
  const bool datasets = !internal::MetadataStrings(card.metadata, "datasets").empty();
  if (index >= 0) s.evidence.push_back({card.sections[index].line, card.sections[index].title});
  if (datasets) s.evidence.push_back({card.KeyLine("datasets"), "datasets"});
  if ((index >= 0 && internal::Trim(lower).size() > 40 && !secret) || datasets) {
    s.points = 10;
    s.finding = "training data named or described";
  } else if (index >= 0) {
    s.points = secret ? 3 : 0;
    s.finding = secret ? "training data called proprietary or left blank" : "empty section";
  } else {
    s.finding = "training data not described";
  }
  return s;
}

TrustSignal CodeSignal(const Card& card) {
  TrustSignal s = Signal("code-example", 10);
  for (const CodeBlock& block : card.code_blocks) {
    for (std::string_view marker : {"from_pretrained", "pipeline(", "import ", "llama-cli",
                                    "huggingface-cli", "ollama run", "load_model", "spacy.load"}) {
      // FindLowered compares bytes as they are, so this is block.code.find(marker), anchored
      // on the marker's rarest byte: find() stopped at every 'i' of the code for "import ".
      if (internal::FindLowered(block.code, marker) != std::string::npos) {
        s.points = 10;
        s.finding = "code example that loads or runs the model";
        s.evidence.push_back({block.line, Excerpt(block.code, 80)});
        return s;
      }
    }
  }
  s.finding = card.code_blocks.empty() ? "no code block" : "code blocks do not load the model";
  return s;
}

TrustSignal LoadingSignal(const Card& card) {
  TrustSignal s = Signal("standard-loading", 10);
  if (const int line = FindInBody(card, "trust_remote_code")) {
    s.points = 3;
    s.finding = "needs trust_remote_code: custom code runs on load";
    s.evidence.push_back(LineEvidence(card, line));
  } else {
    s.points = 10;
    s.finding = "no custom code required";
  }
  return s;
}

TrustSignal UpdatedSignal(const std::optional<CardHistory>& history) {
  TrustSignal s = Signal("card-updated", 5);
  if (!history || history->first_commit.empty() || history->last_commit.empty()) {
    s.finding = "commit dates not given";
  } else if (history->last_commit.substr(0, 10) > history->first_commit.substr(0, 10)) {
    s.points = 5;
    s.finding = "card updated after release";
    s.evidence.push_back({0, history->first_commit + " -> " + history->last_commit});
  } else {
    s.finding = "card never updated after release";
  }
  return s;
}

}  // namespace

TrustReport AssessTrust(const Card& card, const ModelIndex& index,
                        const std::optional<CardHistory>& history) {
  TrustReport report;
  // Moved in one by one: an initializer list would copy every signal.
  report.signals.reserve(10);
  report.signals.push_back(ModelIndexSignal(card, index));
  report.signals.push_back(EvalConfigSignal(card, index));
  report.signals.push_back(VerifiedSignal(card, index));
  report.signals.push_back(BreadthSignal(index));
  report.signals.push_back(PlausibleSignal(card, index));
  report.signals.push_back(LimitationsSignal(card));
  report.signals.push_back(TrainingDataSignal(card));
  report.signals.push_back(CodeSignal(card));
  report.signals.push_back(LoadingSignal(card));
  report.signals.push_back(UpdatedSignal(history));
  for (const TrustSignal& s : report.signals) report.score += s.points;
  return report;
}

nlohmann::json TrustToJson(const TrustReport& report) {
  nlohmann::json signals = nlohmann::json::array();
  for (const TrustSignal& s : report.signals) {
    nlohmann::json evidence = nlohmann::json::array();
    for (const Evidence& e : s.evidence) evidence.push_back({{"line", e.line}, {"quote", e.quote}});
    signals.push_back({{"id", s.id},
                       {"points", s.points},
                       {"max_points", s.max_points},
                       {"finding", internal::ValidUtf8(s.finding)},
                       {"evidence", evidence}});
  }
  return {{"score", report.score}, {"max_score", 100}, {"signals", signals}};
}

}  // namespace modelhub::card
