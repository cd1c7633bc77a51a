// Facts about a card that several analyses share: the canonical sections it has, whether it
// looks instruction-tuned or derived from another model, its parameter count. Heuristics that
// read headings and phrases; each returns the line it relied on so findings can point there.
#ifndef MODELHUB_CARD_INTERNAL_CARD_FACTS_H_
#define MODELHUB_CARD_INTERNAL_CARD_FACTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/card/model_card.h"

namespace modelhub::card::internal {

enum class Canonical {
  kSummary,
  kUsesAndLimitations,
  kHowToUse,
  kTrainingData,
  kTrainingProcedure,
  kEvaluation,
  kEnvironmentalImpact,
  kCitation,
  kLimitations,  // narrower than kUsesAndLimitations; used by trust
};
inline constexpr Canonical kLintedSections[] = {Canonical::kSummary,
                                                Canonical::kUsesAndLimitations,
                                                Canonical::kHowToUse,
                                                Canonical::kTrainingData,
                                                Canonical::kTrainingProcedure,
                                                Canonical::kEvaluation,
                                                Canonical::kEnvironmentalImpact,
                                                Canonical::kCitation};
std::string_view CanonicalId(Canonical c);     // "how-to-use", ...
std::string_view CanonicalTitle(Canonical c);  // "How to use", ...

// Index into card.sections of the first heading that matches `c`, or -1.
int FindSection(const Card& card, Canonical c);

// Fills card->body_phrase_offsets and card->canonical_sections from body_lower and titles_lower
// in one pass over each (ParseCard calls it); FindInBody and FindSection then look results up.
void IndexPhrases(Card* card);

// `section`'s text lower-cased as the bytes of card.body_lower that hold it: card.SectionText
// without the '\n' after its last line. nullopt when the text holds a '\r' (SectionText drops those
// before line breaks), so that callers fall back to SectionText.
std::optional<std::string_view> SectionLowerSpan(const Card& card, const Section& section);

// The top-level metadata values lint and lineage read, each nullptr when absent (or when the
// metadata is not a mapping). Found in one walk over the metadata's keys: a std::map lookup per
// value was ~11 lookups per card in lint and 6 in lineage, ~140 instructions each (card_bench).
struct TopLevelKeys {
  explicit TopLevelKeys(const nlohmann::json& metadata);

  const nlohmann::json* tags = nullptr;
  const nlohmann::json* license = nullptr;
  const nlohmann::json* language = nullptr;
  const nlohmann::json* datasets = nullptr;
  const nlohmann::json* base_model = nullptr;
  const nlohmann::json* model_name = nullptr;
  const nlohmann::json* model_index = nullptr;
  const nlohmann::json* pipeline_tag = nullptr;
  const nlohmann::json* library_name = nullptr;
  const nlohmann::json* license_name = nullptr;
  const nlohmann::json* prompt_template = nullptr;
  const nlohmann::json* co2_eq_emissions = nullptr;
  const nlohmann::json* extra_gated_prompt = nullptr;
  const nlohmann::json* base_model_relation = nullptr;
};

// The strings of a metadata value: the value when it is a string, the string items when it is
// a list. Iterated in place as views: the analyses ask for the same keys several times per card,
// and a vector of views per call was ~4 allocations per card (card_bench).
class MetadataStringList {
 public:
  class Iterator {
   public:
    Iterator(const nlohmann::json* at, const nlohmann::json* end) : at_(at), end_(end) { Skip(); }
    std::string_view operator*() const { return at_->get_ref<const std::string&>(); }
    Iterator& operator++() {
      ++at_;
      Skip();
      return *this;
    }
    bool operator==(const Iterator& other) const { return at_ == other.at_; }

   private:
    void Skip() {
      while (at_ != end_ && !at_->is_string()) ++at_;
    }
    const nlohmann::json* at_;
    const nlohmann::json* end_;
  };

  MetadataStringList(const nlohmann::json* first, const nlohmann::json* last)
      : first_(first), last_(last) {}
  Iterator begin() const { return {first_, last_}; }
  Iterator end() const { return {last_, last_}; }
  bool empty() const { return begin() == end(); }
  size_t size() const {
    size_t n = 0;
    for (Iterator it = begin(); !(it == end()); ++it) ++n;
    return n;
  }

 private:
  const nlohmann::json* first_;
  const nlohmann::json* last_;
};
// The strings at `key` of `metadata` (an object); empty when absent. Valid while it is unchanged.
MetadataStringList MetadataStrings(const nlohmann::json& metadata, std::string_view key);
// The strings of a metadata value already looked up; empty when `value` is nullptr.
MetadataStringList MetadataStrings(const nlohmann::json* value);
// Whether `s` equals `lower_word` when ASCII-lower-cased (`lower_word` is lower case already).
bool EqualsLowered(std::string_view s, std::string_view lower_word);

// A needle for the body searches below with its place in the body phrase index, looked up once:
// callers keep them in statics (card_bench: looking each needle up per search was ~4.5k
// instructions per card). Implicit so that a static array can list them as literals.
struct BodyPhrase {
  BodyPhrase(std::string_view phrase);  // NOLINT: implicit on purpose
  std::string_view text;
  int index;  // in the body phrase index, -1 when not one of its phrases
};

// First body line containing `needle` (case-insensitive), 0 if none.
int FindInBody(const Card& card, const BodyPhrase& needle);
// Offset in card.body_lower of the first `needle` (case-insensitive), npos if none.
size_t FindInBodyOffset(const Card& card, const BodyPhrase& needle);

// Whether `span` (lower-cased) holds `needle` (lower case). When `span` lies in card.body_lower
// and `needle` is a body phrase, the phrase index answers without a search unless the phrase
// first occurs before the span: a section searched for phrases most cards lack was ~4 memchr
// passes per card (card_bench).
bool SpanContains(const Card& card, std::string_view span, const BodyPhrase& needle);

// The facts below read the metadata values through `keys`, the card's TopLevelKeys: looking the
// keys up per fact was ~8 std::map lookups per card (card_bench).

// Parameter count in billions from the name-like text (model-index name, model_name, first
// heading: "Llama-2-13b") or the body ("7 billion parameters"); nullopt when not stated.
std::optional<double> ParameterBillions(const Card& card, const TopLevelKeys& keys);

bool IsInstructionTuned(const Card& card, const TopLevelKeys& keys);
// IsInstructionTuned's tests, exposed for unit tests: whether `name` holds "instruct", "-chat",
// " chat", "-it ", "-sft" or "assistant", and whether `text` holds "instruct", both ignoring ASCII
// case.
bool HasInstructWord(std::string_view name);
bool HasInstructIgnoreCase(std::string_view text);
// The line where the card says it is a fine-tune/adapter/quantisation, 0 if it does not.
int DerivedEvidenceLine(const Card& card, const TopLevelKeys& keys);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_CARD_FACTS_H_
