#include "modelhub/server/lfs/lfs_common.h"

#include <ctime>
#include <filesystem>

#include "modelhub/core/ids.h"
#include "modelhub/server/api/json_render.h"

namespace modelhub::server::lfs {

std::string RepoField(const hub::RepoKey& key) {
  return std::string(core::RepoTypeName(key.type)) + "/" + key.id.ToString();
}

core::Result<hub::RepoKey> ParseRepoField(std::string_view field) {
  const size_t slash = field.find('/');
  auto type = core::ParseRepoType(field.substr(0, slash));
  if (slash == std::string_view::npos || !type) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "Malformed repo in signed URL");
  }
  hub::RepoKey key;
  key.type = *type;
  MH_ASSIGN_OR_RETURN(key.id, core::ParseRepoId(field.substr(slash + 1)));
  return key;
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

MultipartStore MultipartStoreFor(const api::HubOptions& options) {
  if (!options.multipart_dir.empty()) return MultipartStore(options.multipart_dir);
  return MultipartStore((std::filesystem::temp_directory_path() / "modelhub-multipart").string());
}

int64_t NowSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

http::Response LfsJson(const nlohmann::json& value, int status) {
  http::Response response = api::JsonOk(value, status);
  response.headers.Set("Content-Type", "application/vnd.git-lfs+json");
  return response;
}

}  // namespace modelhub::server::lfs
