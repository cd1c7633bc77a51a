// The route handlers of the Hub API, one group per file. Each takes the request context, the repo
// the URL names (as parsed, before rename handling) and the undecoded path segments after it.
#ifndef MODELHUB_SERVER_API_ROUTES_H_
#define MODELHUB_SERVER_API_ROUTES_H_

#include <span>
#include <string>

#include "modelhub/hub/repo_types.h"
#include "modelhub/server/api/route_context.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::api {

using Segments = std::span<const std::string>;

// file_routes.cpp: GET/HEAD /{prefix}{ns}/{name}/(resolve|raw)/{revision}/{path} (§2). `rest`
// starts with "resolve" or "raw".
http::Response HandleFile(RouteContext& context, const hub::RepoKey& key, Segments rest);

// repo_info_routes.cpp (§3, §4, §7).
http::Response HandleRepoInfo(RouteContext& context, const hub::RepoKey& key, Segments revision);
http::Response HandleAuthCheck(RouteContext& context, const hub::RepoKey& key, bool write);
http::Response HandleListRepos(RouteContext& context, core::RepoType type);
http::Response HandleWhoami(RouteContext& context);

// repo_admin_routes.cpp (§6.1).
http::Response HandleCreateRepo(RouteContext& context);
http::Response HandleDeleteRepo(RouteContext& context);
http::Response HandleMoveRepo(RouteContext& context);
http::Response HandleSettings(RouteContext& context, const hub::RepoKey& key);

// tree_routes.cpp (§5).
http::Response HandleTree(RouteContext& context, const hub::RepoKey& key, Segments rest);
http::Response HandlePathsInfo(RouteContext& context, const hub::RepoKey& key, Segments rest);
http::Response HandleRefs(RouteContext& context, const hub::RepoKey& key);
http::Response HandleCommits(RouteContext& context, const hub::RepoKey& key, Segments rest);

// ref_routes.cpp (§6.1): create (POST) or delete (DELETE) a branch or tag.
http::Response HandleBranch(RouteContext& context, const hub::RepoKey& key, Segments rest);
http::Response HandleTag(RouteContext& context, const hub::RepoKey& key, Segments rest);

// commit_routes.cpp (§6.2).
http::Response HandlePreupload(RouteContext& context, const hub::RepoKey& key, Segments rest);
http::Response HandleCommit(RouteContext& context, const hub::RepoKey& key, Segments rest);

// like_routes.cpp: like/unlike, likers of a repo, likes of a user.
http::Response HandleLike(RouteContext& context, const hub::RepoKey& key);
http::Response HandleLikers(RouteContext& context, const hub::RepoKey& key);
http::Response HandleUserLikes(RouteContext& context, const std::string& user);

// access_request_routes.cpp (§7): /api/{type}s/{id}/user-access-request/<rest> and the user's
// request (ask-access).
http::Response HandleAccessRequests(RouteContext& context, const hub::RepoKey& key, Segments rest);
http::Response HandleAskAccess(RouteContext& context, const hub::RepoKey& key);

// The `limit` query parameter: `fallback` when absent, at most `max`, BadRequest unless a
// positive integer.
core::Result<size_t> ParseLimitParam(const RouteContext& context, size_t fallback, size_t max);

// A JSON 405 for a known path with the wrong method.
http::Response MethodNotAllowed();

}  // namespace modelhub::server::api

#endif  // MODELHUB_SERVER_API_ROUTES_H_
