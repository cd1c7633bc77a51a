// Repo info, auth-check, listings and whoami (spec/hub-api.md §3, §4, §7).
#include <charconv>

#include "modelhub/search/query.h"
#include "modelhub/server/api/json_render.h"
#include "modelhub/server/api/route_path.h"
#include "modelhub/server/api/routes.h"
#include "modelhub/server/http/error_response.h"

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
  auto repo = context.service.FindRepo(context.caller, key);
  if (!repo) return context.Error(repo.error());
  const hub::RepoRecord& record = repo->record;
  if (write && !hub::CanWrite(context.caller, record.key, record.created_by)) {
    if (context.caller.anonymous()) {
      return context.Error({core::ErrorCode::kUnauthorized, "You must be authenticated to write"});
    }
    return context.Error({core::ErrorCode::kForbidden,
                          "You don't have write access to " + record.key.id.ToString()});
  }
  return JsonOk(nlohmann::json::object());
}

// Everything a listing page depends on besides the data (listing_cache.h).
std::string ListingCacheKey(const RouteContext& context, core::RepoType type) {
  std::string key(core::RepoTypeName(type));
  for (std::string_view part :
       {std::string_view(context.base_url), std::string_view(context.request.query),
        context.request.headers.Get("Authorization").value_or("")}) {
    key += '\n';
    key += part;
  }
  return key;
}

http::Response ListingResponse(const ListingCache::Page& page) {
  http::Response response = http::JsonResponse(200, page.body);
  if (!page.link.empty()) response.headers.Set("Link", page.link);
  return response;
}

http::Response HandleListRepos(RouteContext& context, core::RepoType type) {
  if (context.request.method != "GET") return MethodNotAllowed();
  auto query = search::ParseCatalogQuery(type, context.query.pairs());
  if (!query) return context.Error(query.error());

  // The version is read before the search, so a stored page is never older than its version.
  std::optional<uint64_t> version;
  std::string cache_key;
  if (context.listing_cache.enabled()) {
    if (auto current = context.service.CatalogVersion()) {
      version = *current;
      cache_key = ListingCacheKey(context, type);
      if (auto page = context.listing_cache.Find(cache_key, *version)) {
        return ListingResponse(*page);
      }
    }
  }

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

  query->wide.card_data = selection.Wants("cardData") || selection.Wants("model-index");
  query->wide.config = selection.Wants("config");
  query->wide.siblings = selection.Wants("siblings");
  // Every field comes from the index rows: a page costs one query, not one repo read per repo.
  auto page = context.service.Search(context.caller, *query);
  if (!page) return context.Error(page.error());
  nlohmann::json items = nlohmann::json::array();
  for (const hub::RepoInfo& info : page->repos) items.push_back(RepoInfoJson(info, selection));
  ListingCache::Page rendered{DumpJson(items), ""};
  if (page->next_cursor) {
    rendered.link = LinkHeader(NextPageUrl(context.base_url, context.request.path,
                                           context.request.query, *page->next_cursor));
  }
  http::Response response = ListingResponse(rendered);
  if (version) context.listing_cache.Store(cache_key, *version, std::move(rendered));
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
