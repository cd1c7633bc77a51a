#include "modelhub/card/internal/phrase_set.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace modelhub::card::internal {
namespace {

char LowerChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Rough frequency rank of a byte in English Markdown (higher is more common).
constexpr auto kCommonness = [] {
  constexpr std::string_view kByFrequency = " etaoinsrhldcumfpgwyb.,\n-v/k0123456789:";
  std::array<int, 256> rank{};
  for (size_t i = 0; i < kByFrequency.size(); ++i) {
    rank[static_cast<unsigned char>(kByFrequency[i])] = static_cast<int>(kByFrequency.size() - i);
  }
  return rank;
}();

// Bytes per 100,000 of the lower-cased model-card corpus (../shared/data/model-cards), for
// grouping anchors into Teddy buckets; unlisted ASCII is rare, non-ASCII (UTF-8) bytes common.
constexpr auto kFrequency = [] {
  std::array<double, 256> f{};
  for (int c = 0; c < 256; ++c) f[c] = c < 0x80 ? 20 : 150;
  constexpr std::pair<char, int> kMeasured[] = {
      {' ', 13365}, {'e', 7297}, {'t', 5504}, {'a', 5225}, {'n', 4586}, {'i', 4564},  {'o', 4557},
      {'s', 4197},  {'r', 4029}, {'l', 2802}, {'-', 2575}, {'d', 2561}, {'\n', 2395}, {'c', 2392},
      {'m', 2266},  {'p', 2141}, {'u', 1990}, {'h', 1926}, {'g', 1711}, {'f', 1429},  {'.', 1227},
      {'b', 1152},  {'/', 994},  {'|', 969},  {',', 749},  {'y', 739},  {':', 683},   {'w', 638},
      {'v', 633},   {'0', 627},  {'=', 586},  {'`', 579},  {'_', 572},  {'2', 474},   {'1', 449},
      {'k', 443},   {'"', 427},  {'#', 416},  {'*', 397},  {')', 390},  {'(', 389},   {'x', 327},
      {'\\', 320},  {'3', 306},  {'5', 282},  {'7', 253},  {'4', 248},  {'[', 244},   {']', 243},
      {'6', 230},   {'8', 224},  {'\'', 188}, {'z', 186},  {'9', 179},  {'>', 169},   {'<', 146},
      {'q', 131},   {'j', 105}};
  for (const auto& [c, n] : kMeasured) f[static_cast<unsigned char>(c)] = n;
  return f;
}();

// Estimated share of pairs a Teddy bucket with these nibble sets (bit x of masks[k]: nibble x of
// kind k, as in PhraseSet::nibbles_) lets through, taking the two bytes as independent.
double BucketCost(const std::array<uint16_t, 4>& masks) {
  double first = 0;
  double second = 0;
  for (int c = 0; c < 256; ++c) {
    const auto in = [&](int k, int nibble) { return ((masks[k] >> nibble) & 1) != 0; };
    if (in(0, c & 15) && in(1, c >> 4)) first += kFrequency[c];
    if (in(2, c & 15) && in(3, c >> 4)) second += kFrequency[c];
  }
  return first * second;
}

uint32_t PairAt(const unsigned char* s) { return s[0] | (uint32_t{s[1]} << 8); }

#if defined(__x86_64__) && defined(__GNUC__)
bool HasAvx2() {
  static const bool kHas = __builtin_cpu_supports("avx2") != 0;
  return kHas;
}

// The bucket bits of `bytes` under the nibble tables `lo` and `hi`.
__attribute__((target("avx2"))) inline __m256i Buckets(__m256i bytes, const uint8_t* lo,
                                                       const uint8_t* hi) {
  const __m256i low = _mm256_set1_epi8(0x0F);
  const __m256i lo_table =
      _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(lo)));
  const __m256i hi_table =
      _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(hi)));
  return _mm256_and_si256(
      _mm256_shuffle_epi8(lo_table, _mm256_and_si256(bytes, low)),
      _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(bytes, 4), low)));
}

// Bit j is set when the pair at text[j], text[j + 1] may be an anchor: for some bucket, each of
// its four nibbles is one of that bucket's. Reads text[0..32].
__attribute__((target("avx2"))) uint32_t CandidateMask(const unsigned char* text,
                                                       const uint8_t (*nibbles)[16]) {
  const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text));
  const __m256i second = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text + 1));
  const __m256i buckets = _mm256_and_si256(Buckets(first, nibbles[0], nibbles[1]),
                                           Buckets(second, nibbles[2], nibbles[3]));
  const __m256i empty = _mm256_cmpeq_epi8(buckets, _mm256_setzero_si256());
  return ~static_cast<uint32_t>(_mm256_movemask_epi8(empty));
}
#endif

}  // namespace

PhraseSet::PhraseSet(std::vector<std::string_view> phrases) : phrases_(std::move(phrases)) {
  for (size_t i = 0; i < phrases_.size(); ++i) {
    const std::string_view p = phrases_[i];
    if (p.size() < 2) std::abort();  // a programming error: anchors are byte pairs
    const auto* bytes = reinterpret_cast<const unsigned char*>(p.data());
    size_t best = 0;
    int best_score = 1 << 30;
    for (size_t k = 0; k + 1 < p.size(); ++k) {
      const int score = kCommonness[bytes[k]] + kCommonness[bytes[k + 1]];
      if (score < best_score) {
        best = k;
        best_score = score;
      }
    }
    const uint32_t pair = PairAt(bytes + best);
    filter_[pair >> 6] |= uint64_t{1} << (pair & 63);
    anchors_.push_back({pair, static_cast<uint32_t>(best), static_cast<uint32_t>(i)});
  }
  std::stable_sort(anchors_.begin(), anchors_.end());
  if (anchors_.size() >= 255 || phrases_.size() * 2 > kSlots) std::abort();  // table widths
  for (size_t i = anchors_.size(); i-- > 0;) {
    first_anchor_[anchors_[i].pair] = static_cast<uint8_t>(i);
  }
  // Teddy buckets: the distinct pairs, commonest first, each into the bucket whose estimated
  // false candidates grow least (card_bench corpus: 4-5% of positions become candidates, against
  // 13-14% for buckets of neighbouring pairs; 2% are anchors).
  std::vector<uint32_t> pairs;
  for (const Anchor& a : anchors_) {
    if (pairs.empty() || pairs.back() != a.pair) pairs.push_back(a.pair);
  }
  const auto weight = [](uint32_t pair) { return kFrequency[pair & 255] * kFrequency[pair >> 8]; };
  std::stable_sort(pairs.begin(), pairs.end(),
                   [&](uint32_t x, uint32_t y) { return weight(x) > weight(y); });
  std::array<std::array<uint16_t, 4>, 8> buckets{};
  const auto with = [](std::array<uint16_t, 4> masks, uint32_t pair) {
    for (int k = 0; k < 4; ++k) masks[k] |= static_cast<uint16_t>(1U << ((pair >> (4 * k)) & 15));
    return masks;
  };
  for (const uint32_t pair : pairs) {
    size_t best = 0;
    double best_growth = 0;
    for (size_t b = 0; b < buckets.size(); ++b) {
      const double growth = BucketCost(with(buckets[b], pair)) - BucketCost(buckets[b]);
      if (b == 0 || growth < best_growth) {
        best = b;
        best_growth = growth;
      }
    }
    buckets[best] = with(buckets[best], pair);
    for (int k = 0; k < 4; ++k)
      nibbles_[k][(pair >> (4 * k)) & 15] |= static_cast<uint8_t>(1U << best);
  }
  slots_.fill(0);
  for (size_t i = 0; i < phrases_.size(); ++i) {
    size_t slot = Hash(phrases_[i]) % kSlots;
    while (slots_[slot] != 0) slot = (slot + 1) % kSlots;
    slots_[slot] = static_cast<int16_t>(i + 1);
  }
}

uint32_t PhraseSet::Hash(std::string_view phrase) {
  // Length and three bytes: enough to spread ~50 phrases over the slots, and cheap next to the
  // comparison that confirms a match.
  if (phrase.empty()) return 0;
  const auto at = [&](size_t i) {
    return uint32_t{static_cast<unsigned char>(LowerChar(phrase[i]))};
  };
  return static_cast<uint32_t>(phrase.size()) * 2654435761U ^ at(0) * 31U ^
         at(phrase.size() / 2) * 131U ^ at(phrase.size() - 1) * 7919U;
}

// Hashed: lint and trust look phrases up by text many times per card (card_bench: a linear
// search over the phrases was ~2% of inspect).
int PhraseSet::IndexOf(std::string_view phrase) const {
  for (size_t slot = Hash(phrase) % kSlots; slots_[slot] != 0; slot = (slot + 1) % kSlots) {
    const std::string_view p = phrases_[static_cast<size_t>(slots_[slot] - 1)];
    if (p.size() != phrase.size()) continue;
    // Most callers pass the phrase as stored (lower case): one memcmp instead of the byte loop.
    if (std::memcmp(p.data(), phrase.data(), p.size()) == 0) return slots_[slot] - 1;
    size_t k = 0;
    while (k < p.size() && p[k] == LowerChar(phrase[k])) ++k;
    if (k == p.size()) return slots_[slot] - 1;
  }
  return -1;
}

// Inlined into FindFirst's scan: called for ~2% of the text's positions, its call and register
// saves were ~40% of its cost (card_bench).
__attribute__((always_inline)) inline bool PhraseSet::Check(std::string_view text, size_t at,
                                                            uint32_t pair,
                                                            std::vector<size_t>* first,
                                                            size_t* remaining) const {
  for (auto it = anchors_.begin() + first_anchor_[pair]; it != anchors_.end() && it->pair == pair;
       ++it) {
    const std::string_view p = phrases_[it->phrase];
    size_t& slot = (*first)[it->phrase];
    if (slot != std::string_view::npos || at < it->offset) continue;
    const size_t start = at - it->offset;
    // The bytes either side of the anchor first: most anchor hits fail there, and memcmp's call
    // was half of this function's cost.
    if (p.size() > text.size() - start || text[start] != p.front() ||
        text[start + p.size() - 1] != p.back() ||
        std::memcmp(text.data() + start, p.data(), p.size()) != 0) {
      continue;
    }
    slot = start;
    if (--*remaining == 0) return false;
  }
  return true;
}

void PhraseSet::FindFirst(std::string_view text, std::vector<size_t>* first) const {
  first->assign(phrases_.size(), std::string_view::npos);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t remaining = phrases_.size();
  if (remaining == 0) return;
  // Positions are visited in order, so a phrase's first match is its first occurrence. (Testing
  // two positions per branch was slower.)
  const auto visit = [&](size_t i) {
    const uint32_t pair = PairAt(s + i);
    return ((filter_[pair >> 6] >> (pair & 63)) & 1) == 0 ||
           Check(text, i, pair, first, &remaining);
  };
  size_t i = 0;
#if defined(__x86_64__) && defined(__GNUC__)
  if (HasAvx2()) {
    for (; i + 32 < n; i += 32) {  // the block's last pair ends at text[i + 32]
      for (uint32_t mask = CandidateMask(s + i, nibbles_); mask != 0; mask &= mask - 1) {
        if (!visit(i + static_cast<size_t>(__builtin_ctz(mask)))) return;
      }
    }
  }
#endif
  for (; i + 1 < n; ++i) {
    if (!visit(i)) return;
  }
}

}  // namespace modelhub::card::internal
