// Builds JSON from a stream of YAML node events the way PyYAML's Composer and SafeConstructor
// build Python objects (see yaml.h for the mapping rules). Fed by LoadYaml; one instance per
// document.
#ifndef MODELHUB_CARD_INTERNAL_YAML_COMPOSER_H_
#define MODELHUB_CARD_INTERNAL_YAML_COMPOSER_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/card/internal/json_pool.h"
#include "modelhub/card/internal/yaml_scalar.h"
#include "modelhub/card/yaml.h"

namespace modelhub::card::internal {

struct Mark {
  int line = 0;  // 1-based
  int column = 0;
};

// Which mapping keys get a YamlDocument::keys entry. Duplicate keys and coercions are always
// located.
enum class KeyLocations {
  kAll,
  // The root mapping's only: all the inspect report's analyses look up (Card::KeyLine), and a
  // location path per nested key was ~10 allocations per card (card_bench).
  kTopLevel,
};

class YamlComposer {
 public:
  // Empties `document`, keeping its key list's storage for the thread's next composer.
  static void Recycle(YamlDocument& document);

  enum class Kind { kSequence, kMapping };

  explicit YamlComposer(KeyLocations locations = KeyLocations::kAll);
  ~YamlComposer();
  YamlComposer(const YamlComposer&) = delete;
  YamlComposer& operator=(const YamlComposer&) = delete;

  static constexpr size_t kMaxDepth = 256;
  static constexpr size_t kMaxNodes = 1'000'000;

  // Each returns false when composition must stop; Failure() then holds the error.
  bool Scalar(std::string_view value, std::string_view tag, std::string_view anchor,
              bool plain_implicit, Mark mark);
  // Scalar() without a tag or an anchor (the fast path's every scalar; the two empty views were
  // four more argument words, half of them passed on the stack).
  bool UntaggedScalar(std::string_view value, bool plain_implicit, Mark mark);
  // UntaggedScalar() for the key of the open mapping, which awaits one.
  bool KeyScalar(std::string_view value, bool plain_implicit, Mark mark);
  bool Alias(std::string_view anchor, Mark mark);
  bool Start(Kind kind, std::string_view tag, std::string_view anchor, Mark mark);
  bool End();

  // The document, or the first constructor error met while building it.
  YamlLoad Finish();
  YamlLoad Failure() const { return {std::nullopt, failure_}; }

 private:
  struct Frame {
    Kind kind = Kind::kSequence;
    // Started in a mapping's key position: paths below it start again from "" (ChildPath).
    bool in_key = false;
    // A mapping's object; a sequence's array is built from `items` at its end.
    nlohmann::json value;
    // One allocation of the final size per sequence: pushed onto its json array, a list of a few
    // items was reallocated at 1, 2 and 4 (card_bench). The first item_count are the items; the
    // rest are null, kept so that no moved-from item is destroyed one by one after each list.
    std::vector<nlohmann::json> items;
    size_t item_count = 0;
    std::string tag;
    std::string anchor;
    Mark mark;
    size_t nodes = 1;
    // Mapping state: the pending key and the merge (`<<`) sources in override order.
    bool have_key = false;
    bool key_is_merge = false;
    std::string key;
    Mark key_mark;
    std::vector<nlohmann::json> merges;
    // Python compares True == 1 == 1.0: numeric keys that are equal share the first one's text.
    std::vector<std::pair<double, std::string>> numeric_keys;
  };
  struct Anchor {
    nlohmann::json value;
    size_t nodes = 1;
    Mark mark;
    bool complete = false;
  };

  Frame& Top() { return stack_[depth_ - 1]; }
  const Frame& Top() const { return stack_[depth_ - 1]; }
  bool InKeyPosition() const;
  // The JSON pointer of the next node in the open collection; `key_if_mapping` when that node is
  // a mapping's key. Built from the stack on demand: only root keys, duplicate keys and
  // coercions need one in KeyLocations::kTopLevel mode, and a path stored per collection was
  // ~2k instructions per card (card_bench).
  std::string ChildPath(std::string_view key_if_mapping) const;
  // Appends the JSON pointer of the open collection stack_[index] to `path`.
  void AppendFramePath(size_t index, std::string* path) const;
  // Scalar() for a scalar with a tag or an anchor or that resolves to other than a string. Out of
  // line, as are AddKey and TooManyNodes: inlined, their frames and strings gave every plain scalar
  // and every value added the prologue and epilogue of the whole (card_bench: ~400 instructions per
  // card).
  bool GeneralScalar(std::string_view value, std::string_view tag, std::string_view anchor,
                     bool plain_implicit, Mark mark);
  bool Add(nlohmann::json&& value, size_t nodes, Mark mark, bool is_merge_key);
  // Add() for the pending key of the open mapping `parent`.
  void AddKey(Frame& parent, nlohmann::json&& value, Mark mark, bool is_merge_key);
  // Fail() for a document past kMaxNodes.
  bool TooManyNodes(Mark mark);
  bool AddStringKey(std::string_view key, Mark mark);
  void AddToMapping(Frame& frame, nlohmann::json&& value, Mark mark);
  bool RegisterAnchor(std::string_view anchor, Mark mark);
  void CompleteAnchor(const std::string& anchor, const nlohmann::json& value, size_t nodes);
  void FinishMapping(Frame& frame);
  void FinishSequence(Frame& frame);
  void Defer(std::string kind, std::string message, Mark mark);
  bool Fail(std::string kind, std::string message, Mark mark);
  void NoteCoercion(std::string_view raw, ScalarTag tag, const nlohmann::json& value, Mark mark);

  // The open collections are the first depth_ frames; the ones past them are kept for their
  // strings' and vectors' storage.
  std::vector<Frame> stack_;
  size_t depth_ = 0;
  // The frames of a finished composer, which the thread's next composer takes over: frames are
  // large, and growing the stack from empty for every card took four allocations, two of them
  // big enough to make glibc consolidate its free lists (card_bench).
  static thread_local std::vector<Frame> spare_stack_;
  // How many of stack_'s frames this composer used: the others are as the last one left them.
  size_t used_frames_ = 0;
  std::map<std::string, Anchor, std::less<>> anchors_;
  JsonPool& pool_ = ThreadJsonPool();
  KeyLocations locations_;
  YamlDocument document_;
  // The key list storage Recycle() kept: a list of room for 16 keys allocated and freed per card
  // showed in card_bench.
  static thread_local std::vector<YamlLocation> spare_keys_;
  bool has_root_ = false;
  size_t total_nodes_ = 0;
  std::optional<YamlError> deferred_;
  YamlError failure_;
};

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_YAML_COMPOSER_H_
