#include "modelhub/server/git/git_routes.h"

#include "modelhub/server/git/gzip_body.h"

namespace modelhub::server::git {

bool IsGitPath(api::Segments rest) {
  if (rest.size() == 2) return rest[0] == "info" && rest[1] == "refs";
  return rest.size() == 1 && (rest[0] == "git-upload-pack" || rest[0] == "git-receive-pack");
}

http::Response GitResponse(std::string_view kind, std::string body) {
  http::Response response;
  response.status = 200;
  response.headers.Set("Content-Type", "application/x-git-" + std::string(kind));
  response.headers.Set("Cache-Control", "no-cache, max-age=0, must-revalidate");
  response.body = std::move(body);
  return response;
}

http::Response GitError(const api::RouteContext& context, const core::Error& error) {
  http::Response response = context.Error(error);
  if (response.status == 401) {
    // git's credential helper is triggered by a Basic challenge (spec §8).
    response.headers.Set("WWW-Authenticate", "Basic realm=\"modelhub\"");
  }
  return response;
}

http::Response HandleGit(api::RouteContext& context, const hub::RepoKey& key, api::Segments rest) {
  const http::Request& request = context.request;
  const bool v2 =
      request.headers.Get("Git-Protocol").value_or("").find("version=2") != std::string_view::npos;
  if (rest.size() == 2) {
    if (request.method != "GET" && request.method != "HEAD") return api::MethodNotAllowed();
    auto service = context.query.Get("service");
    if (service == "git-upload-pack") return AdvertiseUploadPack(context, key, v2);
    if (service == "git-receive-pack") return AdvertiseReceivePack(context, key);
    return GitError(context, {core::ErrorCode::kBadRequest,
                              "Only git's smart HTTP protocol is served: info/refs needs "
                              "?service=git-upload-pack or git-receive-pack"});
  }
  if (request.method != "POST") return api::MethodNotAllowed();
  std::string inflated;
  std::string_view body = request.body;
  if (request.headers.Get("Content-Encoding").value_or("") == "gzip") {
    auto decoded = Gunzip(body, context.options.max_commit_body);
    if (!decoded) return GitError(context, decoded.error());
    inflated = std::move(*decoded);
    body = inflated;
  }
  if (rest[0] == "git-upload-pack") return UploadPack(context, key, body, v2);
  return ReceivePack(context, key, body);
}

}  // namespace modelhub::server::git
