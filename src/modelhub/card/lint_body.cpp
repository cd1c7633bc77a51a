// Rules about model-index and the Markdown body: canonical sections, template filler, prompt
// format for instruction-tuned models, quantised variants for large ones.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/lint_rules.h"
#include "modelhub/card/internal/text.h"

namespace modelhub::card::internal {

// Lists of literals as string_views: a braced list of literals is an initializer_list of
// const char*, which cost a strlen per element per card (card_bench).
using std::string_view_literals::operator""sv;
namespace {

void Add(std::vector<FindingData>* out, ReportText id, Severity severity, ReportText message,
         int line, ReportText fix) {
  out->emplace_back(std::move(id), severity, std::move(message), line, std::move(fix));
}

// card.SectionText(section).size(), without building the text.
size_t SectionTextSize(const Card& card, const Section& section) {
  const int first = std::max(section.line + 1 - card.front.body_line, 0);
  const int last = section.end_line - card.front.body_line;
  size_t size = 0;
  for (int i = first; i <= last && i < static_cast<int>(card.body_lines.size()); ++i) {
    size += card.body_lines[static_cast<size_t>(i)].size() + 1;
  }
  return size;
}

bool HasCodeBlockIn(const Card& card, const Section& section) {
  for (const CodeBlock& block : card.code_blocks) {
    if (block.line > section.line && block.line <= section.end_line) return true;
  }
  return false;
}

// Whether `code` holds "@article", "@inproceedings" or "@misc": one pass over its '@'s rather
// than a search per entry type over every code block (card_bench: ~150 instructions per card).
bool HasBibtexEntry(std::string_view code) {
  for (size_t at = code.find('@'); at != std::string_view::npos; at = code.find('@', at + 1)) {
    const std::string_view rest = code.substr(at + 1);
    if (rest.starts_with("article") || rest.starts_with("inproceedings") ||
        rest.starts_with("misc")) {
      return true;
    }
  }
  return false;
}

bool SectionPresent(const Card& card, const TopLevelKeys& keys, Canonical c) {
  if (FindSection(card, c) >= 0) return true;
  switch (c) {
    case Canonical::kSummary: {
      // Text before the first heading counts as a summary.
      const int first = card.sections.empty() ? 1 << 30 : card.sections.front().line;
      for (size_t i = 0; i < card.body_lines.size() && card.BodyLine(i) < first; ++i) {
        if (Trim(card.body_lines[i]).size() > 40) return true;
      }
      return !card.sections.empty() && card.sections.size() > 0 &&
             card.sections.front().level == 1 && SectionTextSize(card, card.sections.front()) > 80;
    }
    case Canonical::kEvaluation:
      return keys.model_index != nullptr;
    case Canonical::kEnvironmentalImpact:
      return keys.co2_eq_emissions != nullptr;
    case Canonical::kCitation:
      for (const CodeBlock& b : card.code_blocks) {
        // As a view: the size first, then the bytes inline (not a strlen and a compare call).
        if (std::string_view(b.language) == "bibtex"sv || HasBibtexEntry(b.code)) return true;
      }
      return false;
    default:
      return false;
  }
}

// The texts of a missing-section finding, built once: most cards lack several sections, and
// building the three strings per finding per card showed in card_bench.
struct MissingSectionTexts {
  std::string id;
  std::string message;
  std::string fix;
};

// Indexed like kLintedSections.
const std::array<MissingSectionTexts, std::size(kLintedSections)>& AllMissingSectionTexts() {
  static const auto texts = [] {
    std::array<MissingSectionTexts, std::size(kLintedSections)> out;
    for (size_t i = 0; i < out.size(); ++i) {
      const Canonical c = kLintedSections[i];
      out[i] = {Concat({"missing-section-", CanonicalId(c)}),
                Concat({"No \"", CanonicalTitle(c), "\" section"}),
                Concat({"Add a `## ", CanonicalTitle(c), "` section."})};
    }
    return out;
  }();
  return texts;
}

void LintSections(const Card& card, const TopLevelKeys& keys, std::vector<FindingData>* out) {
  for (size_t i = 0; i < std::size(kLintedSections); ++i) {
    const Canonical c = kLintedSections[i];
    const bool present = SectionPresent(card, keys, c);
    const bool important = c == Canonical::kUsesAndLimitations || c == Canonical::kHowToUse ||
                           c == Canonical::kTrainingData || c == Canonical::kEvaluation;
    if (!present) {
      const MissingSectionTexts& texts = AllMissingSectionTexts()[i];
      Add(out, ReportText::Static(texts.id), important ? Severity::kWarning : Severity::kInfo,
          ReportText::Static(texts.message), 0, ReportText::Static(texts.fix));
      continue;
    }
    if (c == Canonical::kHowToUse) {
      const int index = FindSection(card, c);
      if (index >= 0 && !HasCodeBlockIn(card, card.sections[index])) {
        Add(out, "how-to-use-without-code", Severity::kWarning,
            Concat({"The \"", card.sections[index].title, "\" section has no code block"}),
            card.sections[index].line,
            "Add a fenced ```python block that loads the model and runs one input.");
      }
    }
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
// CountFrom's blocks: positions p in [*at, ...) 32 at a time while the block and the needle's
// last byte past it fit, candidates being those whose first and last bytes match the needle's.
__attribute__((target("avx2,bmi"))) size_t CountBlocksAvx2(std::string_view text,
                                                           std::string_view needle, size_t* at,
                                                           size_t* next) {
  const size_t last = needle.size() - 1;
  const __m256i first_byte = _mm256_set1_epi8(needle.front());
  const __m256i last_byte = _mm256_set1_epi8(needle.back());
  size_t count = 0;
  size_t i = *at;
  for (; i + 32 + last <= text.size(); i += 32) {
    const auto* block = reinterpret_cast<const __m256i*>(text.data() + i);
    const auto* end = reinterpret_cast<const __m256i*>(text.data() + i + last);
    uint32_t candidates = static_cast<uint32_t>(_mm256_movemask_epi8(
        _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_loadu_si256(block), first_byte),
                         _mm256_cmpeq_epi8(_mm256_loadu_si256(end), last_byte))));
    for (; candidates != 0; candidates = _blsr_u32(candidates)) {
      const size_t p = i + static_cast<size_t>(__builtin_ctz(candidates));
      if (p >= *next && std::memcmp(text.data() + p + 1, needle.data() + 1, last - 1) == 0) {
        ++count;
        *next = p + needle.size();
      }
    }
  }
  *at = i;
  return count;
}
#endif

// The occurrences of `needle` (2 bytes or more) in `text` from `from` on, each searched after
// the one before it (not overlapping it). The first and last bytes of 32 positions at a time
// with AVX2: a FindLowered per occurrence ranked the needle's bytes and restarted its anchor scan
// each time (card_bench: ~200 of its ~550 instructions per card saved).
size_t CountFrom(std::string_view text, std::string_view needle, size_t from) {
  size_t count = 0;
  size_t next = from;  // where the next occurrence may start
  size_t at = from;
#if defined(__x86_64__) && defined(__GNUC__)
  if (HasAvx2()) count = CountBlocksAvx2(text, needle, &at, &next);
#endif
  for (; at + needle.size() <= text.size(); ++at) {
    if (at >= next && text.compare(at, needle.size(), needle) == 0) {
      ++count;
      next = at + needle.size();
    }
  }
  return count;
}

void LintFiller(const Card& card, std::vector<FindingData>* out) {
  static const BodyPhrase kFiller("more information needed");
  const size_t at = FindInBodyOffset(card, kFiller);
  if (at == std::string::npos) return;
  const size_t count = CountFrom(card.body_lower, kFiller.text, at);
  Add(out, "template-placeholder", Severity::kWarning,
      std::to_string(count) + " line(s) still read \"[More Information Needed]\"",
      FindInBody(card, kFiller), "Fill in the section or delete it.");
}

void LintModelSpecific(const Card& card, const TopLevelKeys& keys, std::vector<FindingData>* out) {
  if (IsInstructionTuned(card, keys)) {
    bool documented = keys.prompt_template != nullptr;
    static const BodyPhrase kNeedles[] = {"prompt format"sv,
                                          "prompt template"sv,
                                          "chat template"sv,
                                          "apply_chat_template"sv,
                                          "<|im_start|>"sv,
                                          "[INST]"sv,
                                          "### Instruction"sv,
                                          "<start_of_turn>"sv,
                                          "<|user|>"sv,
                                          "<|start_header_id|>"sv,
                                          "prompt_template"sv,
                                          "### Human"sv,
                                          "USER:"sv};
    for (const BodyPhrase& needle : kNeedles) {
      if (documented) break;
      documented = FindInBody(card, needle) != 0;
    }
    if (!documented) {
      Add(out, "instruct-without-prompt-format", Severity::kWarning,
          "The model looks instruction-tuned but the card never shows its prompt format", 0,
          "Add a \"Prompt format\" section with the exact template or an apply_chat_template "
          "example.");
    }
  }
  const auto billions = ParameterBillions(card, keys);
  if (billions && *billions > 7.0) {
    bool mentioned = false;
    static const BodyPhrase kNeedles[] = {
        "quantiz"sv, "quantis"sv, "gguf"sv, "gptq"sv, "awq"sv,  "4-bit"sv,       "8-bit"sv,
        "4bit"sv,    "8bit"sv,    "int4"sv, "int8"sv, "exl2"sv, "bitsandbytes"sv};
    for (const BodyPhrase& needle : kNeedles) {
      if (FindInBody(card, needle)) {
        mentioned = true;
        break;
      }
    }
    if (!mentioned) {
      Add(out, "large-model-without-quantized-variants", Severity::kInfo,
          "A model of about " + nlohmann::json(*billions).dump() +
              "B parameters whose card never mentions quantised variants or memory needs",
          0, "Say how much memory it needs and link GGUF/GPTQ/AWQ or 4-/8-bit loading options.");
    }
  }
}

}  // namespace

void LintModelIndex(const Card& card, const TopLevelKeys& keys, const ModelIndex& index,
                    std::vector<FindingData>* out) {
  // Looked up only for a finding, which most cards do not get.
  const auto line = [&card] { return card.KeyLine("model-index"); };
  if (!index.error_kind.empty()) {
    const bool source = index.error_kind == "ValueError";
    Add(out, source ? "model-index-source-name-without-url" : "model-index-invalid",
        Severity::kError, "huggingface_hub cannot read model-index: " + index.error, line(),
        source ? "Add `source.url` next to `source.name`."
               : "Every result needs task.type, dataset.type, dataset.name and metrics with type "
                 "and value; every model-index entry needs name and results.");
    return;
  }
  if (!index.present) {
    if (keys.model_index != nullptr && keys.model_index->is_array()) {
      Add(out, "model-index-empty", Severity::kInfo, "model-index is empty", line(),
          "Add results or remove the key.");
    }
    return;
  }
  if (index.results.empty()) {
    Add(out, "model-index-empty-results", Severity::kInfo, "model-index has no results", line(),
        "Add evaluation results or remove model-index.");
  }
  bool reported_string = false;
  for (const EvalResult& r : index.results) {
    if (r.metric_value.is_string() && !reported_string) {
      reported_string = true;
      Add(out, "metric-value-not-numeric", Severity::kInfo,
          "Metric value " + r.metric_value.dump() + " is a string; it cannot be sorted or compared",
          line(), "Give the number as `value:` and put the spread in the metric name or args.");
    }
    if (r.verified.is_boolean() && r.verified.get<bool>() && r.verify_token.is_null()) {
      Add(out, "self-verified-metric", Severity::kWarning,
          "A metric sets `verified: true` without a verifyToken; the Hub ignores that", line(),
          "Remove `verified`; only the Hub's evaluation service sets it.");
      break;
    }
  }
}

void LintBody(const Card& card, const TopLevelKeys& keys, std::vector<FindingData>* out) {
  LintFiller(card, out);
  if (card.kind != CardKind::kModel) return;
  LintSections(card, keys, out);
  LintModelSpecific(card, keys, out);
}

}  // namespace modelhub::card::internal
