#include "modelhub/card/front_matter.h"

#include <algorithm>
#include <cstddef>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "modelhub/card/internal/text.h"

namespace modelhub::card {
namespace {

using internal::CountLineBreaks;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Python's `\s` on str: ASCII whitespace, \x1c-\x1f and the Unicode spaces. Returns the byte
// length of the whitespace character at `i`, or 0.
size_t PythonSpaceAt(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) return 1;
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  if (c == 0xC2 && (at(1) == 0x85 || at(1) == 0xA0)) return 2;
  if (c == 0xE1 && at(1) == 0x9A && at(2) == 0x80) return 3;
  if (c == 0xE2 && at(1) == 0x80 &&
      ((at(2) >= 0x80 && at(2) <= 0x8A) || at(2) == 0xA8 || at(2) == 0xA9 || at(2) == 0xAF)) {
    return 3;
  }
  if (c == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;
  if (c == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;
  return 0;
}

// Matches `(?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$)` at `pos`; returns the end of the match or npos.
// Byte compares rather than string compares: each is a memcmp call, and the YAML's list items
// ("\n- x") reach the "---" test (card_bench).
size_t MatchClosingFence(std::string_view s, size_t pos) {
  const auto at = [&](size_t k) { return k < s.size() ? s[k] : '\0'; };
  size_t i = pos;
  // Most lines are not the fence: after "\n" the next byte must be its first '-'.
  if (s[i] == '\n' && at(i + 1) != '-') return std::string_view::npos;
  if (s[i] == '\r' && at(i + 1) == '\n' && at(i + 2) == '-' && at(i + 3) == '-' &&
      at(i + 4) == '-') {
    i += 2;
  } else if (s[i] == '\r' || s[i] == '\n') {
    i += 1;
  } else {
    return std::string_view::npos;
  }
  if (at(i) != '-' || at(i + 1) != '-' || at(i + 2) != '-') return std::string_view::npos;
  i += 3;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i == s.size()) return i;
  if (s[i] == '\r' && at(i + 1) == '\n') return i + 2;
  if (s[i] == '\n') return i + 1;
  return std::string_view::npos;
}

// The lazy `([\S\s]*?)` followed by the closing fence: the first position from `start` on where
// the fence matches. Returns {yaml_end, match_end} or npos. The fence is a line break and "---",
// so only breaks followed by "---" are tried, found 16 positions at a time: a memchr per line was
// ~20 calls per card, and glibc's memmem for "---" ~3.6k instructions per card (card_bench).
// *newlines: the '\n's in [start, yaml_end), counted on the way (CountLineBreaks over the front
// matter afterwards, a memchr and a second pass, was ~320 instructions per card more: card_bench),
// or -1 when a '\r' came first, whose line breaks only CountLineBreaks counts.
std::pair<size_t, size_t> FindClosingFence(std::string_view s, size_t start, int* newlines) {
  const auto attempt = [&](size_t e) {
    // "\r\n" is tried at its '\r', which comes first; if that fails, so does its '\n'.
    if (s[e] == '\n' && e > start && s[e - 1] == '\r') --e;
    return std::pair<size_t, size_t>{e, MatchClosingFence(s, e)};
  };
  size_t e = start;
  size_t count = 0;
  bool carriage_return = false;
#ifdef __SSE2__
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  const auto load = [&](size_t at) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + at));
  };
  const __m128i dash = _mm_set1_epi8('-');
  // Per-byte '\n' counters (a compare gives -1), summed every 255 blocks and at the end.
  __m128i returns = _mm_setzero_si128();
  const auto sum = [](__m128i c) {
    const __m128i sums = _mm_sad_epu8(c, _mm_setzero_si128());
    return static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
           static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  };
  const size_t limit = s.size() < 19 ? 0 : s.size() - 18;  // a block reads s[e..e + 18]
  while (e < limit) {
    __m128i counters = _mm_setzero_si128();
    for (const size_t stop = std::min(limit, e + 255 * 16); e < stop; e += 16) {
      const __m128i here = load(e);
      const __m128i newline = _mm_cmpeq_epi8(here, _mm_set1_epi8('\n'));
      const __m128i cr = _mm_cmpeq_epi8(here, _mm_set1_epi8('\r'));
      counters = _mm_sub_epi8(counters, newline);
      returns = _mm_or_si128(returns, cr);
      const __m128i dashes = _mm_and_si128(
          _mm_and_si128(_mm_cmpeq_epi8(load(e + 1), dash), _mm_cmpeq_epi8(load(e + 2), dash)),
          _mm_cmpeq_epi8(load(e + 3), dash));
      for (auto mask = static_cast<unsigned>(
               _mm_movemask_epi8(_mm_and_si128(_mm_or_si128(newline, cr), dashes)));
           mask != 0; mask &= mask - 1) {
        const auto match = attempt(e + static_cast<size_t>(__builtin_ctz(mask)));
        if (match.second == std::string_view::npos) continue;
        *newlines = -1;
        if (_mm_movemask_epi8(returns) == 0) {  // then match.first is e + ctz, a '\n'
          // This block's '\n's from the match on are past yaml_end.
          auto past =
              static_cast<unsigned>(_mm_movemask_epi8(newline)) & ~((1U << (match.first - e)) - 1);
          size_t beyond = 0;
          for (; past != 0; past &= past - 1) ++beyond;  // no popcnt without -mpopcnt
          *newlines = static_cast<int>(count + sum(counters) - beyond);
        }
        return match;
      }
    }
    count += sum(counters);
  }
  carriage_return = _mm_movemask_epi8(returns) != 0;
#endif
  for (; e + 3 < s.size(); ++e) {
    if ((s[e] != '\n' && s[e] != '\r') || s[e + 1] != '-' || s[e + 2] != '-' || s[e + 3] != '-') {
      count += s[e] == '\n' ? 1 : 0;
      carriage_return = carriage_return || s[e] == '\r';
      continue;
    }
    const auto match = attempt(e);
    if (match.second != std::string_view::npos) {
      *newlines = carriage_return || s[e] == '\r' ? -1 : static_cast<int>(count);
      return match;
    }
    count += s[e] == '\n' ? 1 : 0;
    carriage_return = carriage_return || s[e] == '\r';
  }
  return {std::string_view::npos, std::string_view::npos};
}

// CountLineBreaks of a few bytes (the opening and the closing fence): its memchr for '\r' and
// vector loop were ~60 instructions per card more (card_bench).
int ShortLineBreaks(std::string_view s) {
  int count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    count += s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) ? 1 : 0;
  }
  return count;
}

bool IsFenceLine(std::string_view line) {
  if (line.substr(0, 3) != "---") return false;
  for (char c : line.substr(3)) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// A `---` line followed, before the next `---` line, by something that looks like `key:`. Cards
// that put a title or a comment above their metadata lose it on the Hub; lint points here.
int FindLateBlock(std::string_view s) {
  int line = 1;
  int open_line = 0;
  bool saw_key = false;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t eol = s.find('\n', pos);
    if (eol == std::string_view::npos) eol = s.size();
    const std::string_view text = s.substr(pos, eol - pos);
    if (IsFenceLine(text)) {
      if (open_line != 0 && saw_key) return open_line;
      open_line = line;
      saw_key = false;
    } else if (open_line != 0 && !saw_key) {
      const size_t colon = text.find(':');
      saw_key = colon != std::string_view::npos && colon > 0 && text[0] != ' ' && text[0] != '#';
      if (!saw_key && !text.empty() && text != "\r") open_line = 0;
    }
    ++line;
    pos = eol + 1;
  }
  return 0;
}

}  // namespace

FrontMatter SplitFrontMatter(std::string_view text) {
  FrontMatter result;
  internal::SplitFrontMatterInto(text, &result);
  return result;
}

namespace internal {

void SplitFrontMatterInto(std::string_view text, FrontMatter* out, std::string_view* body) {
  FrontMatter& result = *out;
  const auto set_body = [&](std::string_view view) {
    if (body != nullptr) {
      result.body.clear();
      *body = view;
    } else {
      result.body.assign(view);
    }
  };
  result.present = false;
  result.had_bom = false;
  result.yaml.clear();
  result.yaml_line = 0;
  result.body_line = 1;
  result.late_block_line = 0;
  size_t offset = 0;
  if (text.substr(0, kBom.size()) == kBom) {
    result.had_bom = true;
    offset = kBom.size();
  }
  const std::string_view s = text.substr(offset);

  size_t i = 0;
  while (i < s.size()) {
    const size_t n = PythonSpaceAt(s, i);
    if (n == 0) break;
    i += n;
  }
  if (s.compare(i, 3, "---") == 0) {
    i += 3;
    // `(?:\r\n|\r|\n)`: try "\r\n" first and, as the regex engine would on failure, fall back to
    // the lone "\r", which lets the YAML start at the "\n".
    std::pair<size_t, size_t> fence{std::string_view::npos, std::string_view::npos};
    size_t yaml_start = std::string_view::npos;
    int yaml_newlines = -1;
    if (s.compare(i, 2, "\r\n") == 0) {
      yaml_start = i + 2;
      fence = FindClosingFence(s, yaml_start, &yaml_newlines);
      if (fence.first == std::string_view::npos) {
        yaml_start = i + 1;
        fence = FindClosingFence(s, yaml_start, &yaml_newlines);
      }
    } else if (i < s.size() && (s[i] == '\r' || s[i] == '\n')) {
      yaml_start = i + 1;
      fence = FindClosingFence(s, yaml_start, &yaml_newlines);
    }
    if (fence.first != std::string_view::npos) {
      result.present = true;
      result.yaml.assign(s.substr(yaml_start, fence.first - yaml_start));
      result.yaml_line = 1 + ShortLineBreaks(s.substr(0, yaml_start));
      set_body(s.substr(fence.second));
      // The three parts' line breaks add up unless a "\r\n" straddles yaml_start (the YAML
      // then starts at its '\n'); a '\r' in the YAML leaves yaml_newlines -1.
      const bool split = s[yaml_start - 1] == '\r' && s[yaml_start] == '\n';
      result.body_line =
          yaml_newlines >= 0 && !split
              ? result.yaml_line + yaml_newlines +
                    ShortLineBreaks(s.substr(fence.first, fence.second - fence.first))
              : 1 + CountLineBreaks(s.substr(0, fence.second));
      return;
    }
  }
  set_body(s);
  result.late_block_line = FindLateBlock(s);
}

}  // namespace internal

core::Result<nlohmann::json> ParseYaml(std::string_view yaml) {
  YamlLoad load = LoadYaml(yaml);
  if (!load.ok()) {
    return core::Unexpected(core::ErrorCode::kBadRequest, load.error.ToString());
  }
  return std::move(load.document->value);
}

core::Result<nlohmann::json> ParseCardMetadata(std::string_view readme_text) {
  const FrontMatter front = SplitFrontMatter(readme_text);
  if (!front.present) return nlohmann::json::object();
  YamlLoad load = LoadYaml(front.yaml);
  if (!load.ok()) {
    load.error.line += front.yaml_line - 1;
    return core::Unexpected(core::ErrorCode::kBadRequest, load.error.ToString());
  }
  nlohmann::json& value = load.document->value;
  if (value.is_null()) return nlohmann::json::object();
  if (!value.is_object()) {
    return core::Unexpected(core::ErrorCode::kBadRequest,
                            "repo card metadata block should be a dict");
  }
  return std::move(value);
}

}  // namespace modelhub::card
