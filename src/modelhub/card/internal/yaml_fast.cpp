// The block structure half of the fast path: libyaml's parser states for block mappings, block
// and indentless sequences and single-line flow collections, emitting the events LoadYaml gives
// the composer (same marks: a mapping at its first key, a sequence at its first '-', an empty
// value just past its ':' or '-'). Anything ambiguous bails out; yaml_fast_test.cpp compares
// this path with libyaml's on the corpus, the fuzz seeds and hand-written snippets.
#include "modelhub/card/internal/yaml_fast.h"

#include <string>

#include "modelhub/card/internal/pyyaml_tabs.h"
#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/internal/yaml_fast_scanner.h"

namespace modelhub::card::internal {
namespace {

using Kind = YamlComposer::Kind;

// Below the composer's own limit, so that limit's error always comes from the libyaml path.
constexpr int kMaxDepth = 200;
// libyaml drops a simple key candidate 1024 characters after its start.
constexpr size_t kMaxKeyBytes = 1000;

class FastYaml : public FastYamlScanner {
 public:
  FastYaml(std::string_view text, KeyLocations locations)
      : FastYamlScanner(text), composer_(locations) {}

  std::optional<YamlLoad> Load();

 private:
  enum class Probe { kKey, kFlowKey, kNotKey, kUnhandled };

  // Load's answer when the text has a tab: PyYAML's error for the first it rejects, or an earlier
  // error.
  std::optional<YamlLoad> WithRejectedTab();

  // Whether pos_ starts a simple key ("key:" or "'key':"); on kKey its text, style and mark are
  // in key_* and key_end_ is just past the ':'. On kFlowKey the key is the one-line flow
  // collection at pos_ (see ProbeFlowKey), key_mark_ its mark and key_end_ past the ':'.
  Probe ProbeKey();
  Probe ProbeFlowKey();
  // Each Parse* starts at a token and ends at the next token (or the end) after what it read.
  bool ParseBlockNode(int indent);
  bool ParseBlockMapping(int column, bool flow_key);
  bool ParseMappingValue(int column);
  bool ParseBlockSequence(int column, bool indentless);
  bool ParseInlineValue(int indent);
  bool ParseFlowCollection();
  bool ParseFlowNode();
  bool ParseFlowScalar();
  void SkipSpaces() {
    while (Peek() == ' ') ++pos_;
  }
  bool Scalar(std::string_view value, bool plain, Mark mark) {
    return composer_.UntaggedScalar(value, plain, mark) || Bail("composer limit");
  }
  bool Key(std::string_view value, bool plain, Mark mark) {
    return composer_.KeyScalar(value, plain, mark) || Bail("composer limit");
  }
  bool Enter() { return ++depth_ <= kMaxDepth || Bail("nesting depth"); }
  bool Leave() {
    --depth_;
    return composer_.End() || Bail("composer limit");
  }

  YamlComposer composer_;
  int depth_ = 0;
  std::string key_;  // a quoted key's text
  // The key's text: in key_, or for a plain key in text_ (copying each key showed in card_bench).
  std::string_view key_text_;
  bool key_plain_ = false;
  Mark key_mark_;
  size_t key_end_ = 0;
};

std::optional<YamlLoad> FastYaml::Load() {
  if (!Prevalidate() || !SkipToContent()) return std::nullopt;
  if (!AtEnd()) {
    if (!ParseBlockNode(-1)) return std::nullopt;
    if (!AtEnd()) {
      Bail("content after the root node");
      return std::nullopt;
    }
  }
  if (has_tabs_) [[unlikely]] {
    return WithRejectedTab();
  }
  return composer_.Finish();
}

std::optional<YamlLoad> FastYaml::WithRejectedTab() {
  YamlLoad load = composer_.Finish();
  if (!blank_tail_) return PreferRejectedTab(text_, content_ranges_, std::move(load));
  // libyaml may stop at a tab of the tail (BlankTail) before the composer's error can show.
  const std::optional<Mark> tab = FindRejectedTab(full_text_, content_ranges_);
  if (!tab) {
    Bail("no rejected tab");
    return std::nullopt;
  }
  if (FailsBefore(load, *tab)) {
    Bail("an error before a tail of blanks with a tab");
    return std::nullopt;
  }
  return RejectedTabError(*tab);
}

FastYaml::Probe FastYaml::ProbeKey() {
  const size_t start = pos_;
  const char c = Peek();
  if (c == '[' || c == '{') return ProbeFlowKey();
  size_t colon;
  if (c == '"' || c == '\'') {
    QuotedEnd end;
    if (!ScanQuoted(start, &key_, &end)) return Probe::kUnhandled;
    colon = end.end;
    while (At(colon) == ' ') ++colon;
    if (At(colon) != ':' || !IsBlankZ(At(colon + 1))) return Probe::kNotKey;
    if (end.breaks > 0) {
      Bail("multi-line quoted key");
      return Probe::kUnhandled;
    }
    key_text_ = key_;
    key_plain_ = false;
  } else {
    if (!PlainStart(c, Peek(1), false)) return Probe::kNotKey;
    size_t end;
    if (ProbePlainLine(start, &end, &colon) != Stop::kColon) return Probe::kNotKey;
    key_text_ = text_.substr(start, end - start);
    key_plain_ = true;
  }
  if (colon - start > kMaxKeyBytes) {
    Bail("long key");
    return Probe::kUnhandled;
  }
  key_mark_ = MarkAt(start);
  key_end_ = colon + 1;
  return Probe::kKey;
}

// A flow collection as a block mapping key ("{arg}: {value}", as in the Hub's model card spec
// with its placeholders): the composer rejects it as unhashable, as PyYAML does, after the whole
// document has been read. Taken only when the collection is on one line with no quote, comment
// or line break inside and ': ' follows; otherwise kNotKey, and the value path then bails on the
// ':' (card_bench: libyaml spent ~1.5% of inspect on the one corpus card with such keys).
FastYaml::Probe FastYaml::ProbeFlowKey() {
  const size_t start = pos_;
  size_t close = start;
  for (int depth = 0;; ++close) {
    const char c = At(close);
    if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth == 0) break;
    } else if (c == '\n' || c == '\0' || c == '\'' || c == '"' || c == '#') {
      return Probe::kNotKey;
    }
  }
  size_t colon = close + 1;
  while (At(colon) == ' ') ++colon;
  if (At(colon) != ':' || !IsBlankZ(At(colon + 1))) return Probe::kNotKey;
  if (colon - start > kMaxKeyBytes) {
    Bail("long key");
    return Probe::kUnhandled;
  }
  key_mark_ = MarkAt(start);
  key_end_ = colon + 1;
  return Probe::kFlowKey;
}

bool FastYaml::ParseBlockNode(int indent) {
  const int column = Column();
  if (AtBlockEntry()) return ParseBlockSequence(column, false);
  switch (ProbeKey()) {
    case Probe::kKey:
      return ParseBlockMapping(column, false);
    case Probe::kFlowKey:
      return ParseBlockMapping(column, true);
    case Probe::kNotKey:
      return ParseInlineValue(indent);
    case Probe::kUnhandled:
      break;
  }
  return false;
}

bool FastYaml::ParseBlockMapping(int column, bool flow_key) {
  if (!Enter()) return false;
  if (!composer_.Start(Kind::kMapping, {}, {}, key_mark_)) return Bail("composer limit");
  while (true) {
    if (flow_key) {
      if (!ParseFlowCollection()) return false;
    } else if (!Key(key_text_, key_plain_, key_mark_)) {
      return false;
    }
    pos_ = key_end_;
    if (!ParseMappingValue(column)) return false;
    if (AtEnd()) break;
    const int next = Column();
    if (next < column) break;
    if (next > column) return Bail("over-indented line in a mapping");
    const Probe probe = ProbeKey();
    if (probe != Probe::kKey && probe != Probe::kFlowKey) return Bail("expected a key");
    flow_key = probe == Probe::kFlowKey;
  }
  return Leave();
}

bool FastYaml::ParseMappingValue(int column) {
  const Mark after_colon = MarkAt(pos_);
  SkipSpaces();
  if (Peek() == '#' || Peek() == '\n' || AtEnd()) {
    if (!SkipToContent()) return false;
    if (!AtEnd()) {
      const int next = Column();
      if (next > column) return ParseBlockNode(column);
      if (next == column && AtBlockEntry()) return ParseBlockSequence(column, true);
    }
    return Scalar({}, true, after_colon);
  }
  if (AtBlockEntry()) return Bail("'-' after a key");
  return ParseInlineValue(column);
}

bool FastYaml::ParseBlockSequence(int column, bool indentless) {
  if (!Enter()) return false;
  if (!composer_.Start(Kind::kSequence, {}, {}, MarkAt(pos_))) return Bail("composer limit");
  while (true) {
    ++pos_;  // the '-'
    const Mark after_dash = MarkAt(pos_);
    SkipSpaces();
    if (Peek() == '#' || Peek() == '\n' || AtEnd()) {
      if (!SkipToContent()) return false;
      if (!AtEnd() && Column() > column) {
        if (!ParseBlockNode(column)) return false;
      } else if (!Scalar({}, true, after_dash)) {
        return false;
      }
    } else {
      const int inner = Column();
      if (AtBlockEntry()) {
        if (!ParseBlockSequence(inner, false)) return false;
      } else {
        const Probe probe = ProbeKey();
        switch (probe) {
          case Probe::kKey:
          case Probe::kFlowKey:
            if (!ParseBlockMapping(inner, probe == Probe::kFlowKey)) return false;
            break;
          case Probe::kNotKey:
            if (!ParseInlineValue(column)) return false;
            break;
          case Probe::kUnhandled:
            return false;
        }
      }
    }
    if (AtEnd()) break;
    const int next = Column();
    if (next < column) break;
    if (next > column) return Bail("over-indented line in a sequence");
    if (!AtBlockEntry()) {
      if (indentless) break;
      return Bail("expected '-'");
    }
  }
  return Leave();
}

bool FastYaml::ParseInlineValue(int indent) {
  const Mark mark = MarkAt(pos_);
  switch (Peek()) {
    case '"':
    case '\'': {
      QuotedEnd end;
      if (!ScanQuoted(pos_, &value_, &end)) return false;
      SkipQuoted(end);
      return Scalar(value_, false, mark) && EndOfLine();
    }
    case '[':
    case '{':
      return ParseFlowCollection() && EndOfLine();
    case '|':
    case '>':
      return ScanBlockScalar(indent) && Scalar(value_, false, mark) && SkipToContent();
    default: {
      if (!PlainStart(Peek(), Peek(1), false)) return Bail("indicator");
      std::string_view plain;
      return ScanPlain(indent, &plain) && Scalar(plain, true, mark) && EndOfLine();
    }
  }
}

bool FastYaml::ParseFlowCollection() {
  if (!Enter()) return false;
  const bool sequence = Peek() == '[';
  const char close = sequence ? ']' : '}';
  if (!composer_.Start(sequence ? Kind::kSequence : Kind::kMapping, {}, {}, MarkAt(pos_))) {
    return Bail("composer limit");
  }
  ++pos_;
  SkipSpaces();
  if (Peek() == close) {
    ++pos_;
    return Leave();
  }
  while (true) {
    if (sequence) {
      if (!ParseFlowNode()) return false;
    } else {
      if (Peek() == '[' || Peek() == '{') return Bail("collection as a flow key");
      if (!ParseFlowScalar()) return false;
      SkipSpaces();
      if (Peek() == ',' || Peek() == close) {
        // A key alone ("{a, b: c}"): libyaml gives it an empty value marked at the next token.
        if (!Scalar({}, true, MarkAt(pos_))) return false;
      } else {
        if (Peek() != ':' || Peek(1) != ' ') return Bail("flow mapping entry without ': '");
        pos_ += 2;
        SkipSpaces();
        if (!ParseFlowNode()) return false;
      }
    }
    SkipSpaces();
    if (Peek() == ',') {
      ++pos_;
      SkipSpaces();
      if (Peek() == close || Peek() == ',') return Bail("empty flow entry");
      continue;
    }
    if (Peek() != close) return Bail("flow collection syntax");
    ++pos_;
    return Leave();
  }
}

bool FastYaml::ParseFlowNode() {
  if (Peek() == '[' || Peek() == '{') return ParseFlowCollection();
  return ParseFlowScalar();
}

bool FastYaml::ParseFlowScalar() {
  const Mark mark = MarkAt(pos_);
  if (Peek() == '"' || Peek() == '\'') {
    QuotedEnd end;
    if (!ScanQuoted(pos_, &value_, &end)) return false;
    if (end.breaks > 0) return Bail("multi-line flow collection");
    pos_ = end.end;
    return Scalar(value_, false, mark);
  }
  if (!PlainStart(Peek(), Peek(1), true)) return Bail("indicator in a flow collection");
  size_t end;
  size_t stop_at;
  const Stop stop = ScanPlainLine(pos_, true, &end, &stop_at);
  if (stop != Stop::kFlowIndicator && stop != Stop::kColon) {
    return Bail("multi-line or commented flow collection");
  }
  if (stop_at - pos_ > kMaxKeyBytes) return Bail("long flow scalar");
  const std::string_view value = text_.substr(pos_, end - pos_);
  pos_ = end;
  return Scalar(value, true, mark);
}

}  // namespace

std::optional<YamlLoad> LoadYamlFast(std::string_view yaml, const char** reason,
                                     KeyLocations locations) {
  FastYaml parser(yaml, locations);
  std::optional<YamlLoad> load = parser.Load();
  if (reason != nullptr) *reason = load ? nullptr : parser.reason();
  return load;
}

}  // namespace modelhub::card::internal
