#include "modelhub/server/api/json_render.h"

#include <cstdio>

#include "modelhub/core/ids.h"
#include "modelhub/core/sha256.h"
#include "modelhub/core/time.h"
#include "modelhub/server/http/error_response.h"

namespace modelhub::server::api {
namespace {

using nlohmann::json;

std::string Hex24(int64_t number) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%024llx", static_cast<unsigned long long>(number));
  return buffer;
}

// §3: `gated` is false or the gating mode string.
json GatedJson(const std::string& gated) { return gated.empty() ? json(false) : json(gated); }

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

json SiblingJson(const hub::Entry& entry, bool blobs) {
  json sibling = {{"rfilename", entry.path}};
  if (!blobs) return sibling;
  sibling["size"] = entry.size;
  sibling["blobId"] = entry.oid;
  // §3: repo info names the LFS hash `sha256` where the tree names it `oid`.
  if (entry.lfs) {
    sibling["lfs"] = {{"size", entry.lfs->size},
                      {"sha256", entry.lfs->sha256},
                      {"pointerSize", entry.lfs->pointer_size}};
  }
  return sibling;
}

// Keys that need more than the repo row (the head commit's tree, card or files).
void AddRecordFields(const hub::RepoRecord& record, const InfoSelection& selection, json& out) {
  if (selection.Wants("author")) out["author"] = record.key.id.ns;
  if (selection.Wants("private")) out["private"] = record.is_private;
  if (selection.Wants("gated")) out["gated"] = GatedJson(record.gated);
  // modelhub has no moderation: a repo that can be seen is never disabled.
  if (selection.Wants("disabled")) out["disabled"] = false;
  if (selection.Wants("downloads")) out["downloads"] = record.downloads;
  if (selection.Wants("downloadsAllTime")) out["downloadsAllTime"] = record.downloads_all_time;
  if (selection.Wants("likes")) out["likes"] = record.likes;
  if (selection.Wants("trendingScore")) out["trendingScore"] = record.trending;
  if (selection.Wants("createdAt")) out["createdAt"] = core::FormatIsoMillis(record.created_at);
  if (record.key.type == core::RepoType::kSpace && selection.Wants("sdk")) out["sdk"] = record.sdk;
}

json BaseJson(const hub::RepoRecord& record) {
  return {{"_id", OpaqueRepoId(record)}, {"id", record.key.id.ToString()}};
}

}  // namespace

std::string DumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

http::Response JsonOk(const json& value, int status) {
  return http::JsonResponse(status, DumpJson(value));
}

std::string OpaqueRepoId(const hub::RepoRecord& record) { return Hex24(record.row_id); }

json EntryJson(const hub::Entry& entry, bool expand) {
  json out = {{"type", entry.is_directory ? "directory" : "file"},
              {"oid", entry.oid},
              {"size", entry.is_directory ? 0 : entry.size},
              {"path", entry.path}};
  if (entry.lfs) {
    out["lfs"] = {{"oid", entry.lfs->sha256},
                  {"size", entry.lfs->size},
                  {"pointerSize", entry.lfs->pointer_size}};
  }
  if (expand && entry.last_commit) {
    out["lastCommit"] = {{"id", entry.last_commit->id},
                         {"title", entry.last_commit->title},
                         {"date", core::FormatIsoMillis(entry.last_commit->date)}};
  }
  return out;
}

json RepoRecordJson(const hub::RepoRecord& record, const InfoSelection& selection) {
  json out = BaseJson(record);
  AddRecordFields(record, selection, out);
  if (selection.Wants("lastModified"))
    out["lastModified"] = core::FormatIsoMillis(record.updated_at);
  if (selection.Wants("sha") && !record.head_sha.empty()) out["sha"] = record.head_sha;
  return out;
}

json RepoInfoJson(const hub::RepoInfo& info, const InfoSelection& selection) {
  json out = BaseJson(info.record);
  // Python's ModelInfo still reads the legacy `modelId` in the default shape.
  if (selection.keys.empty() && info.record.key.type == core::RepoType::kModel) {
    out["modelId"] = info.record.key.id.ToString();
  }
  AddRecordFields(info.record, selection, out);
  if (selection.Wants("sha")) out["sha"] = info.sha;
  if (selection.Wants("lastModified"))
    out["lastModified"] = core::FormatIsoMillis(info.last_modified);
  if (selection.Wants("tags")) out["tags"] = info.tags;
  if (selection.Wants("pipeline_tag") && info.pipeline_tag)
    out["pipeline_tag"] = *info.pipeline_tag;
  if (selection.Wants("library_name") && info.library_name)
    out["library_name"] = *info.library_name;
  if (selection.Wants("cardData") && !info.card_data.is_null()) out["cardData"] = info.card_data;
  if (selection.Wants("model-index") && info.card_data.is_object() &&
      info.card_data.contains("model-index")) {
    out["model-index"] = info.card_data["model-index"];
  }
  if (selection.Wants("config") && !info.config.is_null()) out["config"] = info.config;
  if (selection.Wants("safetensors") && info.safetensors) {
    out["safetensors"] = {{"parameters", info.safetensors->parameters},
                          {"total", info.safetensors->total}};
  }
  if (selection.Wants("usedStorage")) out["usedStorage"] = info.used_storage;
  if (selection.Wants("siblings")) {
    json siblings = json::array();
    for (const hub::Entry& entry : info.siblings) {
      if (!entry.is_directory) siblings.push_back(SiblingJson(entry, selection.blobs));
    }
    out["siblings"] = std::move(siblings);
  }
  return out;
}

json CommitJson(const hub::CommitSummary& commit, bool formatted) {
  json authors = json::array();
  for (const std::string& author : commit.authors) authors.push_back({{"user", author}});
  json out = {{"id", commit.id},
              {"title", commit.title},
              {"message", commit.message},
              {"authors", std::move(authors)},
              {"date", core::FormatIsoMillis(commit.date)}};
  if (formatted) {
    out["formatted"] = {{"title", HtmlEscape(commit.title)},
                        {"message", HtmlEscape(commit.message)}};
  }
  return out;
}

json RefsJson(const hub::Refs& refs, bool include_prs) {
  auto list = [](const std::vector<hub::RefInfo>& infos) {
    json out = json::array();
    for (const hub::RefInfo& ref : infos) {
      out.push_back({{"name", ref.name}, {"ref", ref.ref}, {"targetCommit", ref.target_commit}});
    }
    return out;
  };
  json out = {{"branches", list(refs.branches)},
              {"tags", list(refs.tags)},
              {"converts", list(refs.converts)}};
  if (include_prs) out["pullRequests"] = list(refs.pull_requests);
  return out;
}

namespace {

// Organisations get ids of their own range, so a user and an org never share an `id`.
std::string OrgId(int64_t org_id) { return Hex24(org_id | (int64_t{1} << 60)); }

// A scope's entity as the Hub's whoami-v2 describes fine-grained tokens (hub OpenAPI
// GetWhoamiV2 accessToken.fineGrained.scoped[].entity): repos by type, namespaces as user or org.
json ScopeJson(const hub::Caller& caller, const hub::TokenScope& scope) {
  std::string type;
  if (scope.kind == hub::TokenScope::Kind::kRepo) {
    type = std::string(core::RepoTypeName(scope.type));
  } else {
    type = scope.name == caller.name ? "user" : "org";
  }
  json permissions = json::array({"repo.content.read"});
  if (scope.write) permissions.push_back("repo.write");
  return {{"entity",
           {{"_id", core::Sha256Hex(type + ":" + scope.name).substr(0, 24)},
            {"type", type},
            {"name", scope.name}}},
          {"permissions", std::move(permissions)}};
}

}  // namespace

json WhoamiJson(const hub::Caller& caller) {
  json orgs = json::array();
  for (const hub::Membership& membership : caller.orgs) {
    orgs.push_back(
        {{"type", "org"},
         {"id", OrgId(membership.org_id)},
         {"name", membership.org},
         {"fullname", membership.org_fullname.empty() ? membership.org : membership.org_fullname},
         {"avatarUrl", ""},
         {"roleInOrg", hub::OrgRoleName(membership.role)}});
  }
  json token = {{"displayName", caller.token_display_name},
                {"role", caller.token_role},
                {"createdAt", core::FormatIsoMillis(caller.token_created_at)}};
  if (caller.token_role == "fineGrained") {
    json scoped = json::array();
    for (const hub::TokenScope& scope : caller.scopes) scoped.push_back(ScopeJson(caller, scope));
    token["fineGrained"] = {
        {"canReadGatedRepos", true}, {"global", json::array()}, {"scoped", std::move(scoped)}};
  }
  // §7: JS dereferences `auth` unguarded and Python 0.36's login reads role and displayName.
  return {{"type", "user"},
          {"id", Hex24(caller.user_id)},
          {"name", caller.name},
          {"fullname", caller.fullname.empty() ? caller.name : caller.fullname},
          {"email", caller.email},
          {"emailVerified", !caller.email.empty()},
          {"isPro", false},
          {"canPay", false},
          {"avatarUrl", ""},
          {"orgs", std::move(orgs)},
          {"auth", {{"type", "access_token"}, {"accessToken", std::move(token)}}}};
}

json AccessRequestJson(const hub::AccessRequest& request) {
  json user = {{"user", request.user},
               {"fullname", request.fullname.empty() ? request.user : request.fullname}};
  if (!request.email.empty()) user["email"] = request.email;
  json out = {{"user", std::move(user)},
              {"status", request.status},
              {"timestamp", core::FormatIsoMillis(request.timestamp)},
              {"fields", request.fields}};
  if (!request.rejection_reason.empty()) out["rejectionReason"] = request.rejection_reason;
  return out;
}

}  // namespace modelhub::server::api
