// Small text helpers shared by the card parsers: line counting with the line-break rules of
// SplitFrontMatter, ASCII case folding and trimming, and UTF-8 repair for JSON output.
#ifndef MODELHUB_CARD_INTERNAL_TEXT_H_
#define MODELHUB_CARD_INTERNAL_TEXT_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace modelhub::card {
struct FrontMatter;
}  // namespace modelhub::card

namespace modelhub::card::internal {

// Whether the processor has AVX2 (with BMI1 and POPCNT): the card code's AVX2 passes are chosen
// at run time by it.
bool HasAvx2();

// SplitFrontMatter into `out`, reusing its strings' storage. With `body`, the body is not copied
// into out->body (left empty) but returned as a view into `text`.
void SplitFrontMatterInto(std::string_view text, FrontMatter* out,
                          std::string_view* body = nullptr);

// Number of line breaks in `s`, counting "\r\n", "\n" and a lone "\r" once each.
int CountLineBreaks(std::string_view s);

// Splits `s` into lines on "\n" (a trailing "\r" is dropped from each line).
std::vector<std::string_view> SplitLines(std::string_view s);
// The same into `lines`, reusing its storage.
void SplitLinesInto(std::string_view s, std::vector<std::string_view>* lines);

// The pieces joined, in one allocation.
std::string Concat(std::initializer_list<std::string_view> pieces);

// The offset in `s` of each of SplitLines(s), into `starts`, and s lower-cased (ASCII) into the
// first s.size() bytes of `lower`, which keeps any larger size it had (BodyLines, in
// model_card.h, reads the lines off `starts`). With `ascii`, whether s is all ASCII (every byte
// below 0x80) into *ascii.
void LineStartsAndLowerInto(std::string_view s, std::vector<size_t>* starts, std::string* lower,
                            bool* ascii = nullptr);

// Inline: the body scan trims ~50 lines per card, and the call was most of each (card_bench).
inline std::string_view Trim(std::string_view s) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}
std::string ToLower(std::string_view s);
// `s` lower-cased into `out`, reusing its storage.
void ToLowerInto(std::string_view s, std::string* out);
// s[0, n) lower-cased (ASCII) in place, branch-free so that GCC vectorises it.
void ToLowerInPlace(char* s, size_t n);
bool StartsWith(std::string_view s, std::string_view prefix);
// Case-insensitive (ASCII) substring search.
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);
// How often each byte occurs in a text.
using ByteCounts = std::array<uint32_t, 256>;
ByteCounts CountBytes(std::string_view s);

// First position at or after `from` of `needle` in `haystack`, both already lower-cased (ASCII);
// npos if none. Scans for the needle's rarest byte with memchr and verifies around each hit:
// card_bench spent ~17% of inspect in std::string::find, whose memchr on a needle's first byte
// ('t', 'p', ' ', ...) stops every few bytes of English text. With `counts` (of `haystack`) the
// anchor is the byte rarest in this very text, and a needle with an absent byte costs nothing;
// without, a fixed English ranking guesses (Markdown tables make '-' and digits common).
size_t FindLowered(std::string_view haystack, std::string_view needle, size_t from = 0,
                   const ByteCounts* counts = nullptr);

// Length of the valid UTF-8 sequence starting at byte `i` of `s` (1 for ASCII), or 0.
size_t Utf8SequenceAt(std::string_view s, size_t i);

// `s` with invalid UTF-8 sequences replaced by U+FFFD, so it can go into JSON.
std::string ValidUtf8(std::string_view s);
// Whether `s` is valid UTF-8 (ValidUtf8 would return it unchanged).
bool IsValidUtf8(std::string_view s);

// `s` cut to at most `max_bytes` at a character boundary, with "..." appended when cut.
std::string Excerpt(std::string_view s, size_t max_bytes = 120);

// Levenshtein distance, for "did you mean" suggestions. Exact when below `limit`; otherwise some
// value of at least `limit` (the computation stops once no alignment can come in below it).
int EditDistance(std::string_view a, std::string_view b,
                 int limit = std::numeric_limits<int>::max());

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_TEXT_H_
