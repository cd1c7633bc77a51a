// The RepoService's private state shared by its implementation files: caches of values derived
// from immutable objects, and the signing secret.
#ifndef MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_
#define MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_

#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

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

  std::mutex secret_mutex;
  std::string signing_secret;
};

}  // namespace internal

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_
