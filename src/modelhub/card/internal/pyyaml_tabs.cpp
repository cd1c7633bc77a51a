#include "modelhub/card/internal/pyyaml_tabs.h"

namespace modelhub::card::internal {
namespace {

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
  Mark mark{1, 1};
  bool in_comment = false;
  bool after_blank = true;  // a '#' starts a comment only at line start or after a blank
  for (size_t i = 0; i < yaml.size(); ++i) {
    const char c = yaml[i];
    if (c == '\n' || (c == '\r' && (i + 1 == yaml.size() || yaml[i + 1] != '\n'))) {
      ++mark.line;
      mark.column = 1;
      in_comment = false;
      after_blank = true;
      continue;
    }
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    if (!in_comment && (c == '#' || c == '\t')) {
      const bool content = InsideAny(mark, content_ranges);
      if (c == '#' && after_blank && !content) in_comment = true;
      if (c == '\t' && !content) return mark;
    }
    after_blank = c == ' ' || c == '\t' || c == '\r';
    ++mark.column;
  }
  return std::nullopt;
}

}  // namespace modelhub::card::internal
