// Read calls behind `modelhub info` and `modelhub search`: one repo's info object (spec/hub-api.md
// §3) and catalogue listings (§4) followed across `Link: rel="next"` pages. Results are the
// server's JSON, unchanged, so `--json` can print exactly what the Hub said.
#ifndef MODELHUB_CLIENT_CATALOG_H_
#define MODELHUB_CLIENT_CATALOG_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/client/http_client.h"
#include "modelhub/client/hub_api.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// GET /api/{type}s/{id}[/revision/{revision}] (revision "" = the default branch), with
// `blobs=true` when `blobs` (sizes and LFS info in siblings). Errors: RepoNotFound,
// RevisionNotFound, auth, Unavailable; BadRequest when the answer is not a JSON object.
core::Result<nlohmann::json> FetchRepoInfo(const HttpClient& http, const std::string& endpoint,
                                           const RepoRef& repo, const std::string& revision,
                                           bool blobs);

// `{endpoint}/api/{type}s?k=v&...` with every key and value percent-encoded, in order.
std::string ListUrl(const std::string& endpoint, core::RepoType type, const QueryParams& params);

// GET the listing and its next pages until `limit` items (0 = all) or the last page; `params`
// should carry the page size as `limit` already. BadRequest when a page is not a JSON array.
core::Result<nlohmann::json> ListRepos(const HttpClient& http, const std::string& endpoint,
                                       core::RepoType type, const QueryParams& params,
                                       size_t limit);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_CATALOG_H_
