#include "modelhub/card/internal/text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace modelhub::card::internal {

bool HasAvx2() {
#if defined(__x86_64__) && defined(__GNUC__)
  // With BMI1 and POPCNT, which every AVX2 processor has (LineStartsAvx2 and others use them).
  static const bool kHas = __builtin_cpu_supports("avx2") != 0 &&
                           __builtin_cpu_supports("bmi") != 0 &&
                           __builtin_cpu_supports("popcnt") != 0;
  return kHas;
#else
  return false;
#endif
}

namespace {

char LowerChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

#if defined(__x86_64__) && defined(__GNUC__)
// LineStartsAndLowerInto's passes over the whole 32-byte blocks of in[0, n), SIMD; each
// returns the bytes it did. This one lower-cases them into `to`, counts their '\n's and ORs
// their bytes' high bits into *high.
__attribute__((target("avx2"))) size_t LowerAvx2(const unsigned char* in, unsigned char* to,
                                                 size_t n, size_t* breaks, unsigned* high) {
  // 'A'..'Z' plus 0x3F are -128..-103 as signed bytes and nothing else is: one add and one
  // signed compare find the upper-case bytes. The '\n's are counted per byte lane (a compare
  // gives -1), summed every 255 blocks. card_bench: two compares and a movemask and popcount per
  // block were ~4 more instructions per 32 bytes.
  const __m256i shift = _mm256_set1_epi8(0x80 - 'A');
  const __m256i below_z = _mm256_set1_epi8(static_cast<char>(-128 + 26));
  const __m256i case_bit = _mm256_set1_epi8(32);
  const __m256i newline = _mm256_set1_epi8('\n');
  __m256i any = _mm256_setzero_si256();
  __m256i sums = _mm256_setzero_si256();
  const size_t whole = n & ~size_t{31};
  size_t i = 0;
  while (i < whole) {
    __m256i counters = _mm256_setzero_si256();
    // One bound per block: counting the 255 blocks apart cost a compare and a register copy.
    for (const size_t stop = std::min(whole, i + 255 * 32); i < stop; i += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i));
      any = _mm256_or_si256(any, v);
      const __m256i upper = _mm256_cmpgt_epi8(below_z, _mm256_add_epi8(v, shift));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(to + i),
                          _mm256_add_epi8(v, _mm256_and_si256(upper, case_bit)));
      counters = _mm256_sub_epi8(counters, _mm256_cmpeq_epi8(v, newline));
    }
    sums = _mm256_add_epi64(sums, _mm256_sad_epu8(counters, _mm256_setzero_si256()));
  }
  const __m128i half =
      _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
  *breaks += static_cast<size_t>(_mm_cvtsi128_si64(half)) +
             static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(half, half)));
  *high |= static_cast<unsigned>(_mm256_movemask_epi8(any));
  return i;
}

// The offsets after the breaks of one block at `i` (bit k of `breaks`: a '\n' at i + k) written
// to *out, advancing it. The first three are written whether or not the block has them, the
// pointer then advancing by the count, so that blocks with few breaks (nearly all: lines average
// ~40 bytes) take no unpredictable branch; the caller leaves room for three entries past the last.
__attribute__((target("bmi,popcnt"), always_inline)) inline void WriteLineStarts(uint64_t breaks,
                                                                                 size_t i,
                                                                                 size_t** out) {
  size_t* o = *out;
  const auto count = static_cast<size_t>(_mm_popcnt_u64(breaks));
  o[0] = i + _tzcnt_u64(breaks) + 1;  // tzcnt of 0 is 64: a value in a slot not kept
  breaks = _blsr_u64(breaks);
  o[1] = i + _tzcnt_u64(breaks) + 1;
  breaks = _blsr_u64(breaks);
  o[2] = i + _tzcnt_u64(breaks) + 1;
  if (count > 3) {
    for (size_t k = 3; (breaks = _blsr_u64(breaks)) != 0; ++k) o[k] = i + _tzcnt_u64(breaks) + 1;
  }
  *out = o + count;
}

// Bit k: whether p[k] is a '\n', for k < 32.
__attribute__((target("avx2"), always_inline)) inline uint64_t BreaksAt(const unsigned char* p) {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n'))));
}

// This one writes the offset after each '\n' to *next (advancing it), 64 bytes at a time, then
// one 32-byte block (card_bench: ~1.7k fewer instructions per card than 32 bytes at a time, ~1.5%
// more cards/s; four offsets per 32 bytes instead of two gained nothing).
__attribute__((target("avx2,bmi,popcnt"))) size_t LineStartsAvx2(const unsigned char* in, size_t n,
                                                                 size_t** next) {
  size_t* out = *next;  // a local: through `next` it was stored back after every block
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    WriteLineStarts(BreaksAt(in + i) | BreaksAt(in + i + 32) << 32, i, &out);
  }
  if (i + 32 <= n) {
    WriteLineStarts(BreaksAt(in + i), i, &out);
    i += 32;
  }
  *next = out;
  return i;
}
#endif

}  // namespace

int CountLineBreaks(std::string_view s) {
  if (s.find('\r') == std::string_view::npos) {
    size_t count = 0;
    size_t i = 0;
#ifdef __SSE2__
    // Per-byte counters (a compare gives -1 per '\n') summed every 255 blocks: GCC's own
    // vectorisation of the byte loop widened every compare to 64-bit lanes (card_bench).
    const auto* in = reinterpret_cast<const unsigned char*>(s.data());
    const __m128i newline = _mm_set1_epi8('\n');
    while (i + 16 <= s.size()) {
      __m128i counters = _mm_setzero_si128();
      for (int blocks = 0; blocks < 255 && i + 16 <= s.size(); ++blocks, i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
        counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(v, newline));
      }
      const __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
      count += static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
               static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
    }
#endif
    for (; i < s.size(); ++i) count += s[i] == '\n' ? 1 : 0;
    return static_cast<int>(count);
  }
  int count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++count;
    } else if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) {
      ++count;
    }
  }
  return count;
}

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  SplitLinesInto(s, &lines);
  return lines;
}

void SplitLinesInto(std::string_view s, std::vector<std::string_view>* lines) {
  lines->clear();
  lines->reserve(s.size() / 32 + 1);  // card lines average ~40 bytes; saves the regrowth copies
  size_t pos = 0;
  while (pos < s.size()) {
    size_t eol = s.find('\n', pos);
    if (eol == std::string_view::npos) eol = s.size();
    std::string_view line = s.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines->push_back(line);
    pos = eol + 1;
  }
}

void LineStartsAndLowerInto(std::string_view s, std::vector<size_t>* starts, std::string* lower,
                            bool* ascii) {
  // Two passes over the text: lower-case while counting line breaks, then the line starts into
  // the vector sized once. card_bench: pushing each start as a break was met cost ~45
  // instructions per line, reloading the vector's end after every store; one pass with memchr per
  // line and a lower-casing pass before that cost more still. `lower` only grows: resizing it to
  // each text's size zero-filled every byte that the text then overwrote (~3k instructions per
  // card).
  if (lower->size() < s.size()) lower->resize(s.size());
  if (s.empty()) {
    starts->clear();
    if (ascii != nullptr) *ascii = true;
    return;
  }
  const auto* in = reinterpret_cast<const unsigned char*>(s.data());
  auto* to = reinterpret_cast<unsigned char*>(lower->data());
  size_t breaks = 0;
  unsigned high = 0;  // nonzero once a byte from 0x80 is seen
  size_t i = 0;
#if defined(__x86_64__) && defined(__GNUC__)
  if (HasAvx2()) i = LowerAvx2(in, to, s.size(), &breaks, &high);
#endif
#ifdef __SSE2__
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    // Signed compares: bytes from 0x80 are negative, so never in 'A'..'Z'.
    const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                        _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + i),
                     _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(32))));
    breaks += static_cast<size_t>(__builtin_popcount(
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))))));
    high |= static_cast<unsigned>(_mm_movemask_epi8(v));
  }
#endif
  for (; i < s.size(); ++i) {
    const unsigned char c = in[i];
    to[i] = static_cast<unsigned char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 32 : 0));
    breaks += c == '\n' ? 1 : 0;
    high |= c & 0x80U;
  }
  if (ascii != nullptr) *ascii = high == 0;
  // A line starts at 0 and after every break but a final one.
  const size_t count = breaks + (s.back() == '\n' ? 0 : 1);
  starts->resize(breaks + 1 + 3);  // LineStartsAvx2 may write three entries past the last
  size_t* next = starts->data();
  *next++ = 0;
  i = 0;
#if defined(__x86_64__) && defined(__GNUC__)
  if (HasAvx2()) i = LineStartsAvx2(in, s.size(), &next);
#endif
  for (; i < s.size(); ++i) {
    if (in[i] == '\n') *next++ = i + 1;
  }
  starts->resize(count);
}

std::string ToLower(std::string_view s) {
  std::string out;
  ToLowerInto(s, &out);
  return out;
}

void ToLowerInto(std::string_view s, std::string* out) {
  // Branch-free so that GCC vectorises it (card_bench: lower-casing each card's body byte by
  // byte was ~2% of inspect).
  out->resize(s.size());
  const auto* in = reinterpret_cast<const unsigned char*>(s.data());
  auto* to = reinterpret_cast<unsigned char*>(out->data());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = in[i];
    to[i] = static_cast<unsigned char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 32 : 0));
  }
}

void ToLowerInPlace(char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    s[i] = static_cast<char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 32 : 0));
  }
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

namespace {

// Rough frequency rank of a byte in English Markdown (higher is more common); the rarest byte of
// a needle is the best memchr anchor.
constexpr auto kCommonness = [] {
  constexpr std::string_view kByFrequency = " etaoinsrhldcumfpgwyb.,\n-v/k0123456789:";
  std::array<unsigned char, 256> rank{};
  for (size_t i = 0; i < kByFrequency.size(); ++i) {
    rank[static_cast<unsigned char>(kByFrequency[i])] =
        static_cast<unsigned char>(kByFrequency.size() - i);
  }
  return rank;
}();

int Commonness(char c) { return kCommonness[static_cast<unsigned char>(c)]; }

size_t RarestIndex(std::string_view needle) {
  size_t best = 0;
  for (size_t i = 1; i < needle.size(); ++i) {
    if (Commonness(needle[i]) < Commonness(needle[best])) best = i;
  }
  return best;
}

}  // namespace

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > haystack.size()) return false;
  const size_t k = RarestIndex(needle);
  const char anchor = LowerChar(needle[k]);
  for (size_t i = k; i + needle.size() - k <= haystack.size(); ++i) {
    if (LowerChar(haystack[i]) != anchor) continue;
    const size_t start = i - k;
    size_t j = 0;
    while (j < needle.size() && LowerChar(haystack[start + j]) == LowerChar(needle[j])) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

ByteCounts CountBytes(std::string_view s) {
  // Four interleaved tables so that runs of one byte do not serialise on one counter.
  std::array<ByteCounts, 4> partial{};
  size_t i = 0;
  for (; i + 4 <= s.size(); i += 4) {
    ++partial[0][static_cast<unsigned char>(s[i])];
    ++partial[1][static_cast<unsigned char>(s[i + 1])];
    ++partial[2][static_cast<unsigned char>(s[i + 2])];
    ++partial[3][static_cast<unsigned char>(s[i + 3])];
  }
  for (; i < s.size(); ++i) ++partial[0][static_cast<unsigned char>(s[i])];
  ByteCounts counts{};
  for (size_t c = 0; c < counts.size(); ++c) {
    counts[c] = partial[0][c] + partial[1][c] + partial[2][c] + partial[3][c];
  }
  return counts;
}

size_t FindLowered(std::string_view haystack, std::string_view needle, size_t from,
                   const ByteCounts* counts) {
  if (needle.empty()) return from <= haystack.size() ? from : std::string_view::npos;
  if (from >= haystack.size() || needle.size() > haystack.size() - from) {
    return std::string_view::npos;
  }
  size_t k = 0;
  if (counts != nullptr) {
    const auto count = [&](size_t i) { return (*counts)[static_cast<unsigned char>(needle[i])]; };
    for (size_t i = 1; i < needle.size(); ++i) {
      if (count(i) < count(k)) k = i;
    }
    if (count(k) == 0) return std::string_view::npos;
  } else {
    k = RarestIndex(needle);
  }
  const char* const base = haystack.data();
  const char* p = base + from + k;
  const char* const last = base + haystack.size() - (needle.size() - k);  // last anchor position
  while (p <= last) {
    p = static_cast<const char*>(std::memchr(p, needle[k], static_cast<size_t>(last - p) + 1));
    if (p == nullptr) return std::string_view::npos;
    const char* start = p - k;
    // Check the first and last bytes inline before calling memcmp: with dense anchors most
    // hits fail there.
    if (start[0] == needle.front() && start[needle.size() - 1] == needle.back() &&
        std::memcmp(start, needle.data(), needle.size()) == 0) {
      return static_cast<size_t>(start - base);
    }
    ++p;
  }
  return std::string_view::npos;
}

// Length of the valid UTF-8 sequence at `i`, or 0.
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  unsigned code = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    code = (code << 6) | (b & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

namespace {

// End of the valid UTF-8 run of `s` that starts at `i`.
size_t ValidRunEnd(std::string_view s, size_t i) {
  size_t run = i;
  while (run < s.size()) {
    if (run + 8 <= s.size()) {  // eight ASCII bytes at a time
      uint64_t word;
      std::memcpy(&word, s.data() + run, sizeof word);
      if ((word & kHighBits) == 0) {
        run += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[run]) < 0x80) {
      ++run;
      continue;
    }
    const size_t n = Utf8SequenceAt(s, run);
    if (n == 0) break;
    run += n;
  }
  return run;
}

}  // namespace

bool IsValidUtf8(std::string_view s) { return ValidRunEnd(s, 0) == s.size(); }

namespace {

// ValidUtf8(s) appended to `out`.
void AppendValidUtf8(std::string_view s, std::string* out) {
  // Valid text is appended in runs: card_bench spent ~2.5% of inspect appending byte by byte.
  for (size_t i = 0; i < s.size();) {
    size_t run = ValidRunEnd(s, i);
    out->append(s.data() + i, run - i);
    if (run < s.size()) {
      *out += "\xEF\xBF\xBD";
      ++run;
    }
    i = run;
  }
}

}  // namespace

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendValidUtf8(s, &out);
  return out;
}

std::string Concat(std::initializer_list<std::string_view> pieces) {
  size_t size = 0;
  for (std::string_view piece : pieces) size += piece.size();
  std::string out;
  out.reserve(size);
  for (std::string_view piece : pieces) out.append(piece);
  return out;
}

std::string Excerpt(std::string_view s, size_t max_bytes) {
  s = Trim(s);
  const bool cut = s.size() > max_bytes;
  size_t size = s.size();
  if (cut) {
    size = max_bytes;
    while (size > 0 && (static_cast<unsigned char>(s[size]) & 0xC0) == 0x80) --size;
  }
  // One string with room for the "...": ValidUtf8(..) + "..." grew (reallocated and copied) a
  // second one per cut quote (card_bench: ~2k excerpts per 2k cards, most of them cut).
  std::string out;
  out.reserve(size + (cut ? 3 : 0));
  AppendValidUtf8(s.substr(0, size), &out);
  if (cut) out += "...";
  return out;
}

int EditDistance(std::string_view a, std::string_view b, int limit) {
  // Banded (Ukkonen): a cell off the diagonal by d has a distance of at least d, and every
  // distance of `cap` or more is the same to the caller, so cells are capped at `cap` (the cap
  // commutes with the recurrence's min and +1) and only those within cap - 1 of the diagonal are
  // computed; the rest read as `cap`. card_bench: the full rows were ~450 instructions per card
  // (Suggest over a vocabulary with limit <= 4: a band of 7 cells in rows of ~20).
  if (limit <= 0) return 0;  // nothing is below the limit
  const size_t n = a.size();
  const size_t m = b.size();
  const size_t longest = std::max(n, m);
  // No distance exceeds `longest`: a larger limit caps nothing.
  const int cap = static_cast<size_t>(limit) > longest ? static_cast<int>(longest) + 1 : limit;
  const auto band = static_cast<size_t>(cap);
  // One row on the stack for vocabulary-sized words (Suggest calls this per candidate).
  std::array<int, 64> small;
  std::vector<int> large;
  if (m >= small.size()) large.resize(m + 1);
  int* row = large.empty() ? small.data() : large.data();
  for (size_t j = 0; j <= m; ++j) row[j] = static_cast<int>(std::min(j, band));
  for (size_t i = 1; i <= n; ++i) {
    const size_t lo = i > band ? i - band + 1 : 1;
    const size_t hi = std::min(m, i + band - 1);
    if (lo > hi && lo > 1) return cap;  // the row's cells are all off the band
    int diagonal = row[lo - 1];
    int left;
    int lowest = cap;
    if (lo == 1) {
      left = row[0] = static_cast<int>(std::min(i, band));
      lowest = left;
    } else {
      left = row[lo - 1] = cap;  // off the band in this row
    }
    const char c = a[i - 1];
    for (size_t j = lo; j <= hi; ++j) {
      const int above = row[j];
      const int v = std::min({above + 1, left + 1, diagonal + (c == b[j - 1] ? 0 : 1), cap});
      row[j] = v;
      left = v;
      diagonal = above;
      lowest = std::min(lowest, v);
    }
    // A row's minimum never falls in later rows, so the distance is at least `lowest`: Suggest
    // only wants distances below its best so far (card_bench: the full table for every
    // vocabulary entry was ~1% of inspect over the corpus's few unknown values).
    if (lowest >= cap) return cap;
  }
  return row[m];
}

}  // namespace modelhub::card::internal
