// A bounded process-wide cache of git objects keyed by (repo_id, oid). Git objects are immutable,
// so an entry can only go stale when a repo's objects are deleted (DeleteRepoGitData erases them).
// Only objects read in read transactions may be added: those are committed, whereas an object
// written in a write transaction may still be rolled back. Thread-safe.
#ifndef MODELHUB_STORAGE_GITSTORE_INTERNAL_OBJECT_CACHE_H_
#define MODELHUB_STORAGE_GITSTORE_INTERNAL_OBJECT_CACHE_H_

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <git2.h>

namespace modelhub::storage::internal {

struct CachedObject {
  git_object_t kind;
  std::string data;
};

class ObjectCache {
 public:
  // Objects larger than `max_object_bytes` are not kept; the least recently used entries go when
  // the total passes `capacity_bytes`.
  ObjectCache(size_t capacity_bytes, size_t max_object_bytes);

  // The process-wide instance used by GitRepo.
  static ObjectCache& Instance();

  std::shared_ptr<const CachedObject> Find(int64_t repo_id, const git_oid& oid);
  void Add(int64_t repo_id, const git_oid& oid, git_object_t kind, const void* data, size_t size);
  void EraseRepo(int64_t repo_id);

 private:
  struct Key {
    int64_t repo_id;
    git_oid oid;
    bool operator==(const Key& other) const {
      return repo_id == other.repo_id && git_oid_equal(&oid, &other.oid);
    }
  };
  struct KeyHash {
    size_t operator()(const Key& key) const;
  };
  struct Entry {
    Key key;
    std::shared_ptr<const CachedObject> object;
  };

  void EvictLocked();

  const size_t capacity_bytes_;
  const size_t max_object_bytes_;
  std::mutex mutex_;
  size_t bytes_ = 0;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
};

}  // namespace modelhub::storage::internal

#endif  // MODELHUB_STORAGE_GITSTORE_INTERNAL_OBJECT_CACHE_H_
