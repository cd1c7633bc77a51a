#include "modelhub/storage/gitstore/internal/object_cache.h"

#include <cstring>

namespace modelhub::storage::internal {
namespace {

// Trees and commits of the hot repos fit easily; large blobs (README files, configs) are served
// often enough to be worth a slot but not the whole budget.
constexpr size_t kCapacityBytes = size_t{64} << 20;
constexpr size_t kMaxObjectBytes = size_t{1} << 20;
// Bookkeeping per entry beyond the object bytes (list node, map node, shared_ptr block).
constexpr size_t kEntryOverhead = 160;

}  // namespace

ObjectCache::ObjectCache(size_t capacity_bytes, size_t max_object_bytes)
    : capacity_bytes_(capacity_bytes), max_object_bytes_(max_object_bytes) {}

ObjectCache& ObjectCache::Instance() {
  static ObjectCache* cache = new ObjectCache(kCapacityBytes, kMaxObjectBytes);
  return *cache;
}

size_t ObjectCache::KeyHash::operator()(const Key& key) const {
  // An oid is already uniformly distributed; its first bytes make a good hash.
  size_t hash = 0;
  std::memcpy(&hash, key.oid.id, sizeof(hash));
  return hash ^ static_cast<size_t>(key.repo_id) * 0x9e3779b97f4a7c15ULL;
}

std::shared_ptr<const CachedObject> ObjectCache::Find(int64_t repo_id, const git_oid& oid) {
  std::lock_guard lock(mutex_);
  auto found = index_.find(Key{repo_id, oid});
  if (found == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, found->second);
  return found->second->object;
}

void ObjectCache::Add(int64_t repo_id, const git_oid& oid, git_object_t kind, const void* data,
                      size_t size) {
  if (size > max_object_bytes_) return;
  auto object = std::make_shared<const CachedObject>(
      CachedObject{kind, std::string(static_cast<const char*>(data), size)});
  std::lock_guard lock(mutex_);
  Key key{repo_id, oid};
  if (index_.contains(key)) return;
  lru_.push_front(Entry{key, std::move(object)});
  index_.emplace(key, lru_.begin());
  bytes_ += size + kEntryOverhead;
  EvictLocked();
}

void ObjectCache::EraseRepo(int64_t repo_id) {
  std::lock_guard lock(mutex_);
  for (auto it = lru_.begin(); it != lru_.end();) {
    if (it->key.repo_id == repo_id) {
      bytes_ -= it->object->data.size() + kEntryOverhead;
      index_.erase(it->key);
      it = lru_.erase(it);
    } else {
      ++it;
    }
  }
}

void ObjectCache::EvictLocked() {
  while (bytes_ > capacity_bytes_ && !lru_.empty()) {
    const Entry& last = lru_.back();
    bytes_ -= last.object->data.size() + kEntryOverhead;
    index_.erase(last.key);
    lru_.pop_back();
  }
}

}  // namespace modelhub::storage::internal
