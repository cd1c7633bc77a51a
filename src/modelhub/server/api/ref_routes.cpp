// Branch and tag creation and deletion (spec/hub-api.md §6.1).
#include "modelhub/core/ids.h"
#include "modelhub/server/api/json_render.h"
#include "modelhub/server/api/route_path.h"
#include "modelhub/server/api/routes.h"

namespace modelhub::server::api {
namespace {

using nlohmann::json;

// Python sends no body when there is nothing to say.
core::Result<json> OptionalJsonBody(const http::Request& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object();
  return ParseJsonObject(request.body);
}

core::Result<std::optional<std::string>> OptionalString(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    return core::Unexpected(core::ErrorCode::kBadRequest,
                            std::string("'") + key + "' must be a string");
  }
  return std::optional<std::string>(it->get<std::string>());
}

core::Result<bool> OptionalBool(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_boolean()) {
    return core::Unexpected(core::ErrorCode::kBadRequest,
                            std::string("'") + key + "' must be a boolean");
  }
  return it->get<bool>();
}

core::Status Branch(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
  MH_ASSIGN_OR_RETURN(std::string branch, DecodeJoined(rest));
  MH_RETURN_IF_ERROR(core::ValidateRefName(branch));
  if (context.request.method == "DELETE") {
    return context.service.DeleteBranch(context.caller, repo, branch);
  }
  MH_ASSIGN_OR_RETURN(json body, OptionalJsonBody(context.request));
  MH_ASSIGN_OR_RETURN(std::optional<std::string> start, OptionalString(body, "startingPoint"));
  MH_ASSIGN_OR_RETURN(bool empty, OptionalBool(body, "emptyBranch"));
  MH_ASSIGN_OR_RETURN(bool overwrite, OptionalBool(body, "overwrite"));
  return context.service.CreateBranch(context.caller, repo, branch, start, empty, overwrite);
}

core::Status Tag(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
  // POST names the revision to tag, DELETE the tag itself (§6.1).
  MH_ASSIGN_OR_RETURN(std::string name, DecodeJoined(rest));
  if (context.request.method == "DELETE") {
    MH_RETURN_IF_ERROR(core::ValidateRefName(name));
    return context.service.DeleteTag(context.caller, repo, name);
  }
  MH_ASSIGN_OR_RETURN(json body, ParseJsonObject(context.request.body));
  MH_ASSIGN_OR_RETURN(std::optional<std::string> tag, OptionalString(body, "tag"));
  if (!tag) return core::Unexpected(core::ErrorCode::kBadRequest, "'tag' is required");
  MH_RETURN_IF_ERROR(core::ValidateRefName(*tag));
  MH_ASSIGN_OR_RETURN(std::optional<std::string> message, OptionalString(body, "message"));
  return context.service.CreateTag(context.caller, repo, *tag, name, message.value_or(""));
}

http::Response Render(const RouteContext& context, const core::Status& status) {
  return status ? JsonOk(json::object()) : context.Error(status.error());
}

bool PostOrDelete(const http::Request& request) {
  return request.method == "POST" || request.method == "DELETE";
}

}  // namespace

http::Response HandleBranch(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (!PostOrDelete(context.request)) return MethodNotAllowed();
  return Render(context, Branch(context, key, rest));
}

http::Response HandleTag(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (!PostOrDelete(context.request)) return MethodNotAllowed();
  return Render(context, Tag(context, key, rest));
}

}  // namespace modelhub::server::api
