// Git LFS endpoints (spec/hub-api.md §6.3, §8, §9): the batch API, the self-authorising upload,
// multipart, verify and download URLs it hands out, lock verification and the Xet refusals.
#ifndef MODELHUB_SERVER_LFS_LFS_ROUTES_H_
#define MODELHUB_SERVER_LFS_LFS_ROUTES_H_

#include <string_view>

#include "modelhub/hub/repo_types.h"
#include "modelhub/server/api/route_context.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::lfs {

// The path prefix of every signed LFS URL: "/api/lfs/<verb>?<signed query>".
inline constexpr std::string_view kSignedPathPrefix = "/api/lfs/";

// POST /{prefix}{ns}/{name}.git/info/lfs/objects/batch
http::Response HandleBatch(api::RouteContext& context, const hub::RepoKey& key);

// POST /{prefix}{ns}/{name}.git/info/lfs/locks/verify: no locking here, nothing is ever locked.
http::Response HandleLocksVerify(api::RouteContext& context);

// GET /api/{type}s/{repo}/xet-(write|read)-token/...: a JSON 501 that tells Python users how to
// stay on plain LFS (§9).
http::Response XetNotSupported();

// The signed actions answered after buffering: "complete" (multipart), "verify", "download".
http::Response HandleSignedAction(api::RouteContext& context, std::string_view verb);

// The body plan of a signed PUT ("upload" or "part"): checks the signature before a byte is read
// and streams the body into the blob store or a part file.
http::BodyPlan PlanSignedUpload(hub::RepoService& service, const api::HubOptions& options,
                                const http::Request& request, std::string_view verb);

}  // namespace modelhub::server::lfs

#endif  // MODELHUB_SERVER_LFS_LFS_ROUTES_H_
