// The RepoService's private state shared by its implementation files: caches of values derived
// from immutable objects (pointers, card facts, clone packs), and the signing secret.
#ifndef MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_
#define MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_

#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "modelhub/core/lru_cache.h"
#include "modelhub/hub/download_counter.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/hub/repo_types.h"
#include "modelhub/search/immutable_cache.h"
#include "modelhub/search/repo_facts.h"

namespace modelhub::hub {

namespace internal {

struct ServiceState {
  explicit ServiceState(storage::Metastore& metastore) : downloads(metastore) {}

  DownloadCounter downloads;

  // Keyed by git blob oid.
  search::ImmutableCache<std::optional<LfsPointer>> pointers{100'000};
  // Parsed cards and safetensors headers, shared by repo info and indexing.
  search::FactsCache facts;

  // Packs of whole-history fetches (clones: no haves, no depth) by repo row and wanted commits.
  // Objects never change, so an entry never goes stale: a clone of an unchanged repo skips the
  // pack build (delta search dominates a fetch) and later clones of a popular repo are copies.
  core::LruCache<std::string> clone_packs{128ull << 20};

  std::mutex secret_mutex;
  std::string signing_secret;
};

}  // namespace internal

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_
