// What every route handler gets: the request, who sent it, the service and the options, and the
// helpers they all share (the anonymous-caller error rule, repo lookup with rename handling).
#ifndef MODELHUB_SERVER_API_ROUTE_CONTEXT_H_
#define MODELHUB_SERVER_API_ROUTE_CONTEXT_H_

#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "modelhub/core/result.h"
#include "modelhub/hub/caller.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/server/api/hub_application.h"
#include "modelhub/server/api/listing_cache.h"
#include "modelhub/server/http/message.h"
#include "modelhub/server/http/query.h"

namespace modelhub::server::api {

struct RouteContext {
  http::Request& request;
  hub::Caller caller;
  hub::RepoService& service;
  const HubOptions& options;
  std::string base_url;  // absolute, no trailing '/'
  http::QueryParams query;
  ListingCache& listing_cache;
  // The repo the URL names, once routing has parsed it (for the audit log of refusals).
  std::optional<hub::RepoKey> repo = std::nullopt;

  // The error response for `error`, applying spec §1's table: a RepoNotFound or GatedRepo sent to
  // an anonymous caller is a 401 (with the same X-Error-Code), so that Python asks for a token.
  http::Response Error(const core::Error& error) const;

  // The repo's canonical key: follows a rename (so API calls on an old name keep working) and
  // fails with RepoNotFound when the caller may not see it.
  core::Result<hub::RepoKey> CanonicalKey(const hub::RepoKey& key) const;

  // Public URL of a repo page: "<base>/<prefix><ns>/<name>" (spec §6.1 `url`).
  std::string RepoUrl(const hub::RepoKey& key) const;
};

// The body as JSON object; BadRequest when it is not one.
core::Result<nlohmann::json> ParseJsonObject(std::string_view body);

}  // namespace modelhub::server::api

#endif  // MODELHUB_SERVER_API_ROUTE_CONTEXT_H_
