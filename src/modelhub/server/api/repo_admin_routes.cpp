// Repo management (spec/hub-api.md §6.1): create, delete, move, settings.
#include <set>

#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"
#include "modelhub/server/api/json_render.h"
#include "modelhub/server/api/routes.h"

namespace modelhub::server::api {
namespace {

using nlohmann::json;

core::Unexpected Bad(std::string message) {
  return core::Unexpected(core::ErrorCode::kBadRequest, std::move(message));
}

std::string StringOr(const json& body, const char* key, std::string fallback) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// The repo named by {"name", "organization", "type"} (create, delete). `organization` null or
// absent means the caller's own namespace; Python may also send the full id in `name`.
core::Result<hub::RepoKey> KeyFromBody(const RouteContext& context, const json& body) {
  auto name = body.find("name");
  if (name == body.end() || !name->is_string()) return Bad("'name' must be a string");
  std::string ns = StringOr(body, "organization", "");
  std::string repo_name = name->get<std::string>();
  if (auto slash = repo_name.find('/'); slash != std::string::npos && ns.empty()) {
    ns = repo_name.substr(0, slash);
    repo_name = repo_name.substr(slash + 1);
  }
  if (ns.empty()) ns = context.caller.name;
  hub::RepoKey key;
  auto type = core::ParseRepoType(StringOr(body, "type", "model"));
  if (!type) return Bad("'type' must be one of model, dataset, space");
  key.type = *type;
  MH_ASSIGN_OR_RETURN(key.id, core::ParseRepoId(ns + "/" + repo_name));
  return key;
}

// §6.1: `visibility` (Python >= 1.8, JS) or `private` (older Python).
core::Result<std::optional<bool>> PrivateFlag(const json& body) {
  if (auto visibility = body.find("visibility");
      visibility != body.end() && !visibility->is_null()) {
    if (*visibility == "private") return std::optional<bool>(true);
    if (*visibility == "public") return std::optional<bool>(false);
    return Bad("'visibility' must be \"public\" or \"private\"");
  }
  if (auto flag = body.find("private"); flag != body.end() && !flag->is_null()) {
    if (!flag->is_boolean()) return Bad("'private' must be a boolean");
    return std::optional<bool>(flag->get<bool>());
  }
  return std::optional<bool>();
}

// JS createRepo's `files` become the first commit after the Hub's initial one. They are fully
// validated before the repo is created, so that bad input creates nothing.
core::Result<std::vector<hub::CommitOperation>> InitialFiles(const json& body) {
  std::vector<hub::CommitOperation> operations;
  auto files = body.find("files");
  if (files == body.end() || files->is_null()) return operations;
  if (!files->is_array()) return Bad("'files' must be an array");
  std::set<std::string> seen;
  for (const json& file : *files) {
    if (!file.is_object() || !file.contains("path") || !file["path"].is_string() ||
        !file.contains("content") || !file["content"].is_string()) {
      return Bad("each of 'files' needs a string 'path' and 'content'");
    }
    hub::CommitOperation op;
    op.path = file["path"].get<std::string>();
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(op.path));
    if (!seen.insert(op.path).second) return Bad("'files' names " + op.path + " twice");
    const std::string encoding = StringOr(file, "encoding", "base64");
    if (encoding == "utf-8") {
      op.content = file["content"].get<std::string>();
    } else {
      auto decoded = core::Base64Decode(file["content"].get<std::string>());
      if (encoding != "base64" || !decoded) return Bad("content of " + op.path + " is not base64");
      op.content = std::move(*decoded);
    }
    operations.push_back(std::move(op));
  }
  return operations;
}

core::Result<json> CreateRepo(RouteContext& context) {
  MH_ASSIGN_OR_RETURN(json body, ParseJsonObject(context.request.body));
  if (context.caller.anonymous()) {
    return core::Unexpected(core::ErrorCode::kUnauthorized,
                            "You must be authenticated to create a repo");
  }
  MH_ASSIGN_OR_RETURN(hub::RepoKey key, KeyFromBody(context, body));
  MH_ASSIGN_OR_RETURN(std::optional<bool> is_private, PrivateFlag(body));
  std::string sdk;
  if (key.type == core::RepoType::kSpace) {
    sdk = StringOr(body, "sdk", "static");  // the JS default (§6.1)
    if (sdk != "gradio" && sdk != "streamlit" && sdk != "docker" && sdk != "static") {
      return Bad("'sdk' must be one of gradio, streamlit, docker, static");
    }
  }
  MH_ASSIGN_OR_RETURN(std::vector<hub::CommitOperation> files, InitialFiles(body));
  MH_ASSIGN_OR_RETURN(
      hub::RepoRecord record,
      context.service.CreateRepo(context.caller, key, is_private.value_or(false), sdk));
  if (!files.empty()) {
    hub::CommitRequest commit;
    commit.summary = "Add files";
    commit.operations = std::move(files);
    MH_RETURN_IF_ERROR(context.service.Commit(context.caller, record.key, commit));
  }
  return json{{"url", context.RepoUrl(record.key)},
              {"id", OpaqueRepoId(record)},
              {"name", record.key.id.ToString()}};
}

core::Result<json> MoveRepo(RouteContext& context) {
  MH_ASSIGN_OR_RETURN(json body, ParseJsonObject(context.request.body));
  hub::RepoKey from;
  auto type = core::ParseRepoType(StringOr(body, "type", "model"));
  if (!type) return Bad("'type' must be one of model, dataset, space");
  from.type = *type;
  MH_ASSIGN_OR_RETURN(from.id, core::ParseRepoId(StringOr(body, "fromRepo", "")));
  MH_ASSIGN_OR_RETURN(core::RepoId to, core::ParseRepoId(StringOr(body, "toRepo", "")));
  MH_RETURN_IF_ERROR(context.service.MoveRepo(context.caller, from, to));
  return json{{"url", context.RepoUrl({from.type, to})}};
}

core::Result<json> UpdateSettings(RouteContext& context, const hub::RepoKey& key) {
  MH_ASSIGN_OR_RETURN(json body, ParseJsonObject(context.request.body));
  MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
  MH_ASSIGN_OR_RETURN(std::optional<bool> is_private, PrivateFlag(body));
  std::optional<std::string> gated;
  if (auto value = body.find("gated"); value != body.end() && !value->is_null()) {
    if (*value == false) {
      gated = "";
    } else if (*value == "auto" || *value == "manual") {
      gated = value->get<std::string>();
    } else {
      return Bad("'gated' must be false, \"auto\" or \"manual\"");
    }
  }
  // Other settings of hf.co (xetEnabled, discussionsDisabled, ...) have no meaning here.
  MH_ASSIGN_OR_RETURN(hub::RepoRecord record,
                      context.service.UpdateSettings(context.caller, repo, is_private, gated));
  InfoSelection selection;
  selection.keys = {"private", "gated", "disabled"};
  return RepoRecordJson(record, selection);
}

http::Response Render(const RouteContext& context, const core::Result<json>& result) {
  return result ? JsonOk(*result) : context.Error(result.error());
}

}  // namespace

http::Response HandleCreateRepo(RouteContext& context) {
  if (context.request.method != "POST") return MethodNotAllowed();
  return Render(context, CreateRepo(context));
}

http::Response HandleDeleteRepo(RouteContext& context) {
  if (context.request.method != "DELETE") return MethodNotAllowed();
  auto body = ParseJsonObject(context.request.body);
  if (!body) return context.Error(body.error());
  auto key = KeyFromBody(context, *body);
  if (!key) return context.Error(key.error());
  auto deleted = context.service.DeleteRepo(context.caller, *key);
  if (!deleted) return context.Error(deleted.error());
  return JsonOk(json::object());
}

http::Response HandleMoveRepo(RouteContext& context) {
  if (context.request.method != "POST") return MethodNotAllowed();
  return Render(context, MoveRepo(context));
}

http::Response HandleSettings(RouteContext& context, const hub::RepoKey& key) {
  if (context.request.method != "PUT") return MethodNotAllowed();
  return Render(context, UpdateSettings(context, key));
}

}  // namespace modelhub::server::api
