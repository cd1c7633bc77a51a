#include "modelhub/server/api/listing_cache.h"

#include <utility>

namespace modelhub::server::api {
namespace {

size_t Cost(const std::string& key, const ListingCache::Page& page) {
  return key.size() + page.body.size() + page.link.size();
}

}  // namespace

std::shared_ptr<const ListingCache::Page> ListingCache::Find(const std::string& key,
                                                             uint64_t version) {
  std::lock_guard lock(mutex_);
  auto entry = entries_.find(key);
  if (entry == entries_.end()) return nullptr;
  // Not erased on a mismatch: the caller may hold the older version (it read it just before a
  // commit); the next Store of this key replaces the entry anyway.
  if (entry->second.version != version) return nullptr;
  recency_.splice(recency_.begin(), recency_, entry->second.recency);
  return entry->second.page;
}

void ListingCache::Store(const std::string& key, uint64_t version, Page page) {
  size_t cost = Cost(key, page);
  if (!enabled() || cost > max_bytes_ / 8) return;
  auto shared = std::make_shared<const Page>(std::move(page));
  std::lock_guard lock(mutex_);
  if (auto existing = entries_.find(key); existing != entries_.end()) EraseLocked(existing);
  recency_.push_front(key);
  entries_.emplace(key, Entry{version, std::move(shared), recency_.begin()});
  bytes_ += cost;
  while (bytes_ > max_bytes_) EraseLocked(entries_.find(recency_.back()));
}

void ListingCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator entry) {
  bytes_ -= Cost(entry->first, *entry->second.page);
  recency_.erase(entry->second.recency);
  entries_.erase(entry);
}

}  // namespace modelhub::server::api
