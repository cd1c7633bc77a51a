// The RepoService's private state shared by its implementation files: caches of values derived
// from immutable objects, and the signing secret.
#ifndef MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_
#define MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_

#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "modelhub/hub/internal/immutable_cache.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/hub/repo_types.h"

namespace modelhub::hub {

struct CardParse {
  nlohmann::json data;  // null when absent or invalid
  std::string error;
};

namespace internal {

struct ServiceState {
  // Keyed by git blob oid.
  internal::ImmutableCache<std::optional<LfsPointer>> pointers{100'000};
  internal::ImmutableCache<CardParse> cards{10'000};
  // Keyed by git blob oid (regular file) or "lfs:" + sha256.
  internal::ImmutableCache<std::optional<SafetensorsInfo>> safetensors{10'000};

  std::mutex secret_mutex;
  std::string signing_secret;
};

}  // namespace internal

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_INTERNAL_SERVICE_STATE_H_
