// The cursor and the scalar scanners behind LoadYamlFast (yaml_fast.h): plain, quoted and block
// scalars exactly as libyaml 0.2.5's scanner reads them, for the subset LoadYamlFast handles.
// Every function that meets something outside that subset records a reason and returns false.
#ifndef MODELHUB_CARD_INTERNAL_YAML_FAST_SCANNER_H_
#define MODELHUB_CARD_INTERNAL_YAML_FAST_SCANNER_H_

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/card/internal/pyyaml_tabs.h"
#include "modelhub/card/internal/yaml_composer.h"

namespace modelhub::card::internal {

class FastYamlScanner {
 public:
  explicit FastYamlScanner(std::string_view text) : text_(text) {}

  const char* reason() const { return reason_; }

 protected:
  // What ended a plain scalar's text on one line.
  enum class Stop { kLineEnd, kComment, kColon, kFlowIndicator, kUnhandled };

  static bool IsBlankZ(char c) { return c == ' ' || c == '\n' || c == '\0'; }
  // Whether `c`, within a line, is a space or a tab: the only bytes below '!' that Prevalidate
  // lets through besides '\n' (one comparison: trimming a plain scalar runs for every value).
  static bool IsBlankInLine(char c) { return static_cast<unsigned char>(c) <= ' '; }
  // Whether a plain scalar may start with `c` followed by `next` (libyaml's fetch_next_token). In
  // line: a call per scalar and key was ~280 instructions per card (card_bench).
  static bool PlainStart(char c, char next, bool flow) {
    switch (c) {
      case '-':
        // In flow context "-," and the like are left to libyaml.
        return !IsBlankZ(next) && (!flow || std::strchr(",[]{}", next) == nullptr);
      case '?':
      case ':':
        return !flow && !IsBlankZ(next);
      case ',':
      case '[':
      case ']':
      case '{':
      case '}':
      case '#':
      case '&':
      case '*':
      case '!':
      case '|':
      case '>':
      case '\'':
      case '"':
      case '%':
      case '@':
      case '`':
      case ' ':
      case '\n':
      case '\0':
        return false;
      default:
        return true;
    }
  }

  // Text past the end reads as '\0'; Prevalidate() rejected real NUL bytes.
  char At(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }
  char Peek(size_t k = 0) const { return At(pos_ + k); }
  bool AtEnd() const { return pos_ >= text_.size(); }
  bool AtBlockEntry() const { return Peek() == '-' && IsBlankZ(Peek(1)); }
  // libyaml's 0-based column: code points since the start of the current line. Inline for ASCII
  // text, where it is a byte offset: a call per mark showed in card_bench.
  int Column(size_t offset) const {
    if (ascii_) return offset > line_start_ ? static_cast<int>(offset - line_start_) : 0;
    return CountColumn(offset);
  }
  int Column() const { return Column(pos_); }
  Mark MarkAt(size_t offset) const { return {line_, Column(offset) + 1}; }
  bool Bail(const char* why) {
    if (reason_ == nullptr) reason_ = why;
    return false;
  }

  // Rejects what the scanners below do not model: control characters, invalid or non-printable
  // UTF-8, line breaks other than LF and CRLF, BOMs, directives and document markers, and tabs
  // other than in the blanks that end a line after a character that cannot be an indicator
  // (TabEndsLine). A text with CRLF breaks is read from a copy with LF breaks: libyaml reads a
  // CRLF as one break, folds it into scalars as '\n' and gives the same marks.
  bool Prevalidate();
  // Skips spaces, comments and line breaks up to the next token or the end.
  bool SkipToContent();
  // Spaces and an optional comment up to the line's end, then SkipToContent().
  bool EndOfLine();

  // The plain scalar text on one line from `from`: ends at `*end` (trailing spaces excluded),
  // stopped by what is at `*stop_at`.
  Stop ScanPlainLine(size_t from, bool flow, size_t* end, size_t* stop_at) const;
  // ScanPlainLine in block context, remembered for ScanPlain: a sequence item is probed as a
  // possible key before it is read as a value, and scanning its line twice cost ~400 instructions
  // per card (card_bench).
  Stop ProbePlainLine(size_t from, size_t* end, size_t* stop_at) {
    probed_stop_ = ScanPlainLine(from, false, end, stop_at);
    probed_from_ = from;
    probed_end_ = *end;
    probed_stop_at_ = *stop_at;
    return probed_stop_;
  }
  // A block-context plain scalar at pos_ with its continuation lines (indentation above
  // `indent`, libyaml's parser->indent) into `value`, a view of the text when on one line (a copy
  // per scalar showed in card_bench) or else of value_; pos_ ends after its last character.
  bool ScanPlain(int indent, std::string_view* value);
  // Where a quoted scalar ends: just past its closing quote, after `breaks` line breaks (the last
  // line starting at `last_line_start`).
  struct QuotedEnd {
    size_t end = 0;
    int breaks = 0;
    size_t last_line_start = 0;
  };
  // A quoted scalar starting at `start` into `out`; does not move pos_.
  bool ScanQuoted(size_t start, std::string* out, QuotedEnd* end);
  // Moves pos_ past a scanned quoted scalar.
  void SkipQuoted(const QuotedEnd& end) {
    pos_ = end.end;
    if (end.breaks > 0) {
      line_ += end.breaks;
      line_start_ = end.last_line_start;
    }
  }
  // A literal or folded block scalar at pos_ into value_ (libyaml's scan_block_scalar).
  bool ScanBlockScalar(int indent);
  void NewLineAt(size_t offset) {
    ++line_;
    line_start_ = offset;
  }

  std::string_view text_;
  size_t pos_ = 0;
  // The last ProbePlainLine: from where, and its answer (text_ does not change once parsing
  // starts).
  size_t probed_from_ = std::string_view::npos;
  size_t probed_end_ = 0;
  size_t probed_stop_at_ = 0;
  Stop probed_stop_ = Stop::kLineEnd;
  int line_ = 1;  // 1-based line of pos_
  size_t line_start_ = 0;
  std::string value_;
  const char* reason_ = nullptr;
  std::string lf_text_;  // text_ when the input has CRLF breaks
  // Set by Prevalidate when the text has no byte above 0x7F: a column is then a byte offset.
  bool ascii_ = false;
  // Set by Prevalidate when the text has a tab (see TabEndsLine).
  bool has_tabs_ = false;
  // Set by Prevalidate when the text ends in lines of blanks with a tab: text_ then stops before
  // them, and full_text_ holds it all (see BlankTail).
  bool blank_tail_ = false;
  std::string_view full_text_;
  // Only when the text has a tab: where the quoted and block scalars read sit, as libyaml's scalar
  // events give them, for PreferRejectedTab (a quoted key may be read twice).
  std::vector<TextRange> content_ranges_;

 private:
  int CountColumn(size_t offset) const;
  bool TabEndsLine(size_t tab) const;
  size_t BlankTail(size_t tab) const;
  // Out of line, and called from the scanners rather than the parser: in the parser, the test and
  // the marks cost ~100 instructions per card (card_bench).
  [[gnu::cold, gnu::noinline]] void NoteContent(int line, size_t line_start, size_t start,
                                                int end_line, size_t end_line_start, size_t end);
  bool ReadCrlfAsLf();
  bool ScanEscape(size_t* i, std::string* out);
  void BlockScalarBreaks(int parent_indent, int* indent, int* breaks);
};

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_YAML_FAST_SCANNER_H_
