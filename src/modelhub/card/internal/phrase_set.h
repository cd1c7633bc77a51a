// A fixed set of lower-case phrases found in one pass over a text. Each phrase of four bytes or
// more is anchored on its rarest four bytes (avoiding the corpus's commonest four-byte sequences,
// then by its byte frequencies); the scan finds the text's positions whose four bytes may be an
// anchor 32 at a time (AVX2 or AVX-512 "Teddy": nibble lookups put the anchors in 16 buckets),
// tests those against a hashed bitmap of anchors and compares only where one matches, so the
// text is read once however many phrases there are. Three-byte phrases have a bucket of their own
// and are compared where it matches. Without AVX2 every position is tested against the bitmap and
// three-byte phrases are searched for on their own.
// card_bench: with byte-pair anchors 6.4% of positions were candidates and 2.4% passed the bitmap
// (~26k instructions per card, the largest single cost of the body); three bytes cut that to 3%
// and 1.1%, still 12% of inspect time in mispredicted branches; four bytes halve the anchor hits
// again. Per ~5.5 KB body, anchors by byte frequencies alone then passed the bitmap 26 times and 8
// buckets let 57 candidates through: avoiding common sequences cut the first to 10, 16 buckets the
// second to 24, and a memchr-anchored search per three-byte phrase was ~13% of the rest (a loop of
// the scan alone over the corpus's bodies: 2.8 -> 1.6 us per body with AVX-512, ~2 with AVX2).
// The bitmap test of every pair was 8 instructions per byte; one memchr-anchored search per
// phrase and per section word was ~20% of inspect; a per-card index of byte positions was
// 1.5-1.7x slower than the bitmap, and SSE2 compares against the anchors' first bytes 2x slower.
// Immutable after construction; thread-safe.
#ifndef MODELHUB_CARD_INTERNAL_PHRASE_SET_H_
#define MODELHUB_CARD_INTERNAL_PHRASE_SET_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace modelhub::card::internal {

class PhraseSet {
 public:
  // `phrases`: distinct, lower-case (ASCII), 3 bytes or longer; their storage must outlive the
  // set.
  explicit PhraseSet(std::vector<std::string_view> phrases);

  size_t size() const { return phrases_.size(); }
  // Index of `phrase`, compared ignoring ASCII case, or -1.
  int IndexOf(std::string_view phrase) const;
  // (*first)[i] is the offset of the first occurrence of phrase i in `text` (lower-cased), or
  // npos.
  void FindFirst(std::string_view text, std::vector<size_t>* first) const;
  // The scans FindFirst may take, fastest first (a CPU that has one has those after it).
  enum class Path { kAvx512, kAvx2, kScalar };
  // Whether this CPU can take `path`.
  static bool Supported(Path path);
  // FindFirst by `path` (or the best one this CPU supports): for tests.
  void FindFirst(std::string_view text, std::vector<size_t>* first, Path path) const;
  // Whether `text` holds any of the phrases (compared byte for byte).
  bool ContainsAny(std::string_view text) const;
  // ContainsAny by `path` (or the best one this CPU supports): for tests.
  bool ContainsAny(std::string_view text, Path path) const;

 private:
  struct Anchor {
    uint32_t hash;    // Slot(bytes): the anchors are sorted by it
    uint32_t bytes;   // the four bytes, first in the low byte
    uint32_t offset;  // where they sit in the phrase
    uint32_t phrase;
    bool operator<(const Anchor& other) const { return hash < other.hash; }
  };

  static constexpr int kFilterBits = 16;
  // The filter slot of four bytes (first in the low byte).
  static uint32_t Slot(uint32_t bytes) { return (bytes * 2654435761U) >> (32 - kFilterBits); }

  // Checks the phrases whose anchor is `bytes` at `at`; false once every phrase has been found.
  bool Check(std::string_view text, size_t at, uint32_t bytes, uint32_t slot,
             std::vector<size_t>* first, size_t* remaining) const;
  // The candidates of one block of the vector scans (see Block in the .cpp).
  bool Block(std::string_view text, size_t at, uint32_t mask, uint32_t short_mask,
             std::vector<size_t>* first, size_t* remaining) const;
  // Whether `bytes` (four, first in the low byte) may anchor a phrase; sets *slot.
  bool MayAnchor(uint32_t bytes, uint32_t* slot) const {
    *slot = Slot(bytes);
    return ((filter_[*slot >> 6] >> (*slot & 63)) & 1) != 0;
  }
  // FindFirst's scan over text with AVX2: text.size(), or npos once every phrase has been
  // found. kRawLow: ascii_ (see BlockHits in the .cpp).
  template <bool kRawLow>
  size_t ScanAvx2(std::string_view text, std::vector<size_t>* first, size_t* remaining) const;
  // The same with AVX-512 (BW, VL).
  template <bool kRawLow>
  size_t ScanAvx512(std::string_view text, std::vector<size_t>* first, size_t* remaining) const;
  // FindFirst by `path` until `wanted` phrases have been found; returns how many were.
  size_t Scan(std::string_view text, std::vector<size_t>* first, size_t wanted, Path path) const;

  static constexpr size_t kSlots = 256;  // IndexOf's open-addressed table (> 2x the phrases)
  static uint32_t Hash(std::string_view phrase);  // of the lower-cased bytes

  std::vector<std::string_view> phrases_;
  bool ascii_ = true;                         // whether every byte of the phrases is below 0x80
  std::vector<uint32_t> short_phrases_;       // indices of the three-byte phrases
  std::vector<uint32_t> short_bytes_;         // their bytes, first in the low byte
  static constexpr size_t kShortBucket = 15;  // the Teddy bucket of the three-byte phrases
  // A bit per Slot that some anchor has.
  std::array<uint64_t, (size_t{1} << kFilterBits) / 64> filter_{};
  std::vector<Anchor> anchors_;  // sorted by hash
  // For each anchor's slot, the index of its first anchor (Check reads it only after a filter
  // hit, so the table stays out of the scan's cache footprint).
  std::vector<uint8_t> first_anchor_ = std::vector<uint8_t>(size_t{1} << kFilterBits);
  std::array<int16_t, kSlots> slots_;  // phrase index + 1 by Hash, 0 when empty
  // Teddy nibble masks (see ScanAvx2), 16 buckets in two sets of 8: bit b % 8 of
  // nibbles_[b / 8][2 * j][x] is set when an anchor of bucket b has x as the low nibble of its
  // byte j (0..3), nibbles_[b / 8][2 * j + 1] for the high one.
  uint8_t nibbles_[2][8][16] = {};
};

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_PHRASE_SET_H_
