#include "modelhub/card/internal/yaml_fast_scanner.h"

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

#include "modelhub/card/internal/text.h"

namespace modelhub::card::internal {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The first index from `i` below `n` where `s` holds `a`, `b` or `c`, else `n`. 16 bytes at a
// time: byte loops over quoted and plain scalars were ~5k instructions per card (card_bench).
size_t FindAnyOf(const char* s, size_t i, size_t n, char a, char b, char c) {
#ifdef __SSE2__
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  const __m128i vc = _mm_set1_epi8(c);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, va),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, vb), _mm_cmpeq_epi8(v, vc)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < n; ++i) {
    if (s[i] == a || s[i] == b || s[i] == c) return i;
  }
  return n;
}

// What a byte tells as the lead of a UTF-8 sequence: its length (0: not a lead byte) and whether
// some of its sequences are invalid or unwanted (see Prevalidate).
constexpr uint8_t kUtf8Length = 0x7;
constexpr uint8_t kUtf8Special = 0x8;
constexpr auto kUtf8Lead = [] {
  std::array<uint8_t, 256> table{};
  for (int c = 0xC2; c < 0xF5; ++c) table[c] = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  for (const int c : {0xC2, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4}) table[c] |= kUtf8Special;
  return table;
}();

#if defined(__x86_64__) && defined(__GNUC__)
// Prevalidate's skip over the text from `i` that needs no look, 32 bytes at a time: printable
// ASCII and line breaks, with no line starting with '%', "--" or "..". Returns the first position
// that needs one, or where fewer than 33 bytes remain; *line_start is whether that position
// starts a line (as it was for `i` on entry). card_bench: the byte loop, with its SSE2 skip to
// each line's end, stopped at every line break (~2.8% of inspect time).
__attribute__((target("avx2"))) size_t SkipPlainAvx2(const unsigned char* s, size_t i, size_t n,
                                                     bool* line_start) {
  const __m256i newline = _mm256_set1_epi8('\n');
  const __m256i space = _mm256_set1_epi8(0x20);
  const __m256i del = _mm256_set1_epi8(0x7F);
  const __m256i percent = _mm256_set1_epi8('%');
  const __m256i dash = _mm256_set1_epi8('-');
  const __m256i dot = _mm256_set1_epi8('.');
  uint32_t starts_line = *line_start ? 1 : 0;
  for (; i + 33 <= n; i += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i));
    const __m256i next = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i + 1));
    const auto breaks = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, newline)));
    // Signed: bytes from 0x80 are negative, so below 0x20 covers controls and non-ASCII.
    const auto other = static_cast<uint32_t>(_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_cmpgt_epi8(space, v), _mm256_cmpeq_epi8(v, del))));
    const auto markers = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(
        _mm256_cmpeq_epi8(v, percent),
        _mm256_or_si256(
            _mm256_and_si256(_mm256_cmpeq_epi8(v, dash), _mm256_cmpeq_epi8(next, dash)),
            _mm256_and_si256(_mm256_cmpeq_epi8(v, dot), _mm256_cmpeq_epi8(next, dot))))));
    const uint32_t starts = (breaks << 1) | starts_line;
    const uint32_t look = (other & ~breaks) | (markers & starts);
    if (look != 0) {
      const int at = __builtin_ctz(look);
      *line_start = ((starts >> at) & 1) != 0;
      return i + static_cast<size_t>(at);
    }
    starts_line = breaks >> 31;
  }
  *line_start = starts_line != 0;
  return i;
}
#endif

}  // namespace

int FastYamlScanner::CountColumn(size_t offset) const {
  // Most front matter is ASCII (Column()); counting characters for every mark was ~1.5% of
  // inspect.
  int column = 0;
  for (size_t i = line_start_; i < offset; ++i) {
    column += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  }
  return column;
}

// A tab the fast path reads as libyaml does: in the blanks that end a line (before LF, CRLF or
// the end), after a character on that line that is none of the indicators a tab could follow as
// separation (': ', '- ', '? ', a block scalar header, a flow collection's '[', '{' or ',', an
// anchor, alias or tag); ScanEscape declines a double-quoted "\<tab>". The tab then trails a
// plain or quoted scalar or a flow collection, or sits in a comment, a block scalar's content or
// a multi-line quoted scalar, where libyaml takes it as a space would be taken or as content; the
// parser leaves PyYAML's verdict on it to PreferRejectedTab. Tabs elsewhere (indentation, blank
// lines, after ':' or '-') change libyaml's answer in ways this scanner does not model.
bool FastYamlScanner::TabEndsLine(size_t tab) const {
  size_t end = tab + 1;
  while (end < text_.size() && (text_[end] == ' ' || text_[end] == '\t')) ++end;
  if (end < text_.size() && text_[end] != '\n' &&
      !(text_[end] == '\r' && end + 1 < text_.size() && text_[end + 1] == '\n')) {
    return false;
  }
  size_t start = tab;
  while (start > 0 && (text_[start - 1] == ' ' || text_[start - 1] == '\t')) --start;
  if (start == 0) return false;
  const char before = text_[start - 1];
  return before != '\n' && std::strchr(":-?|>[{,&*!", before) == nullptr;
}

// Where the lines of blanks that end the text start, when `tab` is in them, else npos. Such a
// tail holds no token: libyaml reads the text before it and then either stops at one of its tabs
// (the error PyYAML gives the first rejected tab, whatever the composer held) or reaches the end
// with the same events, unless a block scalar runs into it (ScanBlockScalar then declines). The
// parser takes the text before the tail when the answer is that tab's error either way.
// card_bench: a corpus card whose 8 KB of front matter ends in such a line cost a full
// Prevalidate more than the tab shortcut (yaml.cpp) alone, ~1k instructions per card.
size_t FastYamlScanner::BlankTail(size_t tab) const {
  for (size_t i = tab; i < text_.size(); ++i) {
    if (text_[i] != ' ' && text_[i] != '\t' && text_[i] != '\n') return std::string_view::npos;
  }
  size_t start = tab;
  while (start > 0 && (text_[start - 1] == ' ' || text_[start - 1] == '\t')) --start;
  return start == 0 || text_[start - 1] == '\n' ? start : std::string_view::npos;
}

// Only when a CR is met: libyaml reads CRLF like LF (the same values, lines and columns), so the
// scanners read a copy without the CRs. A CR alone is left to libyaml.
bool FastYamlScanner::ReadCrlfAsLf() {
  if (!lf_text_.empty()) return Bail("CR");
  std::string lf;
  lf.reserve(text_.size());
  for (size_t i = 0;;) {
    const void* cr = std::memchr(text_.data() + i, '\r', text_.size() - i);
    const size_t end = cr == nullptr
                           ? text_.size()
                           : static_cast<size_t>(static_cast<const char*>(cr) - text_.data());
    lf.append(text_.substr(i, end - i));
    if (end == text_.size()) break;
    if (end + 1 == text_.size() || text_[end + 1] != '\n') return Bail("CR without LF");
    i = end + 1;
  }
  lf_text_ = std::move(lf);
  text_ = lf_text_;
  return Prevalidate();
}

void FastYamlScanner::NoteContent(int line, size_t line_start, size_t start, int end_line,
                                  size_t end_line_start, size_t end) {
  const auto column = [this](size_t from, size_t to) {
    int count = 1;
    for (size_t i = from; i < to; ++i) {
      count += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
    }
    return count;
  };
  content_ranges_.push_back(
      {{line, column(line_start, start)}, {end_line, column(end_line_start, end)}});
}

bool FastYamlScanner::Prevalidate() {
  const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
  const size_t n = text_.size();
  bool line_start = true;
  ascii_ = true;
  has_tabs_ = false;
  blank_tail_ = false;
#if defined(__x86_64__) && defined(__GNUC__)
  const bool avx2 = HasAvx2();
#endif
  for (size_t i = 0; i < n;) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (avx2) {
      i = SkipPlainAvx2(s, i, n, &line_start);
      if (i == n) break;
    }
#endif
    const unsigned char c = s[i];
    if (line_start) {
      line_start = false;
      if (c == '%') return Bail("directive");
      if ((c == '-' || c == '.') && i + 2 < n && s[i + 1] == c && s[i + 2] == c &&
          (i + 3 == n || s[i + 3] == ' ' || s[i + 3] == '\n')) {
        return Bail("document marker");
      }
    }
    if (c >= 0x20 && c < 0x7F) {
      ++i;
#ifdef __SSE2__
      // The rest of a line is mostly printable ASCII: 16 bytes at a time to the next byte that
      // is not (card_bench: this byte loop was ~2.5% of inspect).
      while (i + 16 <= n) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
        // Signed: bytes from 0x80 are negative, so below 0x20 covers controls and non-ASCII.
        const __m128i other = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                           _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(other));
        if (mask != 0) {
          i += static_cast<size_t>(__builtin_ctz(mask));
          break;
        }
        i += 16;
      }
#endif
      continue;
    }
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (c < 0x80) {
      if (c == '\t' && TabEndsLine(i)) {
        has_tabs_ = true;
        ++i;
        continue;
      }
      if (const size_t tail = c == '\t' ? BlankTail(i) : std::string_view::npos;
          tail != std::string_view::npos) {
        has_tabs_ = true;
        blank_tail_ = true;
        full_text_ = text_;
        text_ = text_.substr(0, tail);
        return true;
      }
      if (c == '\r') return ReadCrlfAsLf();
      return Bail("tab, CR or control character");
    }
    ascii_ = false;
    // The run of non-ASCII characters, tested by their bytes rather than decoded: only a few lead
    // bytes start sequences that are invalid or unwanted, shown by their first (or, for U+2028,
    // U+2029 and U+FEFF..U+FFFF, last) continuation byte (card_bench: decoding and range-testing
    // each character of text in other scripts, and of typographic quotes and dashes, cost ~550
    // instructions per card more).
    do {
      const unsigned char lead = s[i];
      const size_t length = kUtf8Lead[lead] & kUtf8Length;
      if (length == 0 || i + length > n || (s[i + 1] & 0xC0) != 0x80 ||
          (length > 2 && (s[i + 2] & 0xC0) != 0x80) || (length > 3 && (s[i + 3] & 0xC0) != 0x80)) {
        return Bail("invalid UTF-8");
      }
      if ((kUtf8Lead[lead] & kUtf8Special) != 0) {
        const unsigned char next = s[i + 1];
        const unsigned char last = s[i + length - 1];
        // Overlong forms, surrogates and code points past U+10FFFF.
        if ((lead == 0xE0 && next < 0xA0) || (lead == 0xED && next >= 0xA0) ||
            (lead == 0xF0 && next < 0x90) || (lead == 0xF4 && next >= 0x90)) {
          return Bail("invalid UTF-8");
        }
        // C1 controls (and NEL, a line break to libyaml), LS, PS, BOM and non-characters
        // (U+0080..U+009F, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF).
        if ((lead == 0xC2 && next < 0xA0) ||
            (lead == 0xE2 && next == 0x80 && (last == 0xA8 || last == 0xA9)) ||
            (lead == 0xEF && ((next == 0xBB && last == 0xBF) || (next == 0xBF && last >= 0xBE)))) {
          return Bail("non-printable or line-breaking character");
        }
      }
      i += length;
    } while (i < n && s[i] >= 0x80);
  }
  return true;
}

bool FastYamlScanner::SkipToContent() {
  while (true) {
    while (Peek() == ' ') ++pos_;
    if (Peek() == '#') {
      if (pos_ != line_start_ && text_[pos_ - 1] != ' ') return Bail("comment right after a token");
      const void* newline = std::memchr(text_.data() + pos_, '\n', text_.size() - pos_);
      pos_ = newline == nullptr
                 ? text_.size()
                 : static_cast<size_t>(static_cast<const char*>(newline) - text_.data());
    }
    if (Peek() != '\n') return true;
    ++pos_;
    NewLineAt(pos_);
  }
}

bool FastYamlScanner::EndOfLine() {
  while (Peek() == ' ') ++pos_;
  if (Peek() == '#' && text_[pos_ - 1] != ' ') return Bail("comment right after a token");
  if (Peek() != '#' && Peek() != '\n' && !AtEnd()) {
    // A tab here is in the blanks that end the line (Prevalidate).
    if (Peek() != '\t') return Bail("more text after a value");
    while (Peek() == ' ' || Peek() == '\t') ++pos_;
  }
  return SkipToContent();
}

FastYamlScanner::Stop FastYamlScanner::ScanPlainLine(size_t from, bool flow, size_t* end,
                                                     size_t* stop_at) const {
  if (!flow) {
    // Only a line break, a '#' after a space or a ':' before a blank ends it.
    Stop stop = Stop::kLineEnd;
    size_t i = from;
    while (true) {
      i = FindAnyOf(text_.data(), i, text_.size(), '\n', '#', ':');
      const char c = At(i);
      if (c == '#' && text_[i - 1] == ' ') {
        stop = Stop::kComment;
      } else if (c == ':' && IsBlankZ(At(i + 1))) {
        stop = Stop::kColon;
      } else if (c == '#' || c == ':') {
        ++i;
        continue;
      }
      break;
    }
    size_t last = i;
    while (last > from && IsBlankInLine(text_[last - 1])) --last;
    *end = last;
    *stop_at = i;
    return stop;
  }
  size_t last = from;
  Stop stop = Stop::kLineEnd;
  size_t i = from;
  for (;; ++i) {
    const char c = At(i);
    if (c == '\n' || c == '\0') break;
    if (c == ' ') continue;
    if (c == '#' && text_[i - 1] == ' ') {
      stop = Stop::kComment;
      break;
    }
    if (c == ':') {
      if (IsBlankZ(At(i + 1))) {
        stop = Stop::kColon;
        break;
      }
      if (flow) {
        stop = Stop::kUnhandled;
        break;
      }
    }
    if (flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}')) {
      stop = Stop::kFlowIndicator;
      break;
    }
    last = i + 1;
  }
  *end = last;
  *stop_at = i;
  return stop;
}

bool FastYamlScanner::ScanPlain(int indent, std::string_view* value) {
  const size_t start = pos_;
  size_t end = probed_end_;
  size_t stop_at = probed_stop_at_;
  Stop stop = pos_ == probed_from_ ? probed_stop_ : ScanPlainLine(pos_, false, &end, &stop_at);
  pos_ = end;
  bool folded = false;
  while (stop == Stop::kLineEnd) {
    // libyaml folds the next non-empty line in unless it is a comment or indented no deeper
    // than the enclosing block collection.
    size_t next = stop_at;
    size_t next_line = 0;
    int breaks = 0;
    while (At(next) == '\n') {
      ++next;
      ++breaks;
      next_line = next;
      while (At(next) == ' ') ++next;
    }
    if (breaks == 0 || next >= text_.size() || text_[next] == '#' ||
        static_cast<int>(next - next_line) < indent + 1) {
      break;
    }
    if (!folded) {
      value_.assign(text_.substr(start, pos_ - start));
      folded = true;
    }
    if (breaks == 1) {
      value_ += ' ';
    } else {
      value_.append(static_cast<size_t>(breaks - 1), '\n');
    }
    line_ += breaks;
    line_start_ = next_line;
    pos_ = next;
    stop = ScanPlainLine(pos_, false, &end, &stop_at);
    value_.append(text_.substr(pos_, end - pos_));
    pos_ = end;
    if (stop == Stop::kColon) return Bail("multi-line plain scalar before ':'");
  }
  if (stop == Stop::kColon) return Bail("':' after a plain value");
  *value = folded ? std::string_view(value_) : text_.substr(start, pos_ - start);
  return true;
}

bool FastYamlScanner::ScanEscape(size_t* i, std::string* out) {
  const char e = At(*i + 1);
  *i += 2;
  int digits = 0;
  switch (e) {
    case '0':
      out->push_back('\0');
      return true;
    case 'a':
      out->push_back('\a');
      return true;
    case 'b':
      out->push_back('\b');
      return true;
    case 't':
      out->push_back('\t');
      return true;
    case 'n':
      out->push_back('\n');
      return true;
    case 'v':
      out->push_back('\v');
      return true;
    case 'f':
      out->push_back('\f');
      return true;
    case 'r':
      out->push_back('\r');
      return true;
    case 'e':
      out->push_back('\x1B');
      return true;
    case ' ':
      out->push_back(' ');
      return true;
    case '"':
      out->push_back('"');
      return true;
    case '/':
      out->push_back('/');
      return true;
    case '\\':
      out->push_back('\\');
      return true;
    case 'N':
      AppendUtf8(0x85, out);
      return true;
    case '_':
      AppendUtf8(0xA0, out);
      return true;
    case 'L':
      AppendUtf8(0x2028, out);
      return true;
    case 'P':
      AppendUtf8(0x2029, out);
      return true;
    case 'x':
      digits = 2;
      break;
    case 'u':
      digits = 4;
      break;
    case 'U':
      digits = 8;
      break;
    default:
      return Bail("escape sequence");
  }
  uint32_t cp = 0;
  for (int k = 0; k < digits; ++k) {
    const int v = HexValue(At(*i + static_cast<size_t>(k)));
    if (v < 0) return Bail("bad hexadecimal escape");
    cp = (cp << 4) | static_cast<uint32_t>(v);
  }
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return Bail("bad Unicode escape");
  *i += static_cast<size_t>(digits);
  AppendUtf8(cp, out);
  return true;
}

bool FastYamlScanner::ScanQuoted(size_t start, std::string* out, QuotedEnd* end) {
  out->clear();
  end->breaks = 0;
  const char quote = At(start);
  size_t i = start + 1;
  const char escape = quote == '"' ? '\\' : quote;
  while (true) {
    // Copy the run of ordinary characters at once, its spaces too unless a line break follows.
    const size_t run = FindAnyOf(text_.data(), i, text_.size(), quote, '\n', escape);
    size_t kept = run;
    if (At(run) == '\n') {
      while (kept > i && IsBlankInLine(text_[kept - 1])) --kept;
    }
    out->append(text_.substr(i, kept - i));
    i = run;
    const char c = At(i);
    if (c == '\n' || (c == '\\' && At(i + 1) == '\n')) {
      // libyaml's scan_flow_scalar: a break folds to a space, or to its following empty lines;
      // an escaped break (and the indentation after it) vanishes.
      const bool escaped = c == '\\';
      i += escaped ? 2 : 1;
      int trailing = 0;
      while (true) {
        ++end->breaks;
        end->last_line_start = i;
        while (At(i) == ' ') ++i;
        if (At(i) != '\n') break;
        ++i;
        ++trailing;
      }
      if (i >= text_.size()) return Bail("unterminated quoted scalar");
      if (!escaped && trailing == 0) {
        out->push_back(' ');
      } else {
        out->append(static_cast<size_t>(trailing), '\n');
      }
    } else if (c == '\0') {
      return Bail("unterminated quoted scalar");
    } else if (c == '\\') {
      if (!ScanEscape(&i, out)) return false;
    } else if (quote == '\'' && At(i + 1) == '\'') {
      out->push_back('\'');
      i += 2;
    } else {
      end->end = i + 1;
      if (has_tabs_) [[unlikely]] {
        NoteContent(line_, line_start_, start, line_ + end->breaks,
                    end->breaks > 0 ? end->last_line_start : line_start_, end->end);
      }
      return true;
    }
  }
}

void FastYamlScanner::BlockScalarBreaks(int parent_indent, int* indent, int* breaks) {
  int max_indent = 0;
  while (true) {
    while ((*indent == 0 || static_cast<int>(pos_ - line_start_) < *indent) && Peek() == ' ') {
      ++pos_;
    }
    max_indent = std::max(max_indent, static_cast<int>(pos_ - line_start_));
    if (Peek() != '\n') break;
    ++pos_;
    NewLineAt(pos_);
    ++*breaks;
  }
  if (*indent == 0) *indent = std::max({max_indent, parent_indent + 1, 1});
}

bool FastYamlScanner::ScanBlockScalar(int parent_indent) {
  if (blank_tail_) return Bail("block scalar before a tail of blanks with a tab");
  const int start_line = line_;
  const size_t start_line_start = line_start_;
  const size_t start = pos_;
  const bool literal = Peek() == '|';
  ++pos_;
  int chomping = 0;
  if (Peek() == '+' || Peek() == '-') {
    chomping = Peek() == '+' ? 1 : -1;
    ++pos_;
  }
  if (Peek() >= '0' && Peek() <= '9') return Bail("block scalar indentation indicator");
  if (Peek() != ' ' && Peek() != '\n' && !AtEnd()) return Bail("block scalar header");
  while (Peek() == ' ') ++pos_;
  if (Peek() == '#') {
    while (!AtEnd() && Peek() != '\n') ++pos_;
  }
  if (!AtEnd()) {
    if (Peek() != '\n') return Bail("block scalar header");
    ++pos_;
    NewLineAt(pos_);
  }
  value_.clear();
  int indent = 0;
  int leading_break = 0;
  int trailing_breaks = 0;
  bool leading_blank = false;
  BlockScalarBreaks(parent_indent, &indent, &trailing_breaks);
  while (static_cast<int>(pos_ - line_start_) == indent && !AtEnd()) {
    const bool trailing_blank = Peek() == ' ';
    if (!literal && leading_break > 0 && !leading_blank && !trailing_blank) {
      if (trailing_breaks == 0) value_ += ' ';
    } else {
      value_.append(static_cast<size_t>(leading_break), '\n');
    }
    leading_break = 0;
    value_.append(static_cast<size_t>(trailing_breaks), '\n');
    trailing_breaks = 0;
    leading_blank = Peek() == ' ';
    const void* newline = std::memchr(text_.data() + pos_, '\n', text_.size() - pos_);
    const size_t line_end =
        newline == nullptr ? text_.size()
                           : static_cast<size_t>(static_cast<const char*>(newline) - text_.data());
    value_.append(text_.substr(pos_, line_end - pos_));
    pos_ = line_end;
    if (!AtEnd()) {
      ++pos_;
      NewLineAt(pos_);
      leading_break = 1;
    }
    BlockScalarBreaks(parent_indent, &indent, &trailing_breaks);
  }
  if (chomping != -1) value_.append(static_cast<size_t>(leading_break), '\n');
  if (chomping == 1) value_.append(static_cast<size_t>(trailing_breaks), '\n');
  if (has_tabs_) [[unlikely]] {
    NoteContent(start_line, start_line_start, start, line_, line_start_, pos_);
  }
  return true;
}

}  // namespace modelhub::card::internal
