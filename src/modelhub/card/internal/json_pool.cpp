#include "modelhub/card/internal/json_pool.h"

namespace modelhub::card::internal {
namespace {

// Take() with its string and scalar cases in line: most members and items are strings, and a call
// per string cost ~25 instructions of prologue and epilogue (card_bench).
void TakeMember(JsonPool& pool, nlohmann::json& value, int depth) {
  if (value.is_string()) {
    pool.PutString(value);
  } else if (value.is_structured()) {
    pool.Take(value, depth);
  }
}

}  // namespace

void JsonPool::Take(nlohmann::json& value, int depth) {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      PutString(value);
      return;
    case nlohmann::json::value_t::object:
      if (depth >= kMaxDepth) return;
      TakeContents(value, depth);
      objects.Put(value);
      return;
    case nlohmann::json::value_t::array:
      if (depth >= kMaxDepth) return;
      TakeContents(value, depth);
      if (value.get_ref<const nlohmann::json::array_t&>().capacity() <= kMaxItems) {
        arrays.Put(value);
      }
      return;
    default:
      return;
  }
}

void JsonPool::TakeContents(nlohmann::json& value, int depth) {
  if (value.is_object()) {
    auto& object = value.get_ref<nlohmann::json::object_t&>();
    while (!object.empty()) {
      auto node = object.extract(object.begin());
      TakeMember(*this, node.mapped(), depth + 1);
      if (nodes.size() < kMaxEntries && node.key().capacity() <= kMaxChars) {
        if (!node.mapped().is_null()) node.mapped() = nullptr;
        nodes.push_back(std::move(node));
      }
    }
  } else if (value.is_array()) {
    auto& array = value.get_ref<nlohmann::json::array_t&>();
    for (nlohmann::json& item : array) TakeMember(*this, item, depth + 1);
    array.clear();
  }
}

JsonPool& ThreadJsonPool() {
  thread_local JsonPool pool;
  return pool;
}

void RecycleJsonContents(nlohmann::json& value) { ThreadJsonPool().TakeContents(value, 0); }

void RecycleJson(nlohmann::json& value) { ThreadJsonPool().Take(value, 0); }

}  // namespace modelhub::card::internal
