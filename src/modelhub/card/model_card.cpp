#include "modelhub/card/model_card.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/json_pool.h"
#include "modelhub/card/internal/parse_card.h"
#include "modelhub/card/internal/text.h"
#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/internal/yaml_fast.h"

namespace modelhub::card {

// Lists of literals as string_views: a braced list of literals is an initializer_list of
// const char*, which cost a strlen per element per card (card_bench).
using std::string_view_literals::operator""sv;
namespace {

using internal::StartsWith;
using internal::Trim;

// A fence opener: up to three spaces, then ``` or ~~~ (three or more).
// `info`: the info string's first word, as it stands (a view into `line`).
bool FenceOpen(std::string_view line, char* fence_char, size_t* fence_len, std::string_view* info) {
  size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  if (i >= line.size() || (line[i] != '`' && line[i] != '~')) return false;
  const char c = line[i];
  size_t n = 0;
  while (i + n < line.size() && line[i + n] == c) ++n;
  if (n < 3) return false;
  const std::string_view rest = Trim(line.substr(i + n));
  if (c == '`' && rest.find('`') != std::string_view::npos) return false;
  *fence_char = c;
  *fence_len = n;
  const size_t space = rest.find_first_of(" \t{");
  *info = rest.substr(0, space);
  return true;
}

bool FenceClose(std::string_view line, char fence_char, size_t fence_len) {
  size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  size_t n = 0;
  while (i + n < line.size() && line[i + n] == fence_char) ++n;
  return n >= fence_len && Trim(line.substr(i + n)).empty();
}

// `# Title` with up to three leading spaces; strips a closing run of '#'.
bool AtxHeading(std::string_view line, int* level, std::string_view* title) {
  size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  size_t n = 0;
  while (i + n < line.size() && line[i + n] == '#') ++n;
  if (n == 0 || n > 6) return false;
  if (i + n < line.size() && line[i + n] != ' ' && line[i + n] != '\t') return false;
  std::string_view text = Trim(line.substr(i + n));
  const size_t closing = text.find_last_not_of('#');
  if (closing == std::string_view::npos) {
    text = {};
  } else if (closing + 1 < text.size() && (text[closing] == ' ' || text[closing] == '\t')) {
    text = Trim(text.substr(0, closing));
  }
  *level = static_cast<int>(n);
  *title = text;
  return true;
}

// `<h2 ...>Title</h2>` on one line.
bool HtmlHeading(std::string_view line, int* level, std::string* title) {
  const std::string_view t = Trim(line);
  if (t.size() < 9 || t[0] != '<' || (t[1] != 'h' && t[1] != 'H') || t[2] < '1' || t[2] > '6') {
    return false;
  }
  if (t[3] != '>' && t[3] != ' ') return false;
  const size_t open_end = t.find('>');
  const size_t close = internal::ToLower(t).find("</h");
  if (open_end == std::string_view::npos || close == std::string::npos || close < open_end) {
    return false;
  }
  // Drop inner tags such as <img> or <a>, keeping their text.
  std::string text;
  bool in_tag = false;
  for (char c : t.substr(open_end + 1, close - open_end - 1)) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') in_tag = false;
  }
  *level = t[2] - '0';
  *title = std::string(Trim(text));
  return true;
}

// The level of the setext heading that `line` underlines: 1 for a run of '=', 2 for one of two
// '-' or more, 0 when it is neither. One pass for both: a test for '=' and then one for '-'
// trimmed every list item ("- x") twice and an underline a third time (card_bench: ~500
// instructions per card more).
int SetextLevel(std::string_view line) {
  size_t indent = 0;
  while (indent < line.size() && line[indent] == ' ') ++indent;
  if (indent > 3) return 0;
  const std::string_view t = Trim(line);
  if (t.empty() || (t[0] != '=' && t[0] != '-')) return 0;
  for (const char x : t) {
    if (x != t[0]) return 0;
  }
  return t[0] == '=' ? 1 : t.size() >= 2 ? 2 : 0;
}

// The first byte of `line` past Trim's whitespace, 0 when none: a line can open a fence or be a
// heading or a setext underline only by this byte ('`' '~', '#', '<', '=' '-'), and only the one
// parser for it can accept the line (card_bench: trying the four parsers in turn on every
// candidate line, with the title and info string changes in ScanBody, ~2.2k more instructions and
// ~9 more mispredicted branches per card).
char FirstNonSpace(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') return c;
  }
  return 0;
}

// The bytes a structural line can start with: those FirstNonSpace looks for and the whitespace
// it skips.
constexpr auto kMayStartStructure = [] {
  std::array<uint8_t, 256> table{};
  for (const char c : {' ', '\t', '\r', '\f', '\v', '`', '~', '#', '<', '=', '-'}) {
    table[static_cast<unsigned char>(c)] = 1;
  }
  return table;
}();

// Indices of the lines that may be structural, by their first byte, written without a branch
// per line: ScanBody then skips prose lines without visiting them (card_bench: the per-line
// loop's unpredictable branches were ~6% of inspect time). `starts`: the lines' offsets in
// `body`, each below body.size(). An empty line's first byte is its '\n' (never a candidate) or
// the '\r' before one (a candidate that FirstNonSpace then rejects).
void StructuralCandidates(std::string_view body, const std::vector<size_t>& starts,
                          std::vector<uint32_t>* out) {
  out->resize(starts.size());
  uint32_t* next = out->data();
  const auto* bytes = reinterpret_cast<const unsigned char*>(body.data());
  for (size_t k = 0; k < starts.size(); ++k) {
    *next = static_cast<uint32_t>(k);
    next += kMayStartStructure[bytes[starts[k]]];
  }
  out->resize(static_cast<size_t>(next - out->data()));
}

// Whether every byte of `s` is ASCII, a word at a time (the last overlapping the one before):
// most titles of non-ASCII bodies are, and IsValidUtf8's call and byte loop for their last bytes
// were ~75 instructions per title (card_bench: ~210 per card more).
bool IsAscii(std::string_view s) {
  const auto word = [&](size_t at) {
    uint64_t w;
    std::memcpy(&w, s.data() + at, sizeof w);
    return w;
  };
  uint64_t bits = 0;
  if (s.size() >= 8) {
    for (size_t i = 0; i + 8 < s.size(); i += 8) bits |= word(i);
    bits |= word(s.size() - 8);
  } else {
    for (const char c : s) bits |= static_cast<unsigned char>(c);
  }
  return (bits & 0x8080808080808080ULL) == 0;
}

bool IsParagraphLine(std::string_view line) {
  const std::string_view t = Trim(line);
  if (t.empty() || line.substr(0, 4) == "    ") return false;
  return t[0] != '#' && t[0] != '>' && t[0] != '|' && t[0] != '<' && !StartsWith(t, "- ") &&
         !StartsWith(t, "* ") && !StartsWith(t, "```");
}

// One walk over the metadata's keys, each compared only with the kind keys of its length and
// first byte: a map lookup per kind key was 14 descents and ~35 memcmp calls per card
// (card_bench).
CardKind GuessKind(const nlohmann::json& metadata) {
  static constexpr std::string_view kSpaceKeys[] = {"sdk", "app_file", "colorFrom", "emoji"};
  static constexpr std::string_view kDatasetKeys[] = {
      "task_categories",   "size_categories", "annotations_creators", "language_creators",
      "multilinguality",   "task_ids",        "dataset_info",         "source_datasets",
      "paperswithcode_id", "configs"};
  const auto is_one_of = [](std::string_view key, const auto& keys) {
    for (const std::string_view k : keys) {
      if (k.size() == key.size() && k[0] == key[0] && k == key) return true;
    }
    return false;
  };
  if (!metadata.is_object()) return CardKind::kModel;
  bool dataset = false;
  for (const auto& [key, value] : metadata.get_ref<const nlohmann::json::object_t&>()) {
    if (key.empty()) continue;
    if (is_one_of(key, kSpaceKeys)) return CardKind::kSpace;
    dataset = dataset || is_one_of(key, kDatasetKeys);
  }
  return dataset ? CardKind::kDataset : CardKind::kModel;
}

void LoadMetadata(Card* card, internal::KeyLocations locations) {
  const FrontMatter& front = card->front;
  if (!front.present) return;
  YamlLoad load = internal::LoadYaml(front.yaml, locations);
  const int offset = front.yaml_line - 1;
  if (!load.ok()) {
    load.error.line += load.error.line > 0 ? offset : 0;
    card->yaml_error = std::move(load.error);
    return;
  }
  card->yaml = std::move(*load.document);
  for (YamlLocation& l : card->yaml.keys) l.line += offset;
  for (YamlLocation& l : card->yaml.duplicate_keys) l.line += offset;
  for (YamlCoercion& c : card->yaml.coercions) c.location.line += offset;
  if (card->yaml.value.is_object()) {
    // The {} it replaces goes to the thread's next load rather than to free().
    internal::RecycleJson(card->metadata);
    card->metadata = std::move(card->yaml.value);
    card->yaml.value = nullptr;
  } else if (!card->yaml.value.is_null()) {
    card->metadata_not_mapping = true;
  }
}

// Lines [first, last), each followed by '\n', appended in one allocation: appending a long code
// block line by line grew its string a dozen times (card_bench).
void AppendLines(const BodyLines& lines, size_t first, size_t last, std::string* out) {
  if (first >= last) return;
  // Without a '\r' among them the lines are their bytes as they stand (one '\n' between each
  // two): one copy instead of a memcpy call per line (card_bench).
  const char* const begin = lines[first].data();
  const char* const end = lines[last - 1].data() + lines[last - 1].size();
  if (std::memchr(begin, '\r', static_cast<size_t>(end - begin)) == nullptr) {
    out->append(begin, static_cast<size_t>(end - begin)).push_back('\n');
    return;
  }
  size_t size = out->size();
  for (size_t k = first; k < last; ++k) size += lines[k].size() + 1;
  out->reserve(size);
  for (size_t k = first; k < last; ++k) out->append(lines[k]).push_back('\n');
}

// Sections and code blocks a card did not need, kept with their strings' storage for the thread's
// next card: cutting the card's vectors to size freed them, and a card with more sections than
// the last allocated them again (card_bench: ~5 allocations per card).
thread_local std::vector<Section> spare_sections;
thread_local std::vector<CodeBlock> spare_blocks;

template <typename T>
T Spare(std::vector<T>* spares) {
  if (spares->empty()) return T();
  T item = std::move(spares->back());
  spares->pop_back();
  return item;
}

template <typename T>
void KeepSpares(std::vector<T>* items, size_t count, std::vector<T>* spares) {
  constexpr size_t kMaxSpares = 64;
  while (items->size() > count) {
    if (spares->size() < kMaxSpares) spares->push_back(std::move(items->back()));
    items->pop_back();
  }
}

void ScanBody(Card* card, std::string_view body) {
  bool body_ascii = false;
  internal::LineStartsAndLowerInto(body, &card->line_starts, &card->body_lower_storage,
                                   &body_ascii);
  card->body_lower = std::string_view(card->body_lower_storage.data(), body.size());
  card->body_lines = BodyLines(body, card->line_starts);
  const auto& lines = card->body_lines;
  const char* const lower = card->body_lower.data();
  bool in_fence = false;
  char fence_char = 0;
  size_t fence_len = 0;
  size_t code_first = 0;  // the open fence's first code line
  // Indices of sections that are still open, by nesting; the thread's, not allocated per card.
  thread_local std::vector<int> open;
  open.clear();
  // Sections and code blocks overwrite the ones a reused card holds, keeping their strings'
  // storage (card_bench: a title and a code copy allocated per card were ~9 allocations); the
  // vectors are cut to size at the end.
  size_t section_count = 0;
  size_t block_count = 0;
  card->titles_lower.clear();
  card->title_starts.clear();
  // `in_body`: `title` is a view into `body`, whose lower-cased bytes are then body_lower's at
  // the same offset (card_bench: joining the titles and lower-casing them in a pass after the
  // scan copied and lowered every title again). A title of an ASCII body (half the corpus) is
  // valid UTF-8 unchecked (IsValidUtf8 on titles: ~610 -> ~420 instructions per card).
  const auto add_section = [&](int level, std::string_view title, int line, bool in_body) {
    while (!open.empty() && card->sections[open.back()].level >= level) {
      card->sections[open.back()].end_line = line - 1;
      open.pop_back();
    }
    if (section_count == card->sections.size()) card->sections.push_back(Spare(&spare_sections));
    Section& s = card->sections[section_count++];
    s.level = level;
    const size_t start = card->titles_lower.size();
    card->title_starts.push_back(start);
    if (body_ascii || IsAscii(title) || internal::IsValidUtf8(title)) {
      s.title.assign(title);            // the usual case, without ValidUtf8's copy
      if (in_body && !title.empty()) {  // an empty ATX title is a null view
        card->titles_lower.append(lower + (title.data() - body.data()), title.size());
      } else {
        card->titles_lower.append(title);
        internal::ToLowerInPlace(card->titles_lower.data() + start, title.size());
      }
    } else {
      s.title = internal::ValidUtf8(title);
      card->titles_lower.append(s.title);
      internal::ToLowerInPlace(card->titles_lower.data() + start, s.title.size());
    }
    card->titles_lower.push_back('\n');
    s.line = line;
    s.end_line = 0;
    s.parent = open.empty() ? -1 : open.back();
    open.push_back(static_cast<int>(section_count) - 1);
  };
  const auto end_block = [&](size_t end) {
    AppendLines(lines, code_first, end, &card->code_blocks[block_count++].code);
  };
  // Only lines that may be structural can open or close a fence or be (or underline) a heading.
  thread_local std::vector<uint32_t> candidates;
  StructuralCandidates(body, card->line_starts, &candidates);
  for (const uint32_t candidate : candidates) {
    const size_t i = candidate;
    const std::string_view line = lines[i];
    const int file_line = card->BodyLine(i);
    if (in_fence) {
      if (FenceClose(line, fence_char, fence_len)) {
        in_fence = false;
        end_block(i);
      }
      continue;
    }
    int level = 0;
    switch (FirstNonSpace(line)) {
      case '`':
      case '~': {
        std::string_view info;
        if (!FenceOpen(line, &fence_char, &fence_len, &info)) break;
        in_fence = true;
        if (block_count == card->code_blocks.size()) {
          card->code_blocks.push_back(Spare(&spare_blocks));
        }
        CodeBlock& block = card->code_blocks[block_count];
        // Lower-cased already in body_lower, into the block's own storage.
        block.language.assign(lower + (info.data() - body.data()), info.size());
        block.line = file_line;
        block.code.clear();
        code_first = i + 1;
        break;
      }
      case '#': {
        std::string_view title;
        if (AtxHeading(line, &level, &title)) add_section(level, title, file_line, true);
        break;
      }
      case '<': {
        std::string html_title;
        if (HtmlHeading(line, &level, &html_title)) {
          add_section(level, html_title, file_line, false);
        }
        break;
      }
      case '=':
      case '-':
        if (i > 0 && (level = SetextLevel(line)) != 0 && IsParagraphLine(lines[i - 1]) &&
            (i < 2 || Trim(lines[i - 2]).empty() || !IsParagraphLine(lines[i - 2]))) {
          add_section(level, Trim(lines[i - 1]), file_line - 1, true);
        }
        break;
      default:
        break;
    }
  }
  if (in_fence) end_block(lines.size());  // an unclosed fence runs to the end
  KeepSpares(&card->sections, section_count, &spare_sections);
  KeepSpares(&card->code_blocks, block_count, &spare_blocks);
  internal::IndexPhrases(card);
  const int last_line = card->BodyLine(lines.empty() ? 0 : lines.size() - 1);
  for (int index : open) card->sections[index].end_line = last_line;
}

}  // namespace

std::string_view CardKindName(CardKind kind) {
  switch (kind) {
    case CardKind::kModel:
      return "model";
    case CardKind::kDataset:
      return "dataset";
    case CardKind::kSpace:
      return "space";
  }
  return "model";
}

std::string Card::SectionText(const Section& section) const {
  std::string text;
  const int first = section.line + 1 - front.body_line;
  const int last = section.end_line - front.body_line;
  for (int i = std::max(first, 0); i <= last && i < static_cast<int>(body_lines.size()); ++i) {
    text.append(body_lines[i]).push_back('\n');
  }
  return text;
}

int Card::KeyLine(std::string_view key) const {
  if (std::none_of(key.begin(), key.end(), [](char c) { return c == '~' || c == '/'; })) {
    // The pointer is "/" + key: compared in place instead of built (lint and trust ask for the
    // same few keys many times per card).
    for (const YamlLocation& location : yaml.keys) {
      const std::string_view path = location.path;
      if (path.size() == key.size() + 1 && path[0] == '/' && path.substr(1) == key) {
        return location.line;
      }
    }
    return 0;  // LineOf's ancestors of "/key" are "" alone, which no key has
  }
  std::string path = "/";
  path += JsonPointerSegment(key);  // built in steps: GCC 12 -O2 warns (-Wrestrict) on "/" + s
  return yaml.LineOf(path);
}

void ParseCard(std::string_view text, Card* card, std::optional<CardKind> kind) {
  internal::ParseCard(text, card, kind, internal::KeyLocations::kAll);
}

void internal::ParseCard(std::string_view text, Card* card, std::optional<CardKind> kind,
                         KeyLocations locations, bool body_in_text) {
  // Everything is reset but the storage of the text copies, the per-line vectors and the sections'
  // and code blocks' strings, so that a card reused across calls (InspectCardJson's per-thread
  // card) allocates them once.
  std::string_view body;
  internal::SplitFrontMatterInto(text, &card->front, body_in_text ? &body : nullptr);
  if (!body_in_text) body = card->front.body;
  // A reused card's metadata is already an empty object (InspectCardJson's lease leaves it so):
  // kept rather than replaced by a newly allocated one.
  if (!card->metadata.is_object() || !card->metadata.empty()) {
    card->metadata = nlohmann::json(nlohmann::json::value_t::object);
  }
  card->yaml_error.reset();
  card->metadata_not_mapping = false;
  internal::YamlComposer::Recycle(card->yaml);
  LoadMetadata(card, locations);
  card->kind = kind.value_or(GuessKind(card->metadata));
  ScanBody(card, body);
}

nlohmann::json SectionsToJson(const Card& card) {
  std::vector<nlohmann::json> nodes;
  nodes.reserve(card.sections.size());
  for (const Section& s : card.sections) {
    nodes.push_back({{"level", s.level},
                     {"title", s.title},
                     {"line", s.line},
                     {"end_line", s.end_line},
                     {"children", nlohmann::json::array()}});
  }
  // Children come after their parent, so attach from the back to move finished subtrees.
  nlohmann::json roots = nlohmann::json::array();
  for (size_t i = nodes.size(); i-- > 0;) {
    const int parent = card.sections[i].parent;
    auto& target = parent < 0 ? roots : nodes[parent]["children"];
    target.insert(target.begin(), std::move(nodes[i]));
  }
  return roots;
}

}  // namespace modelhub::card
