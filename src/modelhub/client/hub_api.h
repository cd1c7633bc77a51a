// The read-only Hub calls the downloader needs (spec/hub-api.md §2, §3, §5): revision info, the
// recursive tree at a commit, and the HEAD of one file's resolve URL.
#ifndef MODELHUB_CLIENT_HUB_API_H_
#define MODELHUB_CLIENT_HUB_API_H_

#include <cstdint>
#include <string>
#include <vector>

#include "modelhub/client/http_client.h"
#include "modelhub/core/ids.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

struct RepoRef {
  core::RepoType type = core::RepoType::kModel;
  std::string id;  // "ns/name"
};

struct RemoteFile {
  std::string path;
  uint64_t size = 0;
  std::string etag;  // lfs sha256, else git blob sha1
  bool lfs = false;
};

struct RevisionInfo {
  std::string commit;
  std::string license;         // cardData.license, "" when absent
  std::string card_data_json;  // cardData as compact JSON, "{}" when absent
};

class HubApi {
 public:
  HubApi(const HttpClient& http, std::string endpoint)
      : http_(http), endpoint_(std::move(endpoint)) {}

  // GET /api/{type}s/{id}/revision/{revision}. Errors: RepoNotFound, RevisionNotFound, auth.
  core::Result<RevisionInfo> Revision(const RepoRef& repo, const std::string& revision) const;

  // Every file at `commit` (recursive tree, following Link pagination).
  core::Result<std::vector<RemoteFile>> Tree(const RepoRef& repo, const std::string& commit) const;

  // HEAD of the resolve URL as hf_hub_download does it; fills `commit` from X-Repo-Commit and
  // `url` with where to GET. A 404 EntryNotFound still reports its X-Repo-Commit in `commit`.
  struct Head {
    RemoteFile file;
    std::string commit;
    std::string url;
  };
  core::Result<Head> HeadFile(const RepoRef& repo, const std::string& revision,
                              const std::string& path, std::string* missing_commit) const;

  std::string ResolveUrl(const RepoRef& repo, const std::string& revision,
                         const std::string& path) const;
  const std::string& endpoint() const { return endpoint_; }

 private:
  const HttpClient& http_;
  std::string endpoint_;
};

// The URL of a `Link: <url>; rel="next"` header (a relative one joined to `endpoint`), "" when
// there is no next page (spec/hub-api.md §1 Pagination).
std::string NextPageUrl(const std::string& link_header, const std::string& endpoint);

// Strips W/ and quotes from an ETag header value.
std::string NormaliseEtag(std::string etag);

// Parses a tree page (JSON array); files only. BadRequest on malformed JSON.
core::Result<std::vector<RemoteFile>> ParseTreePage(const std::string& body);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_HUB_API_H_
