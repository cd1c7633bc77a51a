#include "modelhub/server/api/listing_cache.h"

#include <utility>

namespace modelhub::server::api {

std::shared_ptr<const ListingCache::Page> ListingCache::Find(const std::string& key,
                                                             uint64_t version) {
  auto entry = pages_.Find(key);
  // A mismatch is left in place: the caller may hold the older version (it read it just before a
  // commit); the next Store of this key replaces the entry anyway.
  if (!entry || entry->version != version) return nullptr;
  return entry->page;
}

void ListingCache::Store(const std::string& key, uint64_t version, Page page) {
  const size_t cost = page.body.size() + page.link.size();
  pages_.Store(key, VersionedPage{version, std::make_shared<const Page>(std::move(page))}, cost);
}

}  // namespace modelhub::server::api
