#include "modelhub/card/trust.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/json_writer.h"
#include "modelhub/card/internal/phrase_set.h"
#include "modelhub/card/internal/report_json.h"
#include "modelhub/card/internal/report_text.h"
#include "modelhub/card/internal/text.h"

namespace modelhub::card {

// Lists of literals as string_views: a braced list of literals is an initializer_list of
// const char*, which cost a strlen per element per card (card_bench).
using std::string_view_literals::operator""sv;
namespace {

using internal::ContainsIgnoreCase;
using internal::Excerpt;
using internal::FindInBody;

using internal::ReportText;
using internal::SignalData;

// The quoted body line of evidence at file line `line`.
ReportText LineQuote(const Card& card, int line) {
  const int index = line - card.front.body_line;
  if (index >= 0 && index < static_cast<int>(card.body_lines.size())) {
    return Excerpt(card.body_lines[index]);
  }
  return "";
}

SignalData Signal(ReportText id, int max_points) {
  SignalData s;
  s.id = std::move(id);
  s.max_points = max_points;
  return s;
}

// Whether `v` (a string, or another value as its JSON text) contains `needle`, ignoring ASCII
// case: searched in place instead of in a lower-cased copy (card_bench: the copies were most of
// the eval-result signals' cost on cards with many results).
bool Mentions(const nlohmann::json& v, std::string_view needle) {
  if (v.is_string()) return ContainsIgnoreCase(v.get_ref<const std::string&>(), needle);
  return ContainsIgnoreCase(v.dump(), needle);
}

// EvalResultToJson(r).dump(), written straight from the result: building the object first was
// ~37k instructions per quote (card_bench). A text holding U+FFFD may have been repaired from
// invalid UTF-8, which dump() rejects instead; such a result goes through dump().
std::string EvalResultText(const EvalResult& r) {
  std::string text;
  {
    internal::JsonWriter w(&text);
    internal::WriteEvalResult(r, &w);
  }
  if (text.find("\xEF\xBF\xBD") != std::string::npos) return EvalResultToJson(r).dump();
  return text;
}

SignalData ModelIndexSignal(const Card& card, const ModelIndex& index) {
  SignalData s = Signal("model-index", 15);
  const int line = card.KeyLine("model-index");
  if (index.present && index.error_kind.empty() && !index.results.empty()) {
    s.points = 15;
    s.finding = std::to_string(index.results.size()) + " structured result(s)";
  } else if (!index.error_kind.empty()) {
    s.finding = "model-index present but unreadable: " + index.error;
  } else {
    s.finding = "no structured evaluation results";
  }
  if (line) s.AddEvidence(line, "model-index");
  return s;
}

SignalData EvalConfigSignal(const Card& card, const ModelIndex& index) {
  SignalData s = Signal("eval-config", 10);
  for (const EvalResult& r : index.results) {
    const bool shots = r.dataset_args.is_object() && r.dataset_args.contains("num_few_shot");
    const bool named_shots = Mentions(r.metric_name, "shot") || Mentions(r.dataset_name, "shot");
    if (!r.dataset_split.is_null() || shots || named_shots) {
      s.points = 10;
      s.finding = "results state their split or shot count";
      s.AddEvidence(card.KeyLine("model-index"), Excerpt(EvalResultText(r)));
      return s;
    }
  }
  static const internal::BodyPhrase kNeedles[] = {"lm-evaluation-harness"sv,
                                                  "lm_eval"sv,
                                                  "-shot"sv,
                                                  " shot"sv,
                                                  "few-shot"sv,
                                                  "zero-shot"sv,
                                                  "test split"sv,
                                                  "evaluated on the test"sv};
  for (const internal::BodyPhrase& needle : kNeedles) {
    if (const int line = FindInBody(card, needle)) {
      s.points = 10;
      s.finding = "the text states the evaluation setup";
      s.AddEvidence(line, LineQuote(card, line));
      return s;
    }
  }
  s.finding = "no split, shot count or harness stated";
  return s;
}

SignalData VerifiedSignal(const Card& card, const ModelIndex& index) {
  SignalData s = Signal("verified", 10);
  const auto verified =
      std::count_if(index.results.begin(), index.results.end(),
                    [](const EvalResult& r) { return r.verify_token.is_string(); });
  if (verified > 0) {
    s.points = 10;
    s.finding = std::to_string(verified) + " result(s) verified by the Hub";
    s.AddEvidence(card.KeyLine("model-index"), "verifyToken");
  } else {
    s.finding = index.results.empty() ? "no results" : "self-reported results only";
  }
  return s;
}

// Whether `text` holds "mt-bench", "mt_bench" or "mtbench", ignoring ASCII case: one pass over
// its "mt"s rather than a search per spelling (card_bench: the three searches per field were most
// of the benchmark-breadth signal).
bool HasMtBench(std::string_view text) {
  // `c | 0x20` folds only 'M' onto 'm' (and 'T' onto 't', ...): these are letters.
  const auto is = [](char c, char lower) { return (c | 0x20) == lower; };
  for (size_t i = 0; i + 7 <= text.size(); ++i) {
    if (!is(text[i], 'm') || !is(text[i + 1], 't')) continue;
    size_t at = i + 2;
    if (text[at] == '-' || text[at] == '_') ++at;
    if (at + 5 <= text.size() && is(text[at], 'b') && is(text[at + 1], 'e') &&
        is(text[at + 2], 'n') && is(text[at + 3], 'c') && is(text[at + 4], 'h')) {
      return true;
    }
  }
  return false;
}

bool IsMtBench(const EvalResult& r) {
  // Field by field: no name holds a space, so none matches across the fields' join. Only a
  // string or a collection can spell the name: null, a number or a boolean is not dumped.
  for (const nlohmann::json* field :
       {&r.dataset_type, &r.dataset_name, &r.metric_type, &r.metric_name}) {
    if (field->is_string() ? HasMtBench(field->get_ref<const std::string&>())
                           : field->is_structured() && HasMtBench(field->dump())) {
      return true;
    }
  }
  return false;
}

SignalData BreadthSignal(const ModelIndex& index) {
  SignalData s = Signal("benchmark-breadth", 5);
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

SignalData PlausibleSignal(const Card& card, const ModelIndex& index,
                           const internal::TopLevelKeys& keys) {
  SignalData s = Signal("plausible-numbers", 10);
  s.points = 10;
  s.finding = "no implausible numbers found";
  // Only results are judged by size: most cards have none (card_bench: ~650 instructions).
  std::optional<double> billions;
  if (!index.results.empty()) billions = internal::ParameterBillions(card, keys);
  for (const EvalResult& r : index.results) {
    if (!r.metric_value.is_number()) continue;
    double value = r.metric_value.get<double>();
    const bool percent_metric = Mentions(r.metric_type, "acc") || Mentions(r.metric_type, "f1") ||
                                Mentions(r.metric_type, "exact");
    if (percent_metric && (value > 100 || value < 0)) {
      s.points = 0;
      s.finding = "an accuracy-type value outside 0-100: " + r.metric_value.dump();
      s.AddEvidence(card.KeyLine("model-index"), Excerpt(EvalResultText(r)));
      return s;
    }
    // "mmlu" holds no space, so it cannot match across the two fields' join.
    if (billions && (Mentions(r.dataset_type, "mmlu") || Mentions(r.dataset_name, "mmlu")) &&
        percent_metric) {
      if (value <= 1.0) value *= 100;
      if (value > MmluCeiling(*billions)) {
        s.points = 0;
        s.finding = "MMLU " + nlohmann::json(value).dump() + " is far above the " +
                    nlohmann::json(*billions).dump() + "B size class";
        s.AddEvidence(card.KeyLine("model-index"), Excerpt(EvalResultText(r)));
        return s;
      }
    }
  }
  return s;
}

#if defined(__x86_64__) && defined(__GNUC__)
// The word starts among the 32 positions from p + i: bytes that are not gaps whose predecessors
// are (the block's bytes and the 32 one back).
__attribute__((target("avx2"))) inline uint32_t WordStartsAvx2(const unsigned char* p, size_t i) {
  const __m256i space = _mm256_set1_epi8(' ');
  const __m256i newline = _mm256_set1_epi8('\n');
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
  const __m256i before = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i - 1));
  const __m256i gap = _mm256_or_si256(_mm256_cmpeq_epi8(v, space), _mm256_cmpeq_epi8(v, newline));
  const __m256i gap_before =
      _mm256_or_si256(_mm256_cmpeq_epi8(before, space), _mm256_cmpeq_epi8(before, newline));
  return static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_andnot_si256(gap, gap_before)));
}

// CountWords' word starts at p[i] for i in [1, n), n > 32, 32 positions at a time. The last
// block ends at n and overlaps the one before it, whose positions it masks off: a byte loop
// over the remainder cost more than the blocks of a typical section (card_bench).
__attribute__((target("avx2,popcnt"))) size_t CountWordStartsAvx2(const unsigned char* p,
                                                                  size_t n) {
  size_t count = 0;
  size_t i = 1;
  for (; i + 32 <= n; i += 32)
    count += static_cast<size_t>(__builtin_popcount(WordStartsAvx2(p, i)));
  if (i < n) {
    const size_t last = n - 32;  // >= 1, and < i
    const uint32_t done = (uint32_t{1} << (i - last)) - 1;
    count += static_cast<size_t>(__builtin_popcount(WordStartsAvx2(p, last) & ~done));
  }
  return count;
}
#endif

// Words separated by ' ' or '\n': positions whose byte is neither and whose predecessor is one
// (or that start the text). 32 positions per step with AVX2 (card_bench: GCC's vectorisation of
// the loop below widened every byte to a 64-bit lane, ~1.3k instructions per card); the loop,
// branch-free so that GCC vectorises it, counts short texts and runs where AVX2 is missing.
size_t CountWords(std::string_view text) {
  if (text.empty()) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto gap = [](unsigned char c) { return static_cast<unsigned>(c == ' ' || c == '\n'); };
  size_t words = 1 - gap(p[0]);
#if defined(__x86_64__) && defined(__GNUC__)
  if (text.size() > 32 && internal::HasAvx2()) return words + CountWordStartsAvx2(p, text.size());
#endif
  for (size_t i = 1; i < text.size(); ++i) words += (1 - gap(p[i])) & gap(p[i - 1]);
  return words;
}

SignalData LimitationsSignal(const Card& card) {
  SignalData s = Signal("limitations", 15);
  const int index = internal::FindSection(card, internal::Canonical::kLimitations);
  if (index < 0) {
    s.finding = "no limitations section";
    return s;
  }
  const Section& section = card.sections[index];
  // The section and its direct subsections, each a run of lines ending in '\n' (so each starts a
  // word), as views into card.body_lower: copying and lower-casing them was ~2% of inspect.
  // The thread's vector, which keeps its storage: growing a fresh one took two or three
  // allocations per card with the section (card_bench).
  thread_local std::vector<std::string_view> pieces;
  pieces.clear();
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
  const auto has = [&](const internal::BodyPhrase& phrase) {
    return std::any_of(pieces.begin(), pieces.end(), [&](std::string_view text) {
      return internal::SpanContains(card, text, phrase);
    });
  };
  static const internal::BodyPhrase kFiller("more information needed");
  static const internal::BodyPhrase kBoilerplate[] = {
      "may produce hallucinations"sv, "may generate biased"sv, "users should be made aware"sv};
  const bool filler = has(kFiller);
  const bool boilerplate =
      has(kBoilerplate[0]) || has(kBoilerplate[1]) || filler || has(kBoilerplate[2]);
  s.AddEvidence(section.line, Excerpt(section.title));
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

SignalData TrainingDataSignal(const Card& card, const internal::TopLevelKeys& keys) {
  SignalData s = Signal("training-data", 10);
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
  static const internal::BodyPhrase kSecret[] = {"proprietary"sv, "undisclosed"sv,
                                                 "more information needed"sv};
  const bool secret = internal::SpanContains(card, lower, kSecret[0]) ||
                      internal::SpanContains(card, lower, kSecret[1]) ||
                      internal::SpanContains(card, lower, kSecret[2]);
  const bool datasets = !internal::MetadataStrings(keys.datasets).empty();
  if (index >= 0)
    s.AddEvidence(card.sections[index].line, ReportText::View(card.sections[index].title));
  if (datasets) s.AddEvidence(card.KeyLine("datasets"), "datasets");
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

SignalData CodeSignal(const Card& card) {
  SignalData s = Signal("code-example", 10);
  // Case-sensitive, as the markers are code: one pass per block for all of them (a search per
  // marker was eight memchr passes over every block, card_bench).
  static const internal::PhraseSet kMarkers({"from_pretrained", "pipeline(", "import ", "llama-cli",
                                             "huggingface-cli", "ollama run", "load_model",
                                             "spacy.load"});
  for (const CodeBlock& block : card.code_blocks) {
    if (kMarkers.ContainsAny(block.code)) {
      s.points = 10;
      s.finding = "code example that loads or runs the model";
      s.AddEvidence(block.line, Excerpt(block.code, 80));
      return s;
    }
  }
  s.finding = card.code_blocks.empty() ? "no code block" : "code blocks do not load the model";
  return s;
}

SignalData LoadingSignal(const Card& card) {
  SignalData s = Signal("standard-loading", 10);
  static const internal::BodyPhrase kRemoteCode("trust_remote_code");
  if (const int line = FindInBody(card, kRemoteCode)) {
    s.points = 3;
    s.finding = "needs trust_remote_code: custom code runs on load";
    s.AddEvidence(line, LineQuote(card, line));
  } else {
    s.points = 10;
    s.finding = "no custom code required";
  }
  return s;
}

SignalData UpdatedSignal(const std::optional<CardHistory>& history) {
  SignalData s = Signal("card-updated", 5);
  if (!history || history->first_commit.empty() || history->last_commit.empty()) {
    s.finding = "commit dates not given";
  } else if (history->last_commit.substr(0, 10) > history->first_commit.substr(0, 10)) {
    s.points = 5;
    s.finding = "card updated after release";
    s.AddEvidence(0, history->first_commit + " -> " + history->last_commit);
  } else {
    s.finding = "card never updated after release";
  }
  return s;
}

}  // namespace

namespace internal {

TrustData AssessTrustData(const Card& card, const ModelIndex& index,
                          const std::optional<CardHistory>& history) {
  return AssessTrustData(card, index, TopLevelKeys(card.metadata), history);
}

TrustData AssessTrustData(const Card& card, const ModelIndex& index, const TopLevelKeys& keys,
                          const std::optional<CardHistory>& history) {
  // Built in place, in the order of trust.h.
  TrustData data{{ModelIndexSignal(card, index), EvalConfigSignal(card, index),
                  VerifiedSignal(card, index), BreadthSignal(index),
                  PlausibleSignal(card, index, keys), LimitationsSignal(card),
                  TrainingDataSignal(card, keys), CodeSignal(card), LoadingSignal(card),
                  UpdatedSignal(history)}};
  for (const SignalData& s : data.signals) data.score += s.points;
  return data;
}

TrustReport ToTrustReport(const TrustData& data) {
  TrustReport report;
  report.score = data.score;
  report.signals.reserve(data.signals.size());
  for (const SignalData& s : data.signals) {
    TrustSignal& signal = report.signals.emplace_back();
    signal.id = s.id.str();
    signal.points = s.points;
    signal.max_points = s.max_points;
    signal.finding = s.finding.str();
    for (size_t i = 0; i < s.evidence_count; ++i) {
      signal.evidence.push_back({s.evidence[i].line, s.evidence[i].quote.str()});
    }
  }
  return report;
}

}  // namespace internal

TrustReport AssessTrust(const Card& card, const ModelIndex& index,
                        const std::optional<CardHistory>& history) {
  return internal::ToTrustReport(internal::AssessTrustData(card, index, history));
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
