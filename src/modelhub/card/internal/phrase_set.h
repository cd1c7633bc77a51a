// A fixed set of lower-case phrases found in one pass over a text. Each phrase is anchored on its
// rarest byte pair (by English letter frequency); the scan finds the text's positions whose pair
// may be an anchor 32 at a time (AVX2 "Teddy": nibble lookups put the anchors in 8 buckets), tests
// those against an exact bitmap of anchors and compares only where one matches, so the text is
// read once however many phrases there are. Without AVX2 every pair is tested against the bitmap.
// card_bench: the bitmap test of every pair was 8 instructions per byte and ~14% of inspect; one
// memchr-anchored search per phrase and per section word was ~20%; a per-card index of byte
// positions was 1.5-1.7x slower than the bitmap, and SSE2 compares against the anchors' first
// bytes 2x slower (covering the ~45 phrases takes 12-17 distinct first bytes, ~16% of the
// corpus's bytes). Immutable after construction; thread-safe.
#ifndef MODELHUB_CARD_INTERNAL_PHRASE_SET_H_
#define MODELHUB_CARD_INTERNAL_PHRASE_SET_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace modelhub::card::internal {

class PhraseSet {
 public:
  // `phrases`: distinct, lower-case (ASCII), 2 bytes or longer; their storage must outlive the
  // set.
  explicit PhraseSet(std::vector<std::string_view> phrases);

  size_t size() const { return phrases_.size(); }
  // Index of `phrase`, compared ignoring ASCII case, or -1.
  int IndexOf(std::string_view phrase) const;
  // (*first)[i] is the offset of the first occurrence of phrase i in `text` (lower-cased), or
  // npos.
  void FindFirst(std::string_view text, std::vector<size_t>* first) const;

 private:
  struct Anchor {
    uint32_t pair;    // the two bytes, first in the low byte
    uint32_t offset;  // where they sit in the phrase
    uint32_t phrase;
    bool operator<(const Anchor& other) const { return pair < other.pair; }
  };

  // Checks the phrases anchored on `pair` at `at`; false once every phrase has been found.
  bool Check(std::string_view text, size_t at, uint32_t pair, std::vector<size_t>* first,
             size_t* remaining) const;

  static constexpr size_t kSlots = 256;  // IndexOf's open-addressed table (> 2x the phrases)
  static uint32_t Hash(std::string_view phrase);  // of the lower-cased bytes

  std::vector<std::string_view> phrases_;
  std::array<uint64_t, 65536 / 64> filter_{};  // a bit per byte pair that anchors a phrase
  std::vector<Anchor> anchors_;                // sorted by pair
  // For each anchoring pair, the index of its first anchor (Check reads it only after a filter
  // hit, so the table stays out of the scan's cache footprint).
  std::vector<uint8_t> first_anchor_ = std::vector<uint8_t>(65536);
  std::array<int16_t, kSlots> slots_;  // phrase index + 1 by Hash, 0 when empty
  // Teddy nibble masks (see FindFirst): bit b of nibbles_[k][x] is set when an anchor of bucket b
  // has x as the low (k = 0) or high (k = 1) nibble of its first byte, or of its second byte
  // (k = 2, 3).
  uint8_t nibbles_[4][16] = {};
};

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_PHRASE_SET_H_
