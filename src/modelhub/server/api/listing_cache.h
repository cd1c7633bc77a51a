// Rendered listing pages (GET /api/models, /api/datasets, /api/spaces) kept for reuse while the
// database is unchanged. The first page of the most-downloaded models is what most clients ask
// for, over and over; answering it again costs a query and a render of thirty repos each time.
//
// Entries are valid for one metastore DataVersion: any commit by anyone (a push, a settings
// change, a like, the download counter's flush) retires them all, so a listing is never older than
// the last commit before the request, as if it had been computed. The key holds everything a page
// depends on besides the data: the repo type, the query string, the base URL of the Link header
// and the caller's credentials (visibility). Bounded in bytes, least recently used out first.
#ifndef MODELHUB_SERVER_API_LISTING_CACHE_H_
#define MODELHUB_SERVER_API_LISTING_CACHE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "modelhub/core/lru_cache.h"

namespace modelhub::server::api {

class ListingCache {
 public:
  struct Page {
    std::string body;  // the JSON array
    std::string link;  // the Link header, "" on the last page
  };

  // `max_bytes` bounds the pages held; a page larger than an eighth of it is not kept. 0 disables
  // the cache.
  explicit ListingCache(size_t max_bytes) : pages_(max_bytes) {}

  bool enabled() const { return pages_.enabled(); }

  // The page stored under `key` for `version`, or null.
  std::shared_ptr<const Page> Find(const std::string& key, uint64_t version);
  // Keeps `page` under `key`, computed from data at least as new as `version`.
  void Store(const std::string& key, uint64_t version, Page page);

 private:
  struct VersionedPage {
    uint64_t version;
    std::shared_ptr<const Page> page;
  };

  core::LruCache<VersionedPage> pages_;
};

}  // namespace modelhub::server::api

#endif  // MODELHUB_SERVER_API_LISTING_CACHE_H_
