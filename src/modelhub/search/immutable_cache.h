// A bounded, thread-safe map for values derived from immutable inputs (git objects, blobs by
// sha256): no invalidation is ever needed, so when full it is simply cleared.
#ifndef MODELHUB_SEARCH_IMMUTABLE_CACHE_H_
#define MODELHUB_SEARCH_IMMUTABLE_CACHE_H_

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace modelhub::search {

template <typename Value>
class ImmutableCache {
 public:
  explicit ImmutableCache(size_t capacity) : capacity_(capacity) {}

  std::optional<Value> Get(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }

  void Put(const std::string& key, Value value) {
    std::lock_guard lock(mutex_);
    if (map_.size() >= capacity_) map_.clear();
    map_.insert_or_assign(key, std::move(value));
  }

 private:
  size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Value> map_;
};

}  // namespace modelhub::search

#endif  // MODELHUB_SEARCH_IMMUTABLE_CACHE_H_
