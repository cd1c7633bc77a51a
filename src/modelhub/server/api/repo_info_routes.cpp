// Repo info, auth-check, listings and whoami (spec/hub-api.md §3, §4, §7).
#include <charconv>

#include "modelhub/search/query.h"
#include "modelhub/server/api/json_render.h"
#include "modelhub/server/api/route_path.h"
#include "modelhub/server/api/routes.h"

namespace modelhub::server::api {
namespace {

InfoSelection SelectionFromQuery(const RouteContext& context) {
  InfoSelection selection;
  // `expand` and `expand[]` are one key (§1); unknown keys are simply never rendered (§3).
  for (std::string_view key : context.query.GetAll("expand")) selection.keys.emplace(key);
  return selection;
}

}  // namespace

core::Result<size_t> ParseLimitParam(const RouteContext& context, size_t fallback, size_t max) {
  auto text = context.query.Get("limit");
  if (!text) return fallback;
  size_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value == 0) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "'limit' must be a positive integer");
  }
  return std::min(value, max);
}

http::Response HandleRepoInfo(RouteContext& context, const hub::RepoKey& key, Segments revision) {
  if (context.request.method != "GET" && context.request.method != "HEAD") {
    return MethodNotAllowed();
  }
  auto repo = context.CanonicalKey(key);
  if (!repo) return context.Error(repo.error());
  // JS asks for /revision/HEAD by default (§1); no revision means the default branch too.
  auto name =
      revision.empty() ? core::Result<std::string>(std::string("HEAD")) : DecodeJoined(revision);
  if (!name) return context.Error(name.error());
  InfoSelection selection = SelectionFromQuery(context);
  auto blobs = context.query.GetBool("blobs", false);
  if (!blobs) return context.Error(blobs.error());
  selection.blobs = *blobs;
  auto info = context.service.Info(context.caller, *repo, *name);
  if (!info) return context.Error(info.error());
  return JsonOk(RepoInfoJson(*info, selection));
}

http::Response HandleAuthCheck(RouteContext& context, const hub::RepoKey& key, bool write) {
  if (context.request.method != "GET") return MethodNotAllowed();
  auto repo = context.CanonicalKey(key);
  if (!repo) return context.Error(repo.error());
  if (write && !hub::CanWrite(context.caller, repo->id.ns)) {
    if (context.caller.anonymous()) {
      return context.Error({core::ErrorCode::kUnauthorized, "You must be authenticated to write"});
    }
    return context.Error(
        {core::ErrorCode::kForbidden, "You don't have write access to " + repo->id.ToString()});
  }
  return JsonOk(nlohmann::json::object());
}

http::Response HandleListRepos(RouteContext& context, core::RepoType type) {
  if (context.request.method != "GET") return MethodNotAllowed();
  auto query = search::ParseCatalogQuery(type, context.query.pairs());
  if (!query) return context.Error(query.error());

  InfoSelection selection = SelectionFromQuery(context);
  auto full = context.query.GetBool("full", false);
  if (!full) return context.Error(full.error());
  if (*full) {
    selection.keys.clear();
  } else if (selection.keys.empty()) {
    // hf.co's listing shape without `full` (§4): no siblings or card.
    selection.keys = {"author",       "private",      "gated",        "disabled",  "downloads",
                      "likes",        "tags",         "sha",          "createdAt", "lastModified",
                      "pipeline_tag", "library_name", "trendingScore"};
    for (const char* flag : {"cardData", "config"}) {
      auto wanted = context.query.GetBool(flag, false);
      if (!wanted) return context.Error(wanted.error());
      if (*wanted) selection.keys.emplace(flag);
    }
  }

  // Every field comes from the index rows: a page costs one query, not one repo read per repo.
  auto page = context.service.Search(context.caller, *query);
  if (!page) return context.Error(page.error());
  nlohmann::json items = nlohmann::json::array();
  for (const hub::RepoInfo& info : page->repos) items.push_back(RepoInfoJson(info, selection));
  http::Response response = JsonOk(items);
  if (page->next_cursor) {
    response.headers.Set("Link",
                         LinkHeader(NextPageUrl(context.base_url, context.request.path,
                                                context.request.query, *page->next_cursor)));
  }
  return response;
}

http::Response HandleWhoami(RouteContext& context) {
  if (context.request.method != "GET") return MethodNotAllowed();
  if (context.caller.anonymous()) {
    return context.Error(
        {core::ErrorCode::kUnauthorized, "Invalid credentials in Authorization header"});
  }
  return JsonOk(WhoamiJson(context.caller));
}

}  // namespace modelhub::server::api
