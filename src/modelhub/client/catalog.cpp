#include "modelhub/client/catalog.h"

#include "modelhub/core/encoding.h"

namespace modelhub::client {
using core::ErrorCode;
using core::Unexpected;
using nlohmann::json;

core::Result<json> FetchRepoInfo(const HttpClient& http, const std::string& endpoint,
                                 const RepoRef& repo, const std::string& revision, bool blobs) {
  HttpRequest request;
  request.url = endpoint + "/api/" + std::string(core::RepoTypePlural(repo.type)) + "/" + repo.id;
  if (!revision.empty()) request.url += "/revision/" + core::PercentEncode(revision);
  if (blobs) request.url += "?blobs=true";
  MH_ASSIGN_OR_RETURN(HttpResponse response, http.Send(request));
  json info = json::parse(response.body, nullptr, false);
  if (!info.is_object()) {
    return Unexpected(ErrorCode::kBadRequest, "repo info from " + request.url + " is not JSON");
  }
  return info;
}

std::string ListUrl(const std::string& endpoint, core::RepoType type, const QueryParams& params) {
  std::string url = endpoint + "/api/" + std::string(core::RepoTypePlural(type));
  char separator = '?';
  for (const auto& [key, value] : params) {
    url += separator;
    url += core::PercentEncode(key) + "=" + core::PercentEncode(value);
    separator = '&';
  }
  return url;
}

core::Result<json> ListRepos(const HttpClient& http, const std::string& endpoint,
                             core::RepoType type, const QueryParams& params, size_t limit) {
  json items = json::array();
  std::string url = ListUrl(endpoint, type, params);
  while (!url.empty() && (limit == 0 || items.size() < limit)) {
    HttpRequest request;
    request.url = url;
    MH_ASSIGN_OR_RETURN(HttpResponse response, http.Send(request));
    json page = json::parse(response.body, nullptr, false);
    if (!page.is_array()) {
      return Unexpected(ErrorCode::kBadRequest, "listing from " + url + " is not a JSON array");
    }
    for (json& item : page) {
      if (limit != 0 && items.size() >= limit) break;
      items.push_back(std::move(item));
    }
    url = NextPageUrl(response.Header("link"), endpoint);
  }
  return items;
}

}  // namespace modelhub::client
