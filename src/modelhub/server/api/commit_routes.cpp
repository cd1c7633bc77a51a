// Preupload and the NDJSON commit (spec/hub-api.md §6.2).
#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"
#include "modelhub/server/api/json_render.h"
#include "modelhub/server/api/ndjson_commit.h"
#include "modelhub/server/api/route_path.h"
#include "modelhub/server/api/routes.h"

namespace modelhub::server::api {
namespace {

using nlohmann::json;

core::Unexpected Bad(std::string message) {
  return core::Unexpected(core::ErrorCode::kBadRequest, std::move(message));
}

core::Result<std::string> RevisionOrMain(Segments rest) {
  if (rest.empty()) return std::string("main");
  return DecodeJoined(rest);
}

core::Result<std::vector<hub::PreuploadFile>> PreuploadFiles(const json& body) {
  auto files = body.find("files");
  if (files == body.end() || !files->is_array()) return Bad("'files' must be an array");
  std::vector<hub::PreuploadFile> out;
  out.reserve(files->size());
  for (const json& file : *files) {
    if (!file.is_object()) return Bad("each of 'files' must be an object");
    auto path = file.find("path");
    auto size = file.find("size");
    if (path == file.end() || !path->is_string()) return Bad("'path' must be a string");
    if (size == file.end() || !size->is_number_unsigned()) {
      return Bad("'size' must be a non-negative integer");
    }
    hub::PreuploadFile entry;
    entry.path = path->get<std::string>();
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(entry.path));
    entry.size = size->get<uint64_t>();
    if (auto sample = file.find("sample"); sample != file.end() && !sample->is_null()) {
      auto decoded =
          sample->is_string() ? core::Base64Decode(sample->get<std::string>()) : std::nullopt;
      if (!decoded) return Bad("'sample' of " + entry.path + " is not base64");
      entry.sample = std::move(*decoded);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

core::Result<json> Preupload(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
  MH_ASSIGN_OR_RETURN(std::string revision, RevisionOrMain(rest));
  MH_ASSIGN_OR_RETURN(json body, ParseJsonObject(context.request.body));
  MH_ASSIGN_OR_RETURN(std::vector<hub::PreuploadFile> files, PreuploadFiles(body));
  // JS proposes the `.gitattributes` it is about to commit; its LFS rules count too (§6.2).
  std::string gitattributes;
  if (auto proposed = body.find("gitAttributes"); proposed != body.end() && proposed->is_string()) {
    gitattributes = proposed->get<std::string>();
  }
  // Python sends the `.gitignore` it is uploading; its rules decide `shouldIgnore`.
  std::optional<std::string> gitignore;
  if (auto proposed = body.find("gitIgnore"); proposed != body.end() && proposed->is_string()) {
    gitignore = proposed->get<std::string>();
  }
  MH_ASSIGN_OR_RETURN(
      std::vector<hub::PreuploadAnswer> answers,
      context.service.Preupload(context.caller, repo, revision, files, gitattributes, gitignore));
  json items = json::array();
  for (const hub::PreuploadAnswer& answer : answers) {
    // `shouldIgnore` is required by Python (KeyError otherwise), `oid` may be null.
    items.push_back({{"path", answer.path},
                     {"uploadMode", answer.lfs ? "lfs" : "regular"},
                     {"shouldIgnore", answer.should_ignore},
                     {"oid", answer.oid ? json(*answer.oid) : json(nullptr)}});
  }
  return json{{"files", std::move(items)}};
}

core::Result<json> Commit(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
  MH_ASSIGN_OR_RETURN(std::string revision, RevisionOrMain(rest));
  MH_ASSIGN_OR_RETURN(bool create_pr, context.query.GetBool("create_pr", false));
  MH_ASSIGN_OR_RETURN(hub::CommitRequest request, ParseNdjsonCommit(context.request.body));
  request.revision = std::move(revision);
  request.create_pr = create_pr;
  MH_ASSIGN_OR_RETURN(hub::CommitResult result,
                      context.service.Commit(context.caller, repo, request));
  const std::string repo_url = context.RepoUrl(repo);
  // Python splits commitUrl at "/commit/" and re-parses the left part as a repo URL, and matches
  // pullRequestUrl against `.*/discussions/(\d+)$` (§6.2 step 3).
  json out = {{"commitOid", result.commit_oid},
              {"commitUrl", repo_url + "/commit/" + result.commit_oid}};
  if (result.pr_number) {
    out["pullRequestUrl"] = repo_url + "/discussions/" + std::to_string(*result.pr_number);
  }
  if (!result.created) out["hookOutput"] = "Nothing to commit";
  return out;
}

http::Response Render(const RouteContext& context, const core::Result<json>& result) {
  return result ? JsonOk(*result) : context.Error(result.error());
}

}  // namespace

http::Response HandlePreupload(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (context.request.method != "POST") return MethodNotAllowed();
  return Render(context, Preupload(context, key, rest));
}

http::Response HandleCommit(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (context.request.method != "POST") return MethodNotAllowed();
  return Render(context, Commit(context, key, rest));
}

}  // namespace modelhub::server::api
