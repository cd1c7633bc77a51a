#include "modelhub/card/internal/pyyaml_tabs.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace modelhub::card::internal {
namespace {

// The first index from `i` where `s` holds a line break, a '#' or a tab, else `n`; 16 bytes at a
// time (card_bench: a byte loop was ~200 instructions per card on the corpus's tab cards).
size_t NextBreakHashOrTab(const char* s, size_t i, size_t n) {
#ifdef __SSE2__
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('#')),
                                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < n; ++i) {
    if (s[i] == '\n' || s[i] == '\r' || s[i] == '#' || s[i] == '\t') return i;
  }
  return n;
}

bool Before(Mark a, Mark b) { return a.line < b.line || (a.line == b.line && a.column < b.column); }

bool InsideAny(Mark m, const std::vector<TextRange>& ranges) {
  for (const TextRange& r : ranges) {
    if (!Before(m, r.start) && Before(m, r.end)) return true;
  }
  return false;
}

}  // namespace

std::optional<Mark> FindRejectedTab(std::string_view yaml,
                                    const std::vector<TextRange>& content_ranges) {
  // Only '#', tabs and line breaks matter, and a mark is needed only at them: counting every
  // byte's column was ~1k instructions per card once the fast path met the corpus's tab cards
  // (card_bench).
  int line = 1;
  size_t line_start = 0;
  const auto mark_at = [&](size_t i) {
    Mark mark{line, 1};
    for (size_t k = line_start; k < i; ++k) {
      mark.column += (static_cast<unsigned char>(yaml[k]) & 0xC0) != 0x80;  // UTF-8 lead bytes
    }
    return mark;
  };
  for (size_t i = 0;; ++i) {
    i = NextBreakHashOrTab(yaml.data(), i, yaml.size());
    if (i == yaml.size()) break;
    const char c = yaml[i];
    if (c == '\n' || (c == '\r' && (i + 1 == yaml.size() || yaml[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
    } else if (c == '\t') {
      const Mark mark = mark_at(i);
      if (!InsideAny(mark, content_ranges)) return mark;
    } else if (c == '#') {
      // A '#' starts a comment at a line's start or after a blank, outside quoted and block
      // scalars; the comment runs to the line break.
      const bool after_blank =
          i == line_start || yaml[i - 1] == ' ' || yaml[i - 1] == '\t' || yaml[i - 1] == '\r';
      if (after_blank && (content_ranges.empty() || !InsideAny(mark_at(i), content_ranges))) {
        while (i + 1 < yaml.size() && yaml[i + 1] != '\n' && yaml[i + 1] != '\r') ++i;
      }
    }
  }
  return std::nullopt;
}

bool FailsBefore(const YamlLoad& load, Mark tab) {
  return !load.ok() && load.error.line > 0 &&
         (load.error.line < tab.line ||
          (load.error.line == tab.line && load.error.column < tab.column));
}

YamlLoad RejectedTabError(Mark tab) {
  return YamlLoad{std::nullopt, YamlError{"ScannerError",
                                          "while scanning for the next token: found character "
                                          "'\\t' that cannot start any token",
                                          tab.line, tab.column}};
}

YamlLoad PreferRejectedTab(std::string_view yaml, const std::vector<TextRange>& content_ranges,
                           YamlLoad load) {
  const std::optional<Mark> tab = FindRejectedTab(yaml, content_ranges);
  if (!tab) return load;
  return FailsBefore(load, *tab) ? std::move(load) : RejectedTabError(*tab);
}

}  // namespace modelhub::card::internal
