// git smart HTTP (spec/hub-api.md §8) on the repos of the API: `{prefix}{ns}/{name}[.git]/`
// info/refs?service=git-upload-pack|git-receive-pack, git-upload-pack (fetch; protocol v2 and
// v0, shallow) and git-receive-pack (push). Access is the API's: a caller who may not see the
// repo (or, anonymous, its gated files) gets 401 with a Basic challenge, so git asks for a
// token as the password.
#ifndef MODELHUB_SERVER_GIT_GIT_ROUTES_H_
#define MODELHUB_SERVER_GIT_GIT_ROUTES_H_

#include "modelhub/server/api/routes.h"

namespace modelhub::server::git {

// True when `rest` (the segments after the repo name) is a git smart HTTP path.
bool IsGitPath(api::Segments rest);

http::Response HandleGit(api::RouteContext& context, const hub::RepoKey& key, api::Segments rest);

// upload_pack.cpp
http::Response AdvertiseUploadPack(api::RouteContext& context, const hub::RepoKey& key,
                                   bool protocol_v2);
http::Response UploadPack(api::RouteContext& context, const hub::RepoKey& key,
                          std::string_view body, bool protocol_v2);

// receive_pack.cpp
http::Response AdvertiseReceivePack(api::RouteContext& context, const hub::RepoKey& key);
http::Response ReceivePack(api::RouteContext& context, const hub::RepoKey& key,
                           std::string_view body);

// A 200 of git's smart protocol: `kind` is e.g. "upload-pack-result" (Content-Type
// application/x-git-<kind>), never cached.
http::Response GitResponse(std::string_view kind, std::string body);

// The answer to a refused git request: 401 with a Basic challenge for anonymous callers.
http::Response GitError(const api::RouteContext& context, const core::Error& error);

}  // namespace modelhub::server::git

#endif  // MODELHUB_SERVER_GIT_GIT_ROUTES_H_
