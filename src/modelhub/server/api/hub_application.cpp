#include "modelhub/server/api/hub_application.h"

#include <exception>

#include "modelhub/core/ids.h"
#include "modelhub/core/log.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"
#include "modelhub/server/api/route_context.h"
#include "modelhub/server/api/route_path.h"
#include "modelhub/server/api/routes.h"
#include "modelhub/server/git/git_routes.h"
#include "modelhub/server/http/error_response.h"
#include "modelhub/server/lfs/lfs_routes.h"

namespace modelhub::server::api {
namespace {

http::Response NotFound(std::string_view path) {
  return http::ErrorResponse({core::ErrorCode::kNotFound, "No route for " + std::string(path)});
}

// Only the plurals of /api/ URLs name a type there ("model" would be a namespace).
std::optional<core::RepoType> ApiType(std::string_view segment) {
  auto type = core::ParseRepoType(segment);
  if (type && core::RepoTypePlural(*type) == segment) return type;
  return std::nullopt;
}

bool Is(Segments segments, std::initializer_list<std::string_view> expected) {
  if (segments.size() != expected.size()) return false;
  size_t i = 0;
  for (std::string_view part : expected) {
    if (segments[i++] != part) return false;
  }
  return true;
}

// /api/{type}s/{ns}/{name}/<rest>
http::Response RepoApi(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (rest.empty()) return HandleRepoInfo(context, key, rest);
  const std::string& verb = rest[0];
  Segments tail = rest.subspan(1);
  if (verb == "revision" && !tail.empty()) return HandleRepoInfo(context, key, tail);
  if (verb == "auth-check" && tail.empty()) return HandleAuthCheck(context, key, false);
  if (verb == "auth-check" && Is(tail, {"write"})) return HandleAuthCheck(context, key, true);
  if (verb == "tree" && !tail.empty()) return HandleTree(context, key, tail);
  if (verb == "paths-info") return HandlePathsInfo(context, key, tail);
  if (verb == "refs" && tail.empty()) return HandleRefs(context, key);
  if (verb == "commits") return HandleCommits(context, key, tail);
  if (verb == "preupload" && !tail.empty()) return HandlePreupload(context, key, tail);
  if (verb == "commit" && !tail.empty()) return HandleCommit(context, key, tail);
  if (verb == "settings" && tail.empty()) return HandleSettings(context, key);
  if (verb == "branch" && !tail.empty()) return HandleBranch(context, key, tail);
  if (verb == "tag" && !tail.empty()) return HandleTag(context, key, tail);
  if (verb == "like" && tail.empty()) return HandleLike(context, key);
  if (verb == "likers" && tail.empty()) return HandleLikers(context, key);
  if (verb == "user-access-request") return HandleAccessRequests(context, key, tail);
  if (verb == "ask-access" && tail.empty()) return HandleAskAccess(context, key);
  if (verb == "xet-write-token" || verb == "xet-read-token") return lfs::XetNotSupported();
  return NotFound(context.request.path);
}

http::Response Api(RouteContext& context, Segments segments) {
  const std::string_view path = context.request.path;
  if (Is(segments, {"api", "whoami-v2"})) return HandleWhoami(context);
  if (Is(segments, {"api", "repos", "create"})) return HandleCreateRepo(context);
  if (Is(segments, {"api", "repos", "delete"})) return HandleDeleteRepo(context);
  if (Is(segments, {"api", "repos", "move"})) return HandleMoveRepo(context);
  if (segments.size() == 4 && segments[1] == "users" && segments[3] == "likes") {
    return HandleUserLikes(context, segments[2]);
  }
  if (segments.size() == 3 && segments[1] == "lfs") {
    return lfs::HandleSignedAction(context, segments[2]);
  }
  auto type = segments.size() >= 2 ? ApiType(segments[1]) : std::nullopt;
  if (!type) return NotFound(path);
  if (segments.size() == 2) return HandleListRepos(context, *type);
  if (segments.size() < 4) {
    return context.Error({core::ErrorCode::kRepoNotFound, "Repository ids are 'namespace/name'"});
  }
  auto id = ParseRepoSegments(segments[2], segments[3], /*strip_git=*/false);
  if (!id) return context.Error(id.error());
  context.repo = hub::RepoKey{*type, *id};
  return RepoApi(context, *context.repo, segments.subspan(4));
}

// File, git and LFS URLs: /{prefix}{ns}/{name}/... with prefix "", "datasets/" or "spaces/".
http::Response RepoUrls(RouteContext& context, Segments segments) {
  core::RepoType type = core::RepoType::kModel;
  if (segments[0] == "datasets" || segments[0] == "spaces") {
    type = *core::ParseRepoType(segments[0]);
    segments = segments.subspan(1);
  }
  if (segments.size() < 3) return NotFound(context.request.path);
  const bool git_url = segments[1].ends_with(".git");
  Segments rest = segments.subspan(2);
  const bool batch = Is(rest, {"info", "lfs", "objects", "batch"});
  const bool locks = Is(rest, {"info", "lfs", "locks", "verify"});
  const bool file = !git_url && (rest[0] == "resolve" || rest[0] == "raw");
  const bool ask_access = !git_url && Is(rest, {"ask-access"});
  const bool git = git::IsGitPath(rest);
  if (!batch && !locks && !file && !ask_access && !git) return NotFound(context.request.path);
  auto id = ParseRepoSegments(segments[0], segments[1], /*strip_git=*/true);
  if (!id) return context.Error(id.error());
  const hub::RepoKey key{type, *id};
  context.repo = key;
  if (batch) return lfs::HandleBatch(context, key);
  if (locks) return lfs::HandleLocksVerify(context);
  if (ask_access) return HandleAskAccess(context, key);
  if (git) return git::HandleGit(context, key, rest);
  return HandleFile(context, key, rest);
}

bool IsSignedLfsPath(std::string_view path) { return path.starts_with(lfs::kSignedPathPrefix); }

}  // namespace

http::Response MethodNotAllowed() {
  http::Response response = http::JsonResponse(405, "{\"error\":\"Method not allowed\"}");
  response.headers.Set("X-Error-Message", "Method not allowed");
  return response;
}

HubApplication::HubApplication(hub::RepoService& service, hub::Access& access, HubOptions options)
    : service_(service),
      access_(access),
      options_(std::move(options)),
      listing_cache_(options_.listing_cache_bytes),
      rate_limiter_(options_.rate_limits) {
  while (options_.public_url.ends_with('/')) options_.public_url.pop_back();
}

http::BodyPlan HubApplication::PlanBody(const http::Request& request) {
  try {
    if (request.path == "/api/lfs/upload") {
      return lfs::PlanSignedUpload(service_, options_, request, "upload");
    }
    if (request.path == "/api/lfs/part") {
      return lfs::PlanSignedUpload(service_, options_, request, "part");
    }
    const std::vector<std::string> segments = SplitSegments(request.path);
    // Commits and git pushes carry repo content; everything else is a small JSON or form body.
    const bool commit =
        request.method == "POST" && ((segments.size() >= 6 && segments[0] == "api" &&
                                      ApiType(segments[1]) && segments[4] == "commit") ||
                                     (!segments.empty() && segments.back() == "git-receive-pack"));
    http::BodyPlan plan;
    plan.kind = http::BodyPlan::Kind::kBuffer;
    plan.max_buffered_bytes = commit ? options_.max_commit_body : options_.max_json_body;
    return plan;
  } catch (const std::exception& error) {
    core::LogError(std::string("PlanBody failed: ") + error.what());
    http::BodyPlan plan;
    plan.kind = http::BodyPlan::Kind::kReject;
    plan.rejection = http::ErrorResponse({core::ErrorCode::kInternal, "Internal server error"});
    return plan;
  }
}

http::Response HubApplication::Handle(http::Request& request) {
  try {
    return Dispatch(request);
  } catch (const std::exception& error) {
    core::LogError("Unhandled exception for " + request.method + " " + request.path + ": " +
                   error.what());
  } catch (...) {
    core::LogError("Unhandled non-standard exception for " + request.method + " " + request.path);
  }
  return http::ErrorResponse({core::ErrorCode::kInternal, "Internal server error"});
}

namespace {

bool IsLoopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

// Refusals worth an audit entry: authentication and permission failures, and a repo that is
// hidden (or missing) or gated. Plain 404s of files or routes are not access decisions.
bool IsDenial(const http::Response& response) {
  if (response.status == 401 || response.status == 403) return true;
  auto code = response.headers.Get("X-Error-Code");
  return response.status == 404 && code && (*code == "RepoNotFound" || *code == "GatedRepo");
}

std::string DenialOutcome(const http::Response& response) {
  std::string outcome = std::to_string(response.status);
  if (auto code = response.headers.Get("X-Error-Code"); code && !code->empty()) {
    outcome += " ";
    outcome += *code;
  }
  return outcome;
}

}  // namespace

std::optional<RateLimiter::Decision> HubApplication::CountRequest(
    const hub::Caller& caller, const std::vector<std::string>& segments) {
  if (!rate_limiter_.enabled()) return std::nullopt;
  if (caller.is_admin && IsLoopback(caller.address) && !options_.rate_limit_loopback_admin) {
    return std::nullopt;
  }
  const RateBucket bucket =
      !segments.empty() && segments[0] == "api" ? RateBucket::kApi : RateBucket::kResolvers;
  const std::string key = caller.token_id != 0 ? "token:" + std::to_string(caller.token_id)
                                               : "address:" + caller.address;
  return rate_limiter_.Count(bucket, key, core::NowMillis());
}

http::Response HubApplication::Dispatch(http::Request& request) {
  auto query = http::QueryParams::Parse(request.query);
  if (!query) return http::ErrorResponse(query.error());
  const std::vector<std::string> segments = SplitSegments(request.path);
  hub::Caller caller;
  caller.address = request.remote_address;
  // Signed LFS URLs authorise themselves (§6.3); whatever credentials come along are ignored.
  if (!IsSignedLfsPath(request.path)) {
    auto authenticated = access_.Authenticate(request.headers.Get("Authorization").value_or(""));
    if (!authenticated) {
      // Guessing tokens spends the address's budget, and each guess is on record.
      auto decision = CountRequest(caller, segments);
      if (decision && !decision->allowed) return RateLimiter::TooManyRequests(*decision);
      http::Response response = http::ErrorResponse(authenticated.error());
      (void)service_.RecordDenial(caller, "", DenialOutcome(response) + " invalid token",
                                  request.method + " " + request.path);
      if (decision) RateLimiter::Annotate(*decision, response);
      return response;
    }
    caller = std::move(*authenticated);
    caller.address = request.remote_address;
  }
  auto decision = CountRequest(caller, segments);
  if (decision && !decision->allowed) return RateLimiter::TooManyRequests(*decision);

  std::string base_url = options_.public_url;
  if (base_url.empty()) {
    base_url = "http://" + http::HeaderSafe(request.headers.Get("Host").value_or("localhost"));
  }
  RouteContext context{request,       std::move(caller),   service_,
                       options_,      std::move(base_url), std::move(*query),
                       listing_cache_};
  http::Response response;
  if (segments.empty()) {
    response = NotFound(request.path);
  } else if (segments[0] == "api") {
    response = Api(context, segments);
  } else {
    response = RepoUrls(context, segments);
  }
  if (IsDenial(response)) {
    // Best effort: the answer goes out even when the log cannot be written.
    (void)service_.RecordDenial(context.caller,
                                context.repo ? hub::AuditRepoName(*context.repo) : "",
                                DenialOutcome(response), request.method + " " + request.path);
  }
  if (decision) RateLimiter::Annotate(*decision, response);
  return response;
}

}  // namespace modelhub::server::api
