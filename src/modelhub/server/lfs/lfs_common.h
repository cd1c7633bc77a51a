// Helpers shared by the LFS route files.
#ifndef MODELHUB_SERVER_LFS_LFS_COMMON_H_
#define MODELHUB_SERVER_LFS_LFS_COMMON_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "modelhub/core/result.h"
#include "modelhub/hub/repo_types.h"
#include "modelhub/server/api/hub_application.h"
#include "modelhub/server/http/message.h"
#include "modelhub/server/lfs/multipart_store.h"

namespace modelhub::server::lfs {

// The `repo` field of a signed action: "<type>/<ns>/<name>".
std::string RepoField(const hub::RepoKey& key);
core::Result<hub::RepoKey> ParseRepoField(std::string_view field);

// True for 64 lowercase hex digits.
bool IsSha256Hex(std::string_view text);

MultipartStore MultipartStoreFor(const api::HubOptions& options);

int64_t NowSeconds();

// A JSON response with the git-lfs media type, which git-lfs insists on.
http::Response LfsJson(const nlohmann::json& value, int status = 200);

}  // namespace modelhub::server::lfs

#endif  // MODELHUB_SERVER_LFS_LFS_COMMON_H_
