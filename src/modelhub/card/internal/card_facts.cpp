#include "modelhub/card/internal/card_facts.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "modelhub/card/internal/phrase_set.h"
#include "modelhub/card/internal/text.h"

namespace modelhub::card::internal {

// Lists of literals as string_views: a braced list of literals is an initializer_list of
// const char*, which cost a strlen per element per card (card_bench).
using std::string_view_literals::operator""sv;
namespace {

struct SectionPattern {
  Canonical id;
  std::string_view slug;
  std::string_view title;
  std::vector<std::string_view> words;
};

const std::vector<SectionPattern>& Patterns() {
  static const std::vector<SectionPattern> kPatterns = {
      {Canonical::kSummary,
       "summary",
       "Model summary",
       {"model description", "model summary", "model details", "overview", "introduction",
        "description", "summary", "about"}},
      {Canonical::kUsesAndLimitations,
       "intended-uses-and-limitations",
       "Intended uses and limitations",
       {"intended use", "uses", "limitation", "out-of-scope", "out of scope", "bias", "risk"}},
      {Canonical::kHowToUse,
       "how-to-use",
       "How to use",
       {"how to use", "usage", "get started", "getting started", "quick start", "quickstart",
        "quick-start", "inference", "example", "use the model", "using the model"}},
      {Canonical::kTrainingData,
       "training-data",
       "Training data",
       {"training data", "training and evaluation data", "dataset", "data"}},
      {Canonical::kTrainingProcedure,
       "training-procedure",
       "Training procedure",
       {"training procedure", "training", "hyperparameter", "fine-tuning", "finetuning"}},
      {Canonical::kEvaluation,
       "evaluation",
       "Evaluation",
       {"evaluation", "results", "benchmark", "performance", "metrics", "validation"}},
      {Canonical::kEnvironmentalImpact,
       "environmental-impact",
       "Environmental impact",
       {"environmental impact", "carbon", "co2", "emission"}},
      {Canonical::kCitation, "citation", "Citation", {"citation", "cite", "bibtex", "reference"}},
      {Canonical::kLimitations,
       "limitations",
       "Limitations",
       {"limitation", "bias", "risk", "out-of-scope", "out of scope", "ethical", "caveat"}},
  };
  return kPatterns;
}

// Every body phrase lint, trust and the facts below search for; FindInBody looks a needle up here
// before it falls back to a search of its own.
const PhraseSet& BodyPhrases() {
  static const PhraseSet kPhrases(
      {// LintModelSpecific: prompt format, quantised variants; LintFiller.
       "prompt format", "prompt template", "chat template", "apply_chat_template", "<|im_start|>",
       "[inst]", "### instruction", "<start_of_turn>", "<|user|>", "<|start_header_id|>",
       "prompt_template", "### human", "user:", "quantiz", "quantis", "gguf", "gptq", "awq",
       "4-bit", "8-bit", "4bit", "8bit", "int4", "int8", "exl2", "bitsandbytes",
       "more information needed",
       // trust.cpp: evaluation setup, remote code.
       "lm-evaluation-harness", "lm_eval", "-shot", " shot", "few-shot", "zero-shot", "test split",
       "evaluated on the test", "trust_remote_code",
       // DerivedEvidenceLine, ParameterBillions.
       "fine-tuned version of", "finetuned version of", "fine-tuned from", "finetuned from",
       "quantized version of", "lora adapter", "adapter for", "billion parameters",
       // trust.cpp: training data and limitations texts.
       "proprietary", "undisclosed", "may produce hallucinations", "may generate biased",
       "users should be made aware"});
  return kPhrases;
}

// The distinct words of all section patterns.
const PhraseSet& SectionWords() {
  static const PhraseSet kWords = [] {
    std::vector<std::string_view> words;
    for (const SectionPattern& p : Patterns()) {
      for (std::string_view w : p.words) {
        if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
      }
    }
    return PhraseSet(std::move(words));
  }();
  return kWords;
}

const SectionPattern& PatternOf(Canonical c) {
  for (const SectionPattern& p : Patterns()) {
    if (p.id == c) return p;
  }
  return Patterns().front();
}

// "13b", "7B", "1.3B", "70b" inside a name, bounded by non-alphanumerics.
std::optional<double> BillionsInName(std::string_view name) {
  // The digit test inline (isdigit is '0'-'9' in every locale): the ctype table lookup per byte
  // was most of the ~400 instructions per card of this loop (card_bench).
  const auto is_digit = [](char c) { return static_cast<unsigned char>(c - '0') < 10; };
  for (size_t i = 0; i < name.size(); ++i) {
    if (!is_digit(name[i])) continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(name[i - 1])) && name[i - 1] != 'x') {
      continue;
    }
    size_t j = i;
    while (j < name.size() && (is_digit(name[j]) || name[j] == '.')) {
      ++j;
    }
    if (j < name.size() && (name[j] == 'b' || name[j] == 'B') &&
        (j + 1 == name.size() || !std::isalnum(static_cast<unsigned char>(name[j + 1])))) {
      return std::strtod(std::string(name.substr(i, j - i)).c_str(), nullptr);
    }
    i = j;
  }
  return std::nullopt;
}

// The parts of the card's name-like text in order: the model-index name, the model_name strings
// and the first heading (`last`). `visit(part, last)` returns true to stop. Read in place: a
// joined copy per call, three calls per card, took ~600 instructions per card (card_bench).
template <typename Visit>
void VisitNameParts(const Card& card, const TopLevelKeys& keys, Visit visit) {
  const nlohmann::json* index = keys.model_index;
  if (index != nullptr && index->is_array() && !index->empty() && (*index)[0].is_object()) {
    const auto name = (*index)[0].find("name");
    if (name != (*index)[0].end() && name->is_string() &&
        visit(std::string_view(name->get_ref<const std::string&>()), false)) {
      return;
    }
  }
  for (std::string_view n : MetadataStrings(keys.model_name)) {
    if (visit(n, false)) return;
  }
  if (!card.sections.empty()) visit(std::string_view(card.sections.front().title), true);
}

}  // namespace

std::string_view CanonicalId(Canonical c) { return PatternOf(c).slug; }
std::string_view CanonicalTitle(Canonical c) { return PatternOf(c).title; }

int FindSection(const Card& card, Canonical c) {
  const auto id = static_cast<size_t>(c);
  if (id < card.canonical_sections.size()) return card.canonical_sections[id];
  // The first title containing any of the words: the smallest index over the words' first hits
  // in the joined lower-cased titles.
  size_t first = card.title_starts.size();
  for (std::string_view word : PatternOf(c).words) {
    const size_t at = FindLowered(card.titles_lower, word);
    if (at == std::string::npos) continue;
    const auto it = std::upper_bound(card.title_starts.begin(), card.title_starts.end(), at);
    first = std::min(first, static_cast<size_t>(it - card.title_starts.begin()) - 1);
  }
  return first == card.title_starts.size() ? -1 : static_cast<int>(first);
}

void IndexPhrases(Card* card) {
  BodyPhrases().FindFirst(card->body_lower, &card->body_phrase_offsets);
  thread_local std::vector<size_t> words;  // the thread's: allocated per card it showed
  const PhraseSet& set = SectionWords();
  set.FindFirst(card->titles_lower, &words);
  // Once: a call per use, with its static's guard, was ~500 instructions per card (card_bench).
  const std::vector<SectionPattern>& patterns = Patterns();
  card->canonical_sections.assign(patterns.size(), -1);
  // Each pattern's words as indices into the set.
  static const std::vector<std::vector<int>> kWordIndices = [&] {
    std::vector<std::vector<int>> out;
    for (const SectionPattern& p : Patterns()) {
      out.emplace_back();
      for (std::string_view w : p.words) out.back().push_back(set.IndexOf(w));
    }
    return out;
  }();
  for (size_t i = 0; i < patterns.size(); ++i) {
    const SectionPattern& p = patterns[i];
    // Title indices grow with offsets: the first title holding any word holds the first hit.
    size_t at = std::string::npos;
    for (int w : kWordIndices[i]) at = std::min(at, words[static_cast<size_t>(w)]);
    int index = -1;
    if (at != std::string::npos) {
      const auto it = std::upper_bound(card->title_starts.begin(), card->title_starts.end(), at);
      index = static_cast<int>(it - card->title_starts.begin()) - 1;
    }
    card->canonical_sections[static_cast<size_t>(p.id)] = index;
  }
}

std::optional<std::string_view> SectionLowerSpan(const Card& card, const Section& section) {
  const int first = std::max(section.line + 1 - card.front.body_line, 0);
  const int last = std::min(section.end_line - card.front.body_line,
                            static_cast<int>(card.body_lines.size()) - 1);
  if (first > last) return std::string_view();
  const size_t begin = card.line_starts[static_cast<size_t>(first)];
  const size_t end = card.line_starts[static_cast<size_t>(last)] + card.body_lines[last].size();
  const std::string_view span(card.body_lower.data() + begin, end - begin);
  if (span.find('\r') != std::string_view::npos) return std::nullopt;
  return span;
}

TopLevelKeys::TopLevelKeys(const nlohmann::json& metadata) {
  if (!metadata.is_object()) return;
  // By length, then the bytes: a constant-size memcmp is a load or two once GCC inlines it.
  for (const auto& [key, value] : metadata.get_ref<const nlohmann::json::object_t&>()) {
    const char* k = key.data();
    switch (key.size()) {
      case 4:
        if (std::memcmp(k, "tags", 4) == 0) tags = &value;
        break;
      case 7:
        if (std::memcmp(k, "license", 7) == 0) license = &value;
        break;
      case 8:
        if (std::memcmp(k, "language", 8) == 0) {
          language = &value;
        } else if (std::memcmp(k, "datasets", 8) == 0) {
          datasets = &value;
        }
        break;
      case 10:
        if (std::memcmp(k, "base_model", 10) == 0) {
          base_model = &value;
        } else if (std::memcmp(k, "model_name", 10) == 0) {
          model_name = &value;
        }
        break;
      case 11:
        if (std::memcmp(k, "model-index", 11) == 0) model_index = &value;
        break;
      case 12:
        if (std::memcmp(k, "pipeline_tag", 12) == 0) {
          pipeline_tag = &value;
        } else if (std::memcmp(k, "library_name", 12) == 0) {
          library_name = &value;
        } else if (std::memcmp(k, "license_name", 12) == 0) {
          license_name = &value;
        }
        break;
      case 15:
        if (std::memcmp(k, "prompt_template", 15) == 0) prompt_template = &value;
        break;
      case 16:
        if (std::memcmp(k, "co2_eq_emissions", 16) == 0) co2_eq_emissions = &value;
        break;
      case 18:
        if (std::memcmp(k, "extra_gated_prompt", 18) == 0) extra_gated_prompt = &value;
        break;
      case 19:
        if (std::memcmp(k, "base_model_relation", 19) == 0) base_model_relation = &value;
        break;
      default:
        break;
    }
  }
}

MetadataStringList MetadataStrings(const nlohmann::json& metadata, std::string_view key) {
  const auto it = metadata.find(key);
  return MetadataStrings(it == metadata.end() ? nullptr : &*it);
}

MetadataStringList MetadataStrings(const nlohmann::json* value) {
  if (value == nullptr) return {nullptr, nullptr};
  if (value->is_array()) {
    const auto& items = value->get_ref<const nlohmann::json::array_t&>();
    return {items.data(), items.data() + items.size()};
  }
  return {value, value + 1};  // a string, or no strings at all
}

bool EqualsLowered(std::string_view s, std::string_view lower_word) {
  if (s.size() != lower_word.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    if (c != lower_word[i]) return false;
  }
  return true;
}

BodyPhrase::BodyPhrase(std::string_view phrase)
    : text(phrase), index(BodyPhrases().IndexOf(phrase)) {}

size_t FindInBodyOffset(const Card& card, const BodyPhrase& needle) {
  // The card's offsets are the whole index once ParseCard has filled them.
  if (needle.index >= 0 && static_cast<size_t>(needle.index) < card.body_phrase_offsets.size()) {
    return card.body_phrase_offsets[static_cast<size_t>(needle.index)];
  }
  return FindLowered(card.body_lower, ToLower(needle.text));
}

bool SpanContains(const Card& card, std::string_view span, const BodyPhrase& needle) {
  // Sections a card lacks are empty spans outside the body (card_bench: ~450 instructions per
  // card lower-casing the needle to search them).
  if (span.size() < needle.text.size()) return false;
  const auto body = reinterpret_cast<uintptr_t>(card.body_lower.data());
  const auto at = reinterpret_cast<uintptr_t>(span.data());
  const bool in_body = at >= body && at + span.size() <= body + card.body_lower.size();
  if (needle.index < 0 || !in_body ||
      static_cast<size_t>(needle.index) >= card.body_phrase_offsets.size()) {
    return FindLowered(span, ToLower(needle.text)) != std::string_view::npos;
  }
  const size_t first = card.body_phrase_offsets[static_cast<size_t>(needle.index)];
  if (first == std::string_view::npos) return false;
  const size_t begin = at - body;
  // The body's first occurrence at or after the span's start is the span's first, if any.
  if (first >= begin) return first + needle.text.size() <= begin + span.size();
  return FindLowered(span, needle.text) != std::string_view::npos;
}

int FindInBody(const Card& card, const BodyPhrase& needle) {
  const size_t at = FindInBodyOffset(card, needle);
  if (at == std::string::npos) return 0;
  const auto line = std::upper_bound(card.line_starts.begin(), card.line_starts.end(), at);
  return card.BodyLine(static_cast<size_t>(line - card.line_starts.begin()) - 1);
}

std::optional<double> ParameterBillions(const Card& card, const TopLevelKeys& keys) {
  // Part by part: a size in the parts joined with ' ' is bounded by the join as by an end.
  std::optional<double> billions;
  VisitNameParts(card, keys, [&](std::string_view part, bool) {
    billions = BillionsInName(part);
    return billions.has_value();
  });
  if (billions) return billions;
  static const BodyPhrase kBillion("billion parameters");
  for (size_t found = FindInBodyOffset(card, kBillion); found != std::string::npos;
       found = FindLowered(card.body_lower, kBillion.text, found + 1)) {
    const auto it = std::upper_bound(card.line_starts.begin(), card.line_starts.end(), found);
    const size_t index = static_cast<size_t>(it - card.line_starts.begin()) - 1;
    const std::string_view line = card.body_lines[index];
    const size_t at = found - card.line_starts[index];
    size_t start = at;
    while (start > 0 && (line[start - 1] == ' ')) --start;
    size_t digits = start;
    while (digits > 0 && (std::isdigit(static_cast<unsigned char>(line[digits - 1])) ||
                          line[digits - 1] == '.')) {
      --digits;
    }
    if (digits < start)
      return std::strtod(std::string(line.substr(digits, start)).c_str(), nullptr);
  }
  return std::nullopt;
}

namespace {

// Whether `rest` starts with `word` (lower case), its letters compared ignoring ASCII case: a
// byte c has c | 0x20 equal to a lower-case letter only when c is that letter in either case.
bool StartsWithFolded(std::string_view rest, std::string_view word) {
  if (rest.size() < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    const bool letter = word[k] >= 'a' && word[k] <= 'z';
    if ((letter ? (rest[k] | 0x20) : rest[k]) != word[k]) return false;
  }
  return true;
}

// Whether `rest`, which starts with 'i', 'a' (either case), ' ' or '-', starts with one of the
// instruction-tuned name words.
bool InstructWordAt(std::string_view rest) {
  switch (rest[0] | 0x20) {
    case 'i':
      return StartsWithFolded(rest, "instruct");
    case 'a':
      return StartsWithFolded(rest, "assistant");
    case ' ':
      return StartsWithFolded(rest, " chat");
    default:  // '-'
      return StartsWithFolded(rest, "-chat") || StartsWithFolded(rest, "-it ") ||
             StartsWithFolded(rest, "-sft");
  }
}

}  // namespace

bool HasInstructWord(std::string_view name) {
  size_t i = 0;
#if defined(__SSE2__)
  // The positions of the words' first bytes 16 at a time, on the name as written: a PhraseSet
  // scan (setup and a padded tail block) of a lower-cased copy of a name of ~40 bytes was ~380
  // instructions per card, and lower-casing the copy ~120 (card_bench). A block past the name's
  // end is read from a copy.
  const auto candidates = [](const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(folded, _mm_set1_epi8('i')),
                     _mm_cmpeq_epi8(folded, _mm_set1_epi8('a'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
    return static_cast<uint32_t>(_mm_movemask_epi8(hit));
  };
  for (; i < name.size(); i += 16) {
    uint32_t mask;
    if (name.size() - i >= 16) {
      mask = candidates(name.data() + i);
    } else {
      char tail[16] = {};
      std::memcpy(tail, name.data() + i, name.size() - i);
      mask = candidates(tail) & ((uint32_t{1} << (name.size() - i)) - 1);
    }
    for (; mask != 0; mask &= mask - 1) {
      if (InstructWordAt(name.substr(i + static_cast<size_t>(__builtin_ctz(mask))))) return true;
    }
  }
#endif
  for (; i < name.size(); ++i) {
    const char c = name[i];
    const char folded = static_cast<char>(c | 0x20);
    if ((folded == 'i' || folded == 'a' || c == ' ' || c == '-') &&
        InstructWordAt(name.substr(i))) {
      return true;
    }
  }
  return false;
}

bool HasInstructIgnoreCase(std::string_view text) {
  // ContainsIgnoreCase(text, "instruct") eight bytes at a time: a byte c has c | 0x20 equal to
  // a lower-case letter only when c is that letter in either case, so the fold is exact for a
  // word of letters (card_bench: ContainsIgnoreCase on every tag was ~300 instructions per card).
  if (text.size() < 8) return false;
  uint64_t word;
  std::memcpy(&word, "instruct", 8);
  for (size_t i = 0; i + 8 <= text.size(); ++i) {
    uint64_t bytes;
    std::memcpy(&bytes, text.data() + i, 8);
    if ((bytes | 0x2020202020202020ULL) == word) return true;
  }
  return false;
}

bool IsInstructionTuned(const Card& card, const TopLevelKeys& keys) {
  // The parts each followed by ' ' but the heading: " chat" and "-it " may span a join. In the
  // thread's buffer, which keeps its storage; HasInstructWord ignores case.
  thread_local std::string name;
  name.clear();
  VisitNameParts(card, keys, [&](std::string_view part, bool last) {
    name.append(part);
    if (!last) name += ' ';
    return false;
  });
  if (HasInstructWord(name)) return true;
  for (std::string_view tag : MetadataStrings(keys.tags)) {
    if (EqualsLowered(tag, "conversational") || EqualsLowered(tag, "chat") ||
        HasInstructIgnoreCase(tag)) {
      return true;
    }
  }
  return false;
}

int DerivedEvidenceLine(const Card& card, const TopLevelKeys& keys) {
  if (int line = card.KeyLine("base_model")) return line;
  for (std::string_view lib : MetadataStrings(keys.library_name)) {
    if (lib == "peft") return card.KeyLine("library_name");
  }
  // A static array: a braced list in the loop was stored anew per tag (card_bench: ~80
  // instructions per card).
  static constexpr std::string_view kDerivedTags[] = {"generated_from_trainer"sv,
                                                      "lora"sv,
                                                      "peft"sv,
                                                      "gguf"sv,
                                                      "gptq"sv,
                                                      "awq"sv,
                                                      "trl"sv,
                                                      "sft"sv};
  for (std::string_view tag : MetadataStrings(keys.tags)) {
    for (std::string_view word : kDerivedTags) {
      if (EqualsLowered(tag, word)) return card.KeyLine("tags");
    }
  }
  static const BodyPhrase kPhrases[] = {
      "fine-tuned version of"sv, "finetuned version of"sv, "fine-tuned from"sv, "finetuned from"sv,
      "quantized version of"sv,  "lora adapter"sv,         "adapter for"sv};
  for (const BodyPhrase& phrase : kPhrases) {
    if (int line = FindInBody(card, phrase)) return line;
  }
  return 0;
}

}  // namespace modelhub::card::internal
