// A parsed card: front matter, metadata (PyYAML semantics), the Markdown heading tree and the
// fenced code blocks, with file line numbers throughout. The input of lint, trust, lineage and
// compare. Pure; ParseCard never fails: problems are recorded in the Card for lint to report.
#ifndef MODELHUB_CARD_MODEL_CARD_H_
#define MODELHUB_CARD_MODEL_CARD_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/card/front_matter.h"
#include "modelhub/card/yaml.h"

namespace modelhub::card {

enum class CardKind { kModel, kDataset, kSpace };
std::string_view CardKindName(CardKind kind);

// One Markdown heading (ATX `#`, setext underline or an HTML <h1>-<h6> line) and its extent.
struct Section {
  int level = 1;
  std::string title;
  int line = 0;      // file line of the heading
  int end_line = 0;  // last file line before the next heading of the same or a higher level
  int parent = -1;   // index into Card::sections, -1 for top level
};

struct CodeBlock {
  std::string language;  // the info string's first word, lower-cased
  int line = 0;          // file line of the opening fence
  std::string code;
};

// A body's lines as views into it, without their '\n' (nor a '\r' before one), read off the
// lines' start offsets: a vector of the views cost a third pass over every body (card_bench).
class BodyLines {
 public:
  BodyLines() = default;
  // `starts`: SplitLines(body)'s offsets in `body`, both outliving this.
  BodyLines(std::string_view body, const std::vector<size_t>& starts)
      : body_(body.data()),
        starts_(starts.data()),
        count_(starts.size()),
        last_end_(body.size() - (!body.empty() && body.back() == '\n' ? 1 : 0)) {}

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::string_view operator[](size_t i) const {
    const size_t begin = starts_[i];
    size_t end = i + 1 < count_ ? starts_[i + 1] - 1 : last_end_;
    if (end > begin && body_[end - 1] == '\r') --end;
    return {body_ + begin, end - begin};
  }

 private:
  const char* body_ = nullptr;
  const size_t* starts_ = nullptr;
  size_t count_ = 0;
  size_t last_end_ = 0;  // where the last line's bytes end
};

struct Card {
  FrontMatter front;
  nlohmann::json metadata = nlohmann::json::object();  // {} when absent or invalid
  std::optional<YamlError> yaml_error;                 // lines are file lines
  bool metadata_not_mapping = false;                   // YAML loaded but was not a mapping
  YamlDocument yaml;                                   // locations are file lines
  CardKind kind = CardKind::kModel;
  std::vector<Section> sections;
  std::vector<CodeBlock> code_blocks;
  // Views into front.body (or into the parsed text: internal/parse_card.h) by line_starts; line i
  // is body_line + i.
  BodyLines body_lines;
  std::vector<size_t> line_starts;
  // The body lower-cased once (ASCII), so that the many phrase searches of lint and trust are
  // plain substring searches (card_bench: 30% of inspect time went to case-insensitive line scans
  // before). A view of body_lower_storage's first bytes.
  std::string_view body_lower;
  std::string body_lower_storage;
  // The section titles lower-cased and joined with '\n' (no title holds one), with each title's
  // start offset: canonical section lookups search it instead of lower-casing every title.
  std::string titles_lower;
  std::vector<size_t> title_starts;
  // Filled by ParseCard from one pass over body_lower and one over titles_lower (see
  // internal/card_facts.h): the first offset of each phrase lint and trust look for, and the
  // index of each canonical section (-1 when absent).
  std::vector<size_t> body_phrase_offsets;
  std::vector<int> canonical_sections;

  int BodyLine(size_t index) const { return front.body_line + static_cast<int>(index); }
  // The text under `section` (excluding its heading line and its subsections' headings).
  std::string SectionText(const Section& section) const;
  // Metadata line of a top-level key (0 when absent).
  int KeyLine(std::string_view key) const;

  Card() = default;
  Card(const Card&) = delete;  // body_lines point into front.body
  Card& operator=(const Card&) = delete;
  Card(Card&&) = delete;
};

// Parses `text` into `card`, replacing all it held (a reused card keeps only its buffers' storage).
// `kind` forces the card kind; without it the kind is guessed from the metadata
// (sdk/app_file: space; task_categories/size_categories/...: dataset; else model).
void ParseCard(std::string_view text, Card* card, std::optional<CardKind> kind = std::nullopt);

// The heading tree as nested JSON: [{level, title, line, end_line, children: [...]}].
nlohmann::json SectionsToJson(const Card& card);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_MODEL_CARD_H_
