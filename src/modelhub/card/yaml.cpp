// Composes libyaml events into JSON the way PyYAML's Composer + SafeConstructor build Python
// objects. Syntax and composition errors stop at once; constructor errors are remembered and
// reported after the document has been read, because PyYAML composes the whole node graph
// before it constructs anything (a later syntax error wins over an earlier bad scalar).
#include "modelhub/card/yaml.h"

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <yaml.h>

#include "modelhub/card/internal/pyyaml_tabs.h"
#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/internal/yaml_fast.h"

namespace modelhub::card {

std::string YamlError::ToString() const {
  std::string out = kind;
  if (line > 0) out += " at line " + std::to_string(line) + ", column " + std::to_string(column);
  return out + ": " + message;
}

int YamlDocument::LineOf(std::string_view path) const {
  while (true) {
    for (const YamlLocation& key : keys) {
      if (key.path == path) return key.line;
    }
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return 0;
    path = path.substr(0, slash);
  }
}

namespace {

// Whether `key` holds a '~' or a '/', 8 bytes at a time (the last word overlapping): the byte
// loop cost ~190 instructions per card more, for ~4 root keys (card_bench).
bool HasPointerEscape(std::string_view key) {
  const auto has = [](uint64_t word) {
    constexpr uint64_t kOnes = 0x0101010101010101;
    constexpr uint64_t kHighs = 0x8080808080808080;
    const uint64_t tilde = word ^ (kOnes * '~');
    const uint64_t slash = word ^ (kOnes * '/');
    // Exact as a yes or no: a byte of `tilde` or `slash` is zero where `word` holds one.
    return ((((tilde - kOnes) & ~tilde) | ((slash - kOnes) & ~slash)) & kHighs) != 0;
  };
  const char* const s = key.data();
  const size_t n = key.size();
  if (n < 8) {
    for (size_t i = 0; i < n; ++i) {
      if (s[i] == '~' || s[i] == '/') return true;
    }
    return false;
  }
  uint64_t word;
  for (size_t i = 0; i + 8 < n; i += 8) {
    std::memcpy(&word, s + i, 8);
    if (has(word)) return true;
  }
  std::memcpy(&word, s + n - 8, 8);
  return has(word);
}

}  // namespace

void AppendJsonPointerSegment(std::string_view key, std::string* out) {
  if (!HasPointerEscape(key)) {
    out->append(key.data(), key.size());
    return;
  }
  // Runs without '~' or '/' are appended at once: byte by byte, building every key's location
  // path was ~1% of inspect (card_bench).
  const char* run = key.data();
  const char* const end = run + key.size();
  for (const char* p = run; p != end; ++p) {
    if (*p != '~' && *p != '/') continue;
    out->append(run, static_cast<size_t>(p - run)).append(*p == '~' ? "~0" : "~1", 2);
    run = p + 1;
  }
  out->append(run, static_cast<size_t>(end - run));
}

std::string JsonPointerSegment(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  AppendJsonPointerSegment(key, &out);
  return out;
}

namespace {

// libyaml's parser, released on every path.
class Parser {
 public:
  explicit Parser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Parser() { yaml_parser_delete(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  yaml_parser_t* get() { return &parser_; }

 private:
  yaml_parser_t parser_;
};

class Event {
 public:
  Event() = default;
  ~Event() {
    if (valid_) yaml_event_delete(&event_);
  }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  bool Next(yaml_parser_t* parser) {
    if (valid_) yaml_event_delete(&event_);
    valid_ = yaml_parser_parse(parser, &event_) != 0;
    return valid_;
  }
  const yaml_event_t& operator*() const { return event_; }
  const yaml_event_t* operator->() const { return &event_; }

 private:
  yaml_event_t event_{};
  bool valid_ = false;
};

YamlError ParserError(std::string_view text, const yaml_parser_t& parser) {
  YamlError error;
  switch (parser.error) {
    case YAML_READER_ERROR:
      error.kind = "ReaderError";
      break;
    case YAML_SCANNER_ERROR:
      error.kind = "ScannerError";
      break;
    case YAML_PARSER_ERROR:
      error.kind = "ParserError";
      break;
    case YAML_MEMORY_ERROR:
      error.kind = "MemoryError";
      break;
    default:
      error.kind = "YAMLError";
      break;
  }
  if (parser.context != nullptr) error.message = std::string(parser.context) + ": ";
  error.message += parser.problem != nullptr ? parser.problem : "unknown error";
  if (parser.error == YAML_READER_ERROR) {
    // Reader errors carry a byte offset rather than a mark.
    error.line = 1;
    error.column = 1;
    for (size_t i = 0; i < parser.problem_offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++error.line;
        error.column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++error.column;
      }
    }
  } else {
    error.line = static_cast<int>(parser.problem_mark.line) + 1;
    error.column = static_cast<int>(parser.problem_mark.column) + 1;
  }
  return error;
}

// Where LoadYaml's answer is the error PyYAML gives the document's first tab, at `tab`, found
// without libyaml: the tab ends its line's content (trailing blanks or a blank line), the next line
// starts a new node at column 0 (no scalar can continue past the tab) or there is none, and the
// fast path loads everything before the tab into a collection with no error. Then the tab is
// outside any quoted scalar and any comment, PyYAML rejects it, and every error libyaml or the
// composer could still raise is located at or after it, where LoadYamlWithLibyaml lets the tab win.
// Block scalars (tabs there are content) and merge keys (a merge error is located at its value)
// before the tab are left to libyaml. card_bench: a corpus card's 8 KB front matter with a blank
// line holding a tab at its end cost libyaml ~1M instructions.
std::optional<internal::Mark> FastRejectedTab(std::string_view yaml, size_t tab,
                                              internal::KeyLocations locations) {
  size_t next = tab;
  while (next < yaml.size() && (yaml[next] == ' ' || yaml[next] == '\t')) ++next;
  if (next < yaml.size()) {
    if (yaml[next] != '\n') return std::nullopt;
    ++next;
    if (next < yaml.size() &&
        std::string_view(" \t\n\r#").find(yaml[next]) != std::string_view::npos) {
      return std::nullopt;
    }
  }
  const std::string_view before = yaml.substr(0, tab);
  const size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0
  if (before.find('#', line_start) != std::string_view::npos ||
      before.find("<<") != std::string_view::npos) {
    return std::nullopt;
  }
  for (size_t i = 0; i < before.size(); ++i) {
    // A loop of its own: find_first_of calls memchr on the set for every byte (card_bench).
    if (before[i] != '|' && before[i] != '>') continue;
    // A block scalar's header follows a line's indentation, or blanks after ':' or '-'.
    size_t p = i;
    while (p > 0 && before[p - 1] == ' ') --p;
    if (p == 0 || before[p - 1] == '\n' ||
        (p < i && (before[p - 1] == ':' || before[p - 1] == '-'))) {
      return std::nullopt;
    }
  }
  const std::optional<YamlLoad> load = internal::LoadYamlFast(before, nullptr, locations);
  if (!load || !load->ok() || !load->document->value.is_structured()) return std::nullopt;
  // The fast path took the text before the tab, so it is valid UTF-8 and any CR there is part of
  // a CRLF, at the end of an earlier line.
  internal::Mark mark{1, 1};
  for (size_t i = 0; i < line_start; ++i) mark.line += before[i] == '\n';
  for (size_t i = line_start; i < tab; ++i) {
    mark.column += (static_cast<unsigned char>(before[i]) & 0xC0) != 0x80;
  }
  return mark;
}

std::string_view View(const yaml_char_t* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

}  // namespace

YamlLoad LoadYaml(std::string_view yaml) {
  return internal::LoadYaml(yaml, internal::KeyLocations::kAll);
}

YamlLoad internal::LoadYaml(std::string_view yaml, KeyLocations locations) {
  if (std::optional<YamlLoad> fast = LoadYamlFast(yaml, nullptr, locations)) {
    return std::move(*fast);
  }
  // The fast path takes tabs only in blanks that end a line (yaml_fast_scanner.h).
  const size_t tab = yaml.find('\t');
  if (tab != std::string_view::npos) {
    if (const std::optional<Mark> mark = FastRejectedTab(yaml, tab, locations)) {
      return RejectedTabError(*mark);
    }
  }
  return LoadYamlWithLibyaml(yaml, locations);
}

YamlLoad internal::LoadYamlWithLibyaml(std::string_view yaml, KeyLocations locations) {
  Parser parser(yaml);
  internal::YamlComposer composer(locations);
  Event event;
  bool document_done = false;
  // Tabs are rare; only then do we keep the spans where a tab is scalar content.
  const bool has_tabs = yaml.find('\t') != std::string_view::npos;
  std::vector<internal::TextRange> content_ranges;
  // An error PyYAML's scanner would meet earlier (a separating tab) takes precedence.
  const auto first_error = [&](YamlLoad load) {
    if (!has_tabs) return load;
    return internal::PreferRejectedTab(yaml, content_ranges, std::move(load));
  };
  while (true) {
    if (!event.Next(parser.get())) {
      return first_error({std::nullopt, ParserError(yaml, *parser.get())});
    }
    const internal::Mark mark{static_cast<int>(event->start_mark.line) + 1,
                              static_cast<int>(event->start_mark.column) + 1};
    switch (event->type) {
      case YAML_STREAM_END_EVENT:
        return first_error(composer.Finish());
      case YAML_DOCUMENT_START_EVENT:
        if (document_done) {
          return first_error({std::nullopt, YamlError{"ComposerError",
                                                      "expected a single document in the "
                                                      "stream; but found another document",
                                                      mark.line, mark.column}});
        }
        break;
      case YAML_DOCUMENT_END_EVENT:
        document_done = true;
        break;
      case YAML_ALIAS_EVENT:
        if (!composer.Alias(View(event->data.alias.anchor), mark)) {
          return first_error(composer.Failure());
        }
        break;
      case YAML_SCALAR_EVENT: {
        const auto& s = event->data.scalar;
        if (has_tabs && s.style != YAML_PLAIN_SCALAR_STYLE) {
          content_ranges.push_back({mark,
                                    {static_cast<int>(event->end_mark.line) + 1,
                                     static_cast<int>(event->end_mark.column) + 1}});
        }
        const std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
        if (!composer.Scalar(value, View(s.tag), View(s.anchor), s.plain_implicit != 0, mark)) {
          return first_error(composer.Failure());
        }
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
        if (!composer.Start(internal::YamlComposer::Kind::kSequence,
                            View(event->data.sequence_start.tag),
                            View(event->data.sequence_start.anchor), mark)) {
          return first_error(composer.Failure());
        }
        break;
      case YAML_MAPPING_START_EVENT:
        if (!composer.Start(internal::YamlComposer::Kind::kMapping,
                            View(event->data.mapping_start.tag),
                            View(event->data.mapping_start.anchor), mark)) {
          return first_error(composer.Failure());
        }
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        if (!composer.End()) return first_error(composer.Failure());
        break;
      default:
        break;
    }
  }
}

}  // namespace modelhub::card
