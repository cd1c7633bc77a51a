#include "modelhub/card/internal/yaml_composer.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <utility>

namespace modelhub::card::internal {
namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool IsDefaultTag(std::string_view tag, std::string_view core_name) {
  return tag.empty() || tag == "!" ||
         (tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix &&
          tag.substr(kCoreTagPrefix.size()) == core_name);
}

bool IsCoreTag(std::string_view tag, std::string_view name) {
  return tag.size() == kCoreTagPrefix.size() + name.size() &&
         tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix &&
         tag.substr(kCoreTagPrefix.size()) == name;
}

std::string NoConstructor(std::string_view tag) {
  return "could not determine a constructor for the tag '" + std::string(tag) + "'";
}

// Whether `s` holds one of the bytes of `set`: a loop, where find_first_of calls memchr on the set
// for every byte of `s` (card_bench: every number of a model-index went through here).
bool HasAnyOf(std::string_view s, std::string_view set) {
  for (const char c : s) {
    for (const char x : set) {
      if (c == x) return true;
    }
  }
  return false;
}

// Whether a resolved plain scalar reads differently under YAML 1.2 or to a human: bool words
// other than true/false, octal, sexagesimal and underscored numbers, floats that lose digits,
// and dates (which PyYAML turns into date objects).
bool IsSurprising(std::string_view raw, ScalarTag tag) {
  switch (tag) {
    case ScalarTag::kBool: {
      const std::string lower = [&] {
        std::string s(raw);
        for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return s;
      }();
      return lower != "true" && lower != "false";
    }
    case ScalarTag::kInt: {
      std::string_view digits = raw;
      if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
      return HasAnyOf(digits, "_:xb") || (digits.size() > 1 && digits[0] == '0');
    }
    case ScalarTag::kFloat:
      return HasAnyOf(raw, "_:") ||
             (!HasAnyOf(raw, "eE") && raw.size() > 1 && raw.back() == '0' && HasAnyOf(raw, "."));
    case ScalarTag::kTimestamp:
      return true;
    default:
      return false;
  }
}

// Appends "/" and the pointer segment of `key`.
void AppendSegment(std::string_view key, std::string* path) {
  path->push_back('/');
  AppendJsonPointerSegment(key, path);
}

// Appends "/" and `index` (one buffer: the temporaries of `path + "/" + std::to_string(n)` were
// three allocations per sequence item, card_bench).
void AppendSegment(size_t index, std::string* path) {
  char digits[24];
  digits[0] = '/';
  const char* end = std::to_chars(digits + 1, digits + sizeof digits, index).ptr;
  path->append(digits, static_cast<size_t>(end - digits));
}

}  // namespace

thread_local std::vector<YamlComposer::Frame> YamlComposer::spare_stack_;
thread_local std::vector<YamlLocation> YamlComposer::spare_keys_;

YamlComposer::YamlComposer(KeyLocations locations) : locations_(locations) {
  stack_.swap(spare_stack_);  // closed frames, with whatever storage the last composer left
  // Room for a typical front matter's keys: grown from empty they were reallocated five or six
  // times per card (card_bench).
  constexpr size_t kKeys = 16;
  if (spare_keys_.capacity() >= kKeys) {
    document_.keys.swap(spare_keys_);
  } else {
    document_.keys.reserve(kKeys);
  }
}

void YamlComposer::Recycle(YamlDocument& document) {
  if (!document.value.is_null()) document.value = nullptr;
  // Each list only when it has storage: a reused card's document is recycled twice per card.
  if (document.keys.capacity() != 0) {
    document.keys.clear();
    constexpr size_t kKeepKeys = 256;  // an outsized list's storage is not kept
    if (document.keys.capacity() <= kKeepKeys &&
        document.keys.capacity() > spare_keys_.capacity()) {
      document.keys.swap(spare_keys_);
    }
    document.keys = std::vector<YamlLocation>();
  }
  if (document.duplicate_keys.capacity() != 0) {
    document.duplicate_keys = std::vector<YamlLocation>();
  }
  if (document.coercions.capacity() != 0) document.coercions = std::vector<YamlCoercion>();
}

YamlComposer::~YamlComposer() {
  // A document a deferred error kept from Finish() (a mapping with a collection as a key) goes
  // to the pool rather than to nlohmann's destructor (card_bench: ~170 instructions per card).
  if (!document_.value.is_null()) pool_.Take(document_.value, 0);
  constexpr size_t kKeep = 64;  // frames; a pathological document's deep stack is not kept
  if (stack_.size() > kKeep || stack_.size() < spare_stack_.size()) return;
  // What a composition stopped early left in its open collections is not kept, nor a value an
  // ended collection kept (a merge list, an unhashable key). Frames past the ones used were left
  // clean by an earlier composer.
  for (size_t i = 0; i < used_frames_; ++i) {
    Frame& frame = stack_[i];
    if (!frame.value.is_null()) frame.value = nullptr;
    if (frame.item_count != 0) {
      frame.items.clear();
      frame.item_count = 0;
    }
    frame.merges.clear();
  }
  stack_.swap(spare_stack_);
}

bool YamlComposer::InKeyPosition() const {
  return depth_ != 0 && Top().kind == Kind::kMapping && !Top().have_key;
}

void YamlComposer::AppendFramePath(size_t index, std::string* path) const {
  size_t first = index;
  while (first > 0 && !stack_[first].in_key) --first;
  for (size_t i = first; i < index; ++i) {
    // Below an open collection its pending key or next index names the child.
    const Frame& frame = stack_[i];
    if (frame.kind == Kind::kSequence) {
      AppendSegment(frame.item_count, path);
    } else {
      AppendSegment(frame.key, path);
    }
  }
}

std::string YamlComposer::ChildPath(std::string_view key_if_mapping) const {
  if (depth_ == 0) return "";
  const Frame& parent = Top();
  std::string path;
  AppendFramePath(depth_ - 1, &path);
  if (parent.kind == Kind::kSequence) {
    AppendSegment(parent.item_count, &path);
  } else {
    AppendSegment(parent.have_key ? std::string_view(parent.key) : key_if_mapping, &path);
  }
  return path;
}

void YamlComposer::Defer(std::string kind, std::string message, Mark mark) {
  if (!deferred_)
    deferred_ = YamlError{std::move(kind), std::move(message), mark.line, mark.column};
}

bool YamlComposer::Fail(std::string kind, std::string message, Mark mark) {
  failure_ = YamlError{std::move(kind), std::move(message), mark.line, mark.column};
  return false;
}

void YamlComposer::NoteCoercion(std::string_view raw, ScalarTag tag, const nlohmann::json& value,
                                Mark mark) {
  if (!IsSurprising(raw, tag)) return;
  const std::string key = InKeyPosition() ? PythonKeyString(value) : std::string();
  document_.coercions.push_back(
      YamlCoercion{YamlLocation{ChildPath(key), mark.line, mark.column}, std::string(raw), value});
}

bool YamlComposer::RegisterAnchor(std::string_view anchor, Mark mark) {
  if (anchor.empty()) return true;
  const auto it = anchors_.find(anchor);
  if (it != anchors_.end()) {
    return Fail("ComposerError",
                "found duplicate anchor '" + std::string(anchor) + "'; first occurrence at line " +
                    std::to_string(it->second.mark.line) + ", second occurrence",
                mark);
  }
  anchors_.emplace(std::string(anchor), Anchor{nullptr, 1, mark, false});
  return true;
}

void YamlComposer::CompleteAnchor(const std::string& anchor, const nlohmann::json& value,
                                  size_t nodes) {
  if (anchor.empty()) return;
  Anchor& entry = anchors_[anchor];
  entry.value = value;
  entry.nodes = nodes;
  entry.complete = true;
}

bool YamlComposer::Scalar(std::string_view value, std::string_view tag, std::string_view anchor,
                          bool plain_implicit, Mark mark) {
  if (tag.empty() && anchor.empty()) return UntaggedScalar(value, plain_implicit, mark);
  return GeneralScalar(value, tag, anchor, plain_implicit, mark);
}

bool YamlComposer::UntaggedScalar(std::string_view value, bool plain_implicit, Mark mark) {
  // Most of them strings (card_bench: the general path cost ~100 instructions more per string).
  if (!plain_implicit || ResolvePlainScalar(value) == ScalarTag::kStr) {
    if (InKeyPosition()) return AddStringKey(value, mark);
    if (nlohmann::json* pooled = pool_.String(value)) {
      return Add(std::move(*pooled), 1, mark, false);
    }
    return Add(nlohmann::json(value), 1, mark, false);
  }
  return GeneralScalar(value, {}, {}, plain_implicit, mark);
}

bool YamlComposer::KeyScalar(std::string_view value, bool plain_implicit, Mark mark) {
  if (!plain_implicit || ResolvePlainScalar(value) == ScalarTag::kStr) {
    return AddStringKey(value, mark);
  }
  return GeneralScalar(value, {}, {}, plain_implicit, mark);
}

__attribute__((noinline)) bool YamlComposer::GeneralScalar(std::string_view value,
                                                           std::string_view tag,
                                                           std::string_view anchor,
                                                           bool plain_implicit, Mark mark) {
  if (!anchor.empty() && !RegisterAnchor(anchor, mark)) return false;
  const bool key_position = InKeyPosition();
  nlohmann::json result;
  bool is_merge_key = false;
  ScalarTag scalar_tag = ScalarTag::kStr;
  bool known = true;
  bool implicit = false;
  if (tag.empty() || tag == "!") {
    implicit = plain_implicit;
    scalar_tag = plain_implicit ? ResolvePlainScalar(value) : ScalarTag::kStr;
  } else if (IsCoreTag(tag, "merge")) {
    scalar_tag = ScalarTag::kMerge;
  } else if (IsCoreTag(tag, "value")) {
    scalar_tag = ScalarTag::kValue;
  } else if (!ScalarTagFromName(tag, &scalar_tag)) {
    known = false;
  }
  if (known && key_position && scalar_tag == ScalarTag::kStr && anchor.empty()) {
    return AddStringKey(value, mark);
  }
  if (!known) {
    const bool collection_tag = IsCoreTag(tag, "seq") || IsCoreTag(tag, "map") ||
                                IsCoreTag(tag, "set") || IsCoreTag(tag, "omap") ||
                                IsCoreTag(tag, "pairs");
    Defer("ConstructorError",
          collection_tag ? "expected a collection node, but found scalar" : NoConstructor(tag),
          mark);
  } else if (key_position && scalar_tag == ScalarTag::kMerge) {
    is_merge_key = true;  // flatten_mapping consumes the key; it is never constructed
  } else if (key_position && scalar_tag == ScalarTag::kValue) {
    result = std::string(value);  // flatten_mapping retags a `=` key as a string
  } else if (scalar_tag == ScalarTag::kStr) {
    // Straight from the text: through ConstructScalar's std::string a value past 15 bytes was
    // allocated twice (card_bench).
    result = nlohmann::json(value);
  } else {
    std::string error;
    if (!ConstructScalar(scalar_tag, value, &result, &error)) {
      const size_t colon = error.find(": ");
      Defer(error.substr(0, colon), colon == std::string::npos ? error : error.substr(colon + 2),
            mark);
      result = nullptr;
    } else if (implicit && scalar_tag != ScalarTag::kNull) {
      NoteCoercion(value, scalar_tag, result, mark);
    }
  }
  if (!anchor.empty()) CompleteAnchor(std::string(anchor), result, 1);
  return Add(std::move(result), 1, mark, is_merge_key);
}

bool YamlComposer::Alias(std::string_view anchor, Mark mark) {
  const auto it = anchors_.find(anchor);
  if (it == anchors_.end()) {
    return Fail("ComposerError", "found undefined alias '" + std::string(anchor) + "'", mark);
  }
  if (!it->second.complete) {
    return Fail("ConstructorError",
                "recursive alias '" + std::string(anchor) + "' cannot be represented in JSON",
                mark);
  }
  nlohmann::json copy = it->second.value;
  return Add(std::move(copy), it->second.nodes, mark, false);
}

bool YamlComposer::Start(Kind kind, std::string_view tag, std::string_view anchor, Mark mark) {
  if (depth_ >= kMaxDepth) {
    return Fail("ComposerError",
                "document nested deeper than " + std::to_string(kMaxDepth) + " levels", mark);
  }
  if (!anchor.empty() && !RegisterAnchor(anchor, mark)) return false;
  const bool in_key = InKeyPosition();
  // Frames are reused in place: a Frame is large, and moving one in and out per collection showed
  // in card_bench.
  if (depth_ == stack_.size()) stack_.emplace_back();
  Frame& frame = stack_[depth_++];
  if (depth_ > used_frames_) used_frames_ = depth_;
  frame.kind = kind;
  frame.in_key = in_key;
  // A sequence's array is made at its end. By type when the pool has none: json::object() goes
  // through an initializer list.
  if (kind == Kind::kMapping && !pool_.objects.TakeInto(frame.value)) {
    frame.value = nlohmann::json(nlohmann::json::value_t::object);
  }
  // Cleared, then assigned only when there is one: assign() takes the general replace path.
  frame.tag.clear();
  if (!tag.empty()) frame.tag.assign(tag);
  frame.anchor.clear();
  if (!anchor.empty()) frame.anchor.assign(anchor);
  frame.mark = mark;
  frame.nodes = 1;
  frame.have_key = false;
  frame.key_is_merge = false;
  frame.merges.clear();
  frame.numeric_keys.clear();
  return true;
}

void YamlComposer::FinishMapping(Frame& frame) {
  if (!frame.merges.empty()) {
    // flatten_mapping: merged pairs come first, so the mapping's own keys override them, and
    // among merged sources the later one in the merge list wins.
    nlohmann::json merged = nlohmann::json::object();
    for (const nlohmann::json& source : frame.merges) {
      for (const auto& [k, v] : source.items()) merged[k] = v;
    }
    for (auto& [k, v] : frame.value.items()) merged[k] = std::move(v);
    frame.value = std::move(merged);
  }
  if (IsDefaultTag(frame.tag, "map")) return;
  if (IsCoreTag(frame.tag, "set")) {
    nlohmann::json keys = nlohmann::json::array();
    for (const auto& [k, v] : frame.value.items()) keys.push_back(k);
    frame.value = std::move(keys);
    return;
  }
  const bool scalar_or_seq = IsCoreTag(frame.tag, "seq") || IsCoreTag(frame.tag, "omap") ||
                             IsCoreTag(frame.tag, "pairs") ||
                             frame.tag.rfind(kCoreTagPrefix, 0) == 0;
  Defer("ConstructorError",
        scalar_or_seq ? "expected a different node kind, but found mapping"
                      : NoConstructor(frame.tag),
        frame.mark);
}

void YamlComposer::FinishSequence(Frame& frame) {
  if (IsDefaultTag(frame.tag, "seq")) return;
  if (IsCoreTag(frame.tag, "omap") || IsCoreTag(frame.tag, "pairs")) {
    nlohmann::json pairs = nlohmann::json::array();
    for (const nlohmann::json& item : frame.value) {
      if (!item.is_object() || item.size() != 1) {
        Defer("ConstructorError",
              "while constructing an ordered map: expected a mapping of length 1", frame.mark);
        return;
      }
      pairs.push_back(nlohmann::json::array({item.begin().key(), item.begin().value()}));
    }
    frame.value = std::move(pairs);
    return;
  }
  Defer("ConstructorError",
        frame.tag.rfind(kCoreTagPrefix, 0) == 0
            ? "expected a different node kind, but found sequence"
            : NoConstructor(frame.tag),
        frame.mark);
}

bool YamlComposer::End() {
  Frame& frame = Top();
  if (frame.kind == Kind::kMapping) {
    FinishMapping(frame);
    frame.merges.clear();
  } else {
    if (!pool_.arrays.TakeInto(frame.value)) {
      frame.value = nlohmann::json(nlohmann::json::value_t::array);
    }
    const auto first = frame.items.begin();
    frame.value.get_ref<nlohmann::json::array_t&>().assign(
        std::make_move_iterator(first),
        std::make_move_iterator(first + static_cast<std::ptrdiff_t>(frame.item_count)));
    frame.item_count = 0;
    constexpr size_t kKeepItems = 256;  // an outsized list's storage is not kept
    if (frame.items.capacity() > kKeepItems) frame.items = std::vector<nlohmann::json>();
    FinishSequence(frame);
  }
  CompleteAnchor(frame.anchor, frame.value, frame.nodes);
  --depth_;
  return Add(std::move(frame.value), frame.nodes, frame.mark, false);  // Add adds no frame
}

void YamlComposer::AddToMapping(Frame& frame, nlohmann::json&& value, Mark mark) {
  frame.have_key = false;
  if (frame.key_is_merge) {
    frame.key_is_merge = false;
    if (value.is_object()) {
      frame.merges.push_back(std::move(value));
    } else if (value.is_array() && std::all_of(value.begin(), value.end(),
                                               [](const auto& v) { return v.is_object(); })) {
      for (auto it = value.rbegin(); it != value.rend(); ++it) frame.merges.push_back(*it);
    } else {
      Defer("ConstructorError",
            "while constructing a mapping: expected a mapping or list of mappings for merging",
            mark);
    }
    return;
  }
  auto& object = frame.value.get_ref<nlohmann::json::object_t&>();
  nlohmann::json::object_t::iterator entry;
  bool duplicate;
  if (!pool_.nodes.empty()) {
    // A pooled node goes in with the map's own descent, which also finds a duplicate: a
    // lower_bound then a hinted insert compared the key twice more (card_bench).
    auto node = std::move(pool_.nodes.back());
    pool_.nodes.pop_back();
    node.key().swap(frame.key);  // Add sets the next key over the node's old one
    node.mapped().swap(value);   // null: no temporary to destroy, as assignment has
    auto inserted = object.insert(std::move(node));
    entry = inserted.position;
    duplicate = !inserted.inserted;
    if (duplicate) {
      entry->second = std::move(inserted.node.mapped());
      pool_.nodes.push_back(std::move(inserted.node));
    }
  } else {
    // One descent of the object's map (find then emplace took two), then an insert at the spot.
    entry = object.lower_bound(frame.key);
    duplicate = entry != object.end() && entry->first == frame.key;
    if (duplicate) {
      entry->second = std::move(value);
    } else {
      entry = object.emplace_hint(entry, std::move(frame.key), std::move(value));
    }
  }
  // `frame` is the top one, so a stack of one is the root.
  if (duplicate || locations_ == KeyLocations::kAll || depth_ == 1) {
    // Built in place: a path built apart, then moved into a location and that into the list, cost
    // ~90 instructions more per root key (card_bench).
    YamlLocation& location = (duplicate ? document_.duplicate_keys : document_.keys).emplace_back();
    AppendFramePath(depth_ - 1, &location.path);
    AppendSegment(entry->first, &location.path);
    location.line = frame.key_mark.line;
    location.column = frame.key_mark.column;
  }
}

__attribute__((noinline)) bool YamlComposer::TooManyNodes(Mark mark) {
  return Fail("ComposerError",
              "document expands to more than " + std::to_string(kMaxNodes) + " nodes", mark);
}

bool YamlComposer::Add(nlohmann::json&& value, size_t nodes, Mark mark, bool is_merge_key) {
  total_nodes_ += nodes;
  if (total_nodes_ > kMaxNodes) return TooManyNodes(mark);
  if (depth_ == 0) {
    document_.value = std::move(value);
    has_root_ = true;
    return true;
  }
  Frame& parent = Top();
  parent.nodes += nodes;
  if (parent.kind == Kind::kSequence) {
    if (parent.item_count == parent.items.size()) parent.items.emplace_back();
    parent.items[parent.item_count++].swap(value);
  } else if (!parent.have_key) {
    AddKey(parent, std::move(value), mark, is_merge_key);
  } else {
    AddToMapping(parent, std::move(value), mark);
  }
  return true;
}

__attribute__((noinline)) void YamlComposer::AddKey(Frame& parent, nlohmann::json&& value,
                                                    Mark mark, bool is_merge_key) {
  parent.have_key = true;
  parent.key_is_merge = is_merge_key;
  parent.key_mark = mark;
  if (value.is_array() || value.is_object()) {
    Defer("ConstructorError", "while constructing a mapping: found unhashable key", mark);
    parent.key.clear();
  } else if (value.is_string()) {
    parent.key = std::move(value.get_ref<std::string&>());  // the key text itself, no copy
  } else {
    parent.key = PythonKeyString(value);
    if (value.is_boolean() || value.is_number()) {
      const double number =
          value.is_boolean() ? (value.get<bool>() ? 1.0 : 0.0) : value.get<double>();
      const auto same = std::find_if(parent.numeric_keys.begin(), parent.numeric_keys.end(),
                                     [&](const auto& k) { return k.first == number; });
      if (same != parent.numeric_keys.end()) {
        parent.key = same->second;
      } else {
        parent.numeric_keys.emplace_back(number, parent.key);
      }
    }
  }
}

bool YamlComposer::AddStringKey(std::string_view key, Mark mark) {
  // Add() for a string key, without the JSON string it would be built as and moved out of.
  total_nodes_ += 1;
  if (total_nodes_ > kMaxNodes) return TooManyNodes(mark);
  Frame& parent = Top();
  parent.nodes += 1;
  parent.have_key = true;
  parent.key_is_merge = false;
  parent.key_mark = mark;
  parent.key.clear();  // then append(): assign() took the general replace path
  parent.key.append(key);
  return true;
}

YamlLoad YamlComposer::Finish() {
  if (deferred_) return {std::nullopt, *deferred_};
  return {std::move(document_), YamlError{}};
}

}  // namespace modelhub::card::internal
