// Cache management over a huggingface_hub cache folder: what is there (like scan_cache_dir),
// whether blobs still match their names, and removing revisions nobody needs. Works on folders
// Python wrote as well as ours. Not safe against a concurrent download into the same repo
// (prune takes no locks; run it when the cache is idle, as `hf cache delete` expects).
#ifndef MODELHUB_CLIENT_CACHE_ADMIN_H_
#define MODELHUB_CLIENT_CACHE_ADMIN_H_

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelhub/core/ids.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

struct CachedRevision {
  std::string commit;
  std::vector<std::string> refs;
  size_t files = 0;
  uint64_t size = 0;         // sum of the blobs its files point to
  std::time_t modified = 0;  // the snapshot folder's mtime
};

struct CachedRepo {
  core::RepoType type = core::RepoType::kModel;
  std::string id;
  std::filesystem::path path;
  uint64_t size_on_disk = 0;              // every complete blob
  std::vector<CachedRevision> revisions;  // newest first
};

// Every repo folder under `cache_dir` (unknown folders are skipped).
std::vector<CachedRepo> ScanCache(const std::filesystem::path& cache_dir);

struct BlobProblem {
  std::filesystem::path blob;
  std::string reason;  // "hash mismatch" or "unreadable"
};

// Re-hashes every blob named by a sha256 (LFS) or git sha1 (regular file). When `remove` is set
// the corrupt blobs are deleted: their snapshot links dangle, so the next download refetches them.
std::vector<BlobProblem> VerifyCache(const std::filesystem::path& cache_dir, bool remove);

struct PrunePolicy {
  std::optional<int> keep_last;           // per repo, by snapshot mtime
  std::optional<std::time_t> older_than;  // snapshot mtime before this
  bool detached = false;                  // revisions no ref points to
};

struct PrunePlan {
  struct Item {
    std::filesystem::path repo;
    std::string commit;
  };
  std::vector<Item> revisions;
  std::vector<std::filesystem::path> blobs;  // no longer referenced by a kept revision
  uint64_t freed_bytes = 0;
};

PrunePlan PlanPrune(const std::filesystem::path& cache_dir, const PrunePolicy& policy);
// Deletes what the plan names: snapshots, refs pointing at them, .no_exist markers, blobs.
core::Status ExecutePrune(const PrunePlan& plan);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_CACHE_ADMIN_H_
