#include "modelhub/client/hub_api.h"

#include <nlohmann/json.hpp>

#include "modelhub/core/encoding.h"

namespace modelhub::client {
using core::ErrorCode;
using core::Unexpected;
using nlohmann::json;

namespace {

std::string ApiBase(const std::string& endpoint, const RepoRef& repo) {
  return endpoint + "/api/" + std::string(core::RepoTypePlural(repo.type)) + "/" + repo.id;
}

}  // namespace

std::string NextPageUrl(const std::string& link_header, const std::string& endpoint) {
  size_t rel = link_header.find("rel=\"next\"");
  if (rel == std::string::npos) return "";
  size_t open = link_header.rfind('<', rel);
  if (open == std::string::npos) return "";
  size_t close = link_header.find('>', open);
  if (close == std::string::npos || close > rel) return "";
  std::string url = link_header.substr(open + 1, close - open - 1);
  if (!url.empty() && url.front() == '/') url = endpoint + url;
  return url;
}

std::string NormaliseEtag(std::string etag) {
  if (etag.rfind("W/", 0) == 0) etag.erase(0, 2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

core::Result<std::vector<RemoteFile>> ParseTreePage(const std::string& body) {
  json page = json::parse(body, nullptr, false);
  if (!page.is_array()) return Unexpected(ErrorCode::kBadRequest, "tree listing is not an array");
  std::vector<RemoteFile> files;
  for (const json& entry : page) {
    if (!entry.is_object() || entry.value("type", "") != "file") continue;
    RemoteFile file;
    file.path = entry.value("path", "");
    file.etag = entry.value("oid", "");
    file.size = entry.value("size", uint64_t{0});
    if (auto lfs = entry.find("lfs"); lfs != entry.end() && lfs->is_object()) {
      file.lfs = true;
      file.etag = lfs->value("oid", "");
      file.size = lfs->value("size", file.size);
    }
    if (file.path.empty() || file.etag.empty() || !core::ValidateRepoPath(file.path)) {
      return Unexpected(ErrorCode::kBadRequest, "tree listing has a malformed entry");
    }
    files.push_back(std::move(file));
  }
  return files;
}

core::Result<RevisionInfo> HubApi::Revision(const RepoRef& repo,
                                            const std::string& revision) const {
  HttpRequest request;
  request.url = ApiBase(endpoint_, repo) + "/revision/" + core::PercentEncode(revision);
  MH_ASSIGN_OR_RETURN(HttpResponse response, http_.Send(request));
  json info = json::parse(response.body, nullptr, false);
  if (!info.is_object() || !info.contains("sha") || !info["sha"].is_string()) {
    return Unexpected(ErrorCode::kBadRequest, "repo info from " + request.url + " has no sha");
  }
  RevisionInfo result;
  result.commit = info["sha"].get<std::string>();
  json card = info.value("cardData", json::object());
  if (!card.is_object()) card = json::object();
  if (card.contains("license") && card["license"].is_string()) result.license = card["license"];
  result.card_data_json = card.dump();
  if (!core::IsFullSha(result.commit)) {
    return Unexpected(ErrorCode::kBadRequest, "repo info has a malformed sha");
  }
  return result;
}

core::Result<std::vector<RemoteFile>> HubApi::Tree(const RepoRef& repo,
                                                   const std::string& commit) const {
  std::vector<RemoteFile> files;
  std::string url = ApiBase(endpoint_, repo) + "/tree/" + commit + "?recursive=true&expand=false";
  while (!url.empty()) {
    HttpRequest request;
    request.url = url;
    MH_ASSIGN_OR_RETURN(HttpResponse response, http_.Send(request));
    MH_ASSIGN_OR_RETURN(std::vector<RemoteFile> page, ParseTreePage(response.body));
    files.insert(files.end(), page.begin(), page.end());
    url = NextPageUrl(response.Header("link"), endpoint_);
  }
  return files;
}

std::string HubApi::ResolveUrl(const RepoRef& repo, const std::string& revision,
                               const std::string& path) const {
  // Revision quoted with safe="" and the path with '/' kept, as hf_hub_url does (§2.2).
  return endpoint_ + "/" + std::string(core::RepoTypeUrlPrefix(repo.type)) + repo.id + "/resolve/" +
         core::PercentEncode(revision) + "/" + core::PercentEncode(path, true);
}

core::Result<HubApi::Head> HubApi::HeadFile(const RepoRef& repo, const std::string& revision,
                                            const std::string& path,
                                            std::string* missing_commit) const {
  HttpRequest request;
  request.method = "HEAD";
  request.url = ResolveUrl(repo, revision, path);
  request.follow_redirects = false;
  int attempt = 0;
  for (int hops = 0;; ++hops) {
    core::Result<HttpResponse> sent = http_.Stream(request, nullptr);
    if (!sent) {
      if (http_.BackOff(++attempt, nullptr)) continue;
      return Unexpected(sent.error());
    }
    HttpResponse& response = *sent;
    if (response.status >= 400) {
      if (RetryPolicy::IsRetryableStatus(response.status) && http_.BackOff(++attempt, &response)) {
        continue;
      }
      // Python caches the miss in .no_exist/<commit>/ when the 404 names its commit (§2.1).
      if (missing_commit != nullptr) *missing_commit = response.Header("x-repo-commit");
      return Unexpected(HttpClient::ErrorFor(response, request.url));
    }
    std::string location = response.Header("location");
    // A relative Location (renamed repo) is re-HEADed; an absolute one is where the bytes are,
    // and this 3xx already carries the metadata (§2.2 step 2).
    if (response.status >= 300 && response.status < 400 && !location.empty() &&
        location.front() == '/' && hops < 5) {
      request.url = endpoint_ + location.substr(0, location.find('?'));
      continue;
    }
    Head head;
    head.file.path = path;
    head.commit = response.Header("x-repo-commit");
    std::string etag = response.Header("x-linked-etag");
    if (etag.empty()) etag = response.Header("etag");
    head.file.etag = NormaliseEtag(etag);
    std::string size = response.Header("x-linked-size");
    if (size.empty()) size = response.Header("content-length");
    head.file.lfs = head.file.etag.size() == 64;
    head.url = location.empty() ? request.url : location;
    if (head.commit.empty() || head.file.etag.empty() || size.empty() ||
        size.find_first_not_of("0123456789") != std::string::npos) {
      return Unexpected(ErrorCode::kBadRequest,
                        "server did not send X-Repo-Commit, ETag and size "
                        "for " +
                            path + " (not a Hub-compatible endpoint?)");
    }
    head.file.size = std::stoull(size);
    return head;
  }
}

}  // namespace modelhub::client
