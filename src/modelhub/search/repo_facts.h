// RepoFacts: everything derived from the files of one commit that both repo info (hub) and the
// catalogue index need — card metadata, the config.json subset, safetensors parameter counts,
// tags, sizes — computed in exactly one place so that a listing and an info call never disagree.
// Derived values are cached by the immutable ids of their inputs (git blob oid, LFS sha256).
// Thread-safe.
#ifndef MODELHUB_SEARCH_REPO_FACTS_H_
#define MODELHUB_SEARCH_REPO_FACTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/core/ids.h"
#include "modelhub/core/result.h"
#include "modelhub/search/immutable_cache.h"
#include "modelhub/search/safetensors.h"
#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::search {

// One file of a commit's tree as the facts need it.
struct FileRef {
  std::string path;
  std::string oid;                 // git blob sha1
  uint64_t size = 0;               // real size (the LFS object's for LFS files)
  std::optional<std::string> lfs;  // sha256 of the LFS object, when the blob is a pointer
};

struct RepoFacts {
  nlohmann::json card_data;        // README front matter (null when none or invalid)
  std::string card_error;          // YAML error, when the front matter does not parse
  std::optional<int> trust_score;  // card/trust.h score of README.md (none without a README)
  std::vector<std::string> tags;
  std::optional<std::string> pipeline_tag;
  std::optional<std::string> library_name;
  nlohmann::json config;  // subset of config.json (null when absent)
  std::optional<SafetensorsInfo> safetensors;
  int64_t used_storage = 0;  // bytes of all files
};

struct CardParse {
  nlohmann::json data;  // null when absent or invalid
  std::string error;
  int trust_score = 0;
};

// Caches of parsed inputs, keyed by git blob oid (or "lfs:" + sha256 for LFS safetensors).
struct FactsCache {
  ImmutableCache<CardParse> cards{10'000};
  ImmutableCache<std::optional<SafetensorsInfo>> safetensors{10'000};
};

// Derives the facts of a commit holding `files` (every file of its tree, recursively). Reads
// README.md, config.json and safetensors headers from `git` and `blobs`; fails only when the
// stores fail (malformed content just leaves the fact out).
core::Result<RepoFacts> DeriveRepoFacts(core::RepoType type, storage::GitRepo& git,
                                        storage::BlobStore& blobs,
                                        const std::vector<FileRef>& files, FactsCache& cache);

}  // namespace modelhub::search

#endif  // MODELHUB_SEARCH_REPO_FACTS_H_
