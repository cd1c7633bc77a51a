// A per-thread pool of the blocks a nlohmann::json DOM is made of (strings, std::map nodes,
// objects and arrays), so that the inspect path, which builds one metadata DOM per card and
// tears it down after, reuses them instead of calling malloc and free for each (card_bench:
// ~40 blocks per card, ~6k instructions). Bounded in count and in each block's size.
#ifndef MODELHUB_CARD_INTERNAL_JSON_POOL_H_
#define MODELHUB_CARD_INTERNAL_JSON_POOL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace modelhub::card::internal {

struct JsonPool {
  static constexpr size_t kMaxEntries = 512;
  static constexpr size_t kMaxChars = 256;
  static constexpr size_t kMaxItems = 64;
  static constexpr int kMaxDepth = 64;  // deeper values are left to nlohmann's destructor

  // The first `size` values are pooled; the rest are placeholders (what a swap or a move left),
  // kept so that putting and taking a value are swaps: a pop_back or a moved-from temporary cost
  // an out-of-line destroy() each (card_bench).
  struct List {
    std::vector<nlohmann::json> values;
    size_t size = 0;

    bool Put(nlohmann::json& value) {
      if (size == values.size()) {
        if (size == kMaxEntries) return false;
        values.emplace_back();
      }
      values[size++].swap(value);
      return true;
    }
    // Swaps the last pooled value into `out`, a null value.
    bool TakeInto(nlohmann::json& out) {
      if (size == 0) return false;
      out.swap(values[--size]);
      return true;
    }
  };

  // The bytes a std::string holds without a heap block (libstdc++'s; only which list a string
  // goes to depends on it). Not std::string().capacity(): clang 14, which builds the fuzzers,
  // does not evaluate libstdc++ 12's std::string in a constant expression.
  static constexpr size_t kShortChars = 15;
  // Strings by capacity: a long text took the last pooled string regardless and reallocated it,
  // while a short one used up a heap block a long one needed (card_bench: ~100 instructions per
  // card; looking through the last few for one that fits found none more often than not, and
  // cost more than it saved, as it did for arrays).
  List strings;       // no heap block
  List long_strings;  // a heap block of at most kMaxChars
  List objects;
  List arrays;
  std::vector<nlohmann::json::object_t::node_type> nodes;

  // Moves `value` into the pool, or leaves it for its owner to destroy.
  void Take(nlohmann::json& value, int depth);
  // Moves the contents of `value` (an object or an array) into the pool, leaving it empty.
  void TakeContents(nlohmann::json& value, int depth);

  // Moves the string `value` into the pool, or leaves it for its owner to destroy.
  void PutString(nlohmann::json& value) {
    const size_t capacity = value.get_ref<const std::string&>().capacity();
    if (capacity <= kShortChars) {
      strings.Put(value);
    } else if (capacity <= kMaxChars) {
      long_strings.Put(value);
    }
  }

  // A pooled string holding `text`, to be moved from (its slot is left a placeholder), or null.
  nlohmann::json* String(std::string_view text) {
    const bool long_text = text.size() > kShortChars;
    List& preferred = long_text ? long_strings : strings;
    List& list = preferred.size != 0 ? preferred : long_text ? strings : long_strings;
    if (list.size == 0) return nullptr;
    nlohmann::json* value = &list.values[--list.size];
    // clear() and append(): assign() took the general replace path, ~95 instructions.
    std::string& string = value->get_ref<std::string&>();
    string.clear();
    string.append(text);
    return value;
  }
};

// The calling thread's pool.
JsonPool& ThreadJsonPool();

// Empties `value`'s containers into the calling thread's pool, leaving `value` an empty container
// (or as it was when not one). What the bounded pool has no room for is freed.
void RecycleJsonContents(nlohmann::json& value);
// The same, `value` itself included: it is left null, or as it was when neither a container nor a
// string.
void RecycleJson(nlohmann::json& value);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_JSON_POOL_H_
