// A thread-safe cache of immutable values, bounded by the bytes they cost and emptied least
// recently used first. Values are shared: a reader keeps its copy alive after an eviction.
// Used for rendered listing pages (server/api/listing_cache.h) and fetch packs (hub).
#ifndef MODELHUB_CORE_LRU_CACHE_H_
#define MODELHUB_CORE_LRU_CACHE_H_

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace modelhub::core {

template <typename Value>
class LruCache {
 public:
  // `max_bytes` bounds the sum of the entries' costs; one entry may take at most an eighth of it
  // (so a few huge values cannot flush everything else). 0 disables the cache.
  explicit LruCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  bool enabled() const { return max_bytes_ > 0; }

  std::shared_ptr<const Value> Find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto entry = entries_.find(key);
    if (entry == entries_.end()) return nullptr;
    recency_.splice(recency_.begin(), recency_, entry->second.recency);
    return entry->second.value;
  }

  // Keeps `value` under `key` (replacing what was there) when its `cost` in bytes fits.
  void Store(const std::string& key, Value value, size_t cost) {
    cost += key.size();
    if (!enabled() || cost > max_bytes_ / 8) return;
    auto shared = std::make_shared<const Value>(std::move(value));
    std::lock_guard lock(mutex_);
    if (auto existing = entries_.find(key); existing != entries_.end()) EraseLocked(existing);
    recency_.push_front(key);
    entries_.emplace(key, Entry{std::move(shared), cost, recency_.begin()});
    bytes_ += cost;
    while (bytes_ > max_bytes_) EraseLocked(entries_.find(recency_.back()));
  }

 private:
  struct Entry {
    std::shared_ptr<const Value> value;
    size_t cost;
    std::list<std::string>::iterator recency;
  };

  void EraseLocked(typename std::unordered_map<std::string, Entry>::iterator entry) {
    bytes_ -= entry->second.cost;
    recency_.erase(entry->second.recency);
    entries_.erase(entry);
  }

  const size_t max_bytes_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // keys, most recently used first
  size_t bytes_ = 0;
};

}  // namespace modelhub::core

#endif  // MODELHUB_CORE_LRU_CACHE_H_
