#include "modelhub/server/api/route_context.h"

#include "modelhub/core/ids.h"
#include "modelhub/server/http/error_response.h"

namespace modelhub::server::api {

http::Response RouteContext::Error(const core::Error& error) const {
  core::Error shown = error;
  // The hub names the page to ask for access by path; the Hub's message gives the full URL.
  if (error.code == core::ErrorCode::kGatedRepo) {
    if (auto at = shown.message.find(" Visit /"); at != std::string::npos) {
      shown.message.insert(at + 7, base_url);
    }
  }
  http::Response response = http::ErrorResponse(shown);
  if (caller.anonymous() &&
      (error.code == core::ErrorCode::kRepoNotFound || error.code == core::ErrorCode::kGatedRepo)) {
    response.status = 401;
  }
  return response;
}

core::Result<hub::RepoKey> RouteContext::CanonicalKey(const hub::RepoKey& key) const {
  MH_ASSIGN_OR_RETURN(hub::RepoLookup lookup, service.FindRepo(caller, key));
  return lookup.record.key;
}

std::string RouteContext::RepoUrl(const hub::RepoKey& key) const {
  return base_url + "/" + std::string(core::RepoTypeUrlPrefix(key.type)) + key.id.ToString();
}

core::Result<nlohmann::json> ParseJsonObject(std::string_view body) {
  nlohmann::json value = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "Request body must be a JSON object");
  }
  return value;
}

}  // namespace modelhub::server::api
