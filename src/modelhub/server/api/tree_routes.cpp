// Tree, paths-info, refs and commit history (spec/hub-api.md §5).
#include <algorithm>
#include <charconv>

#include "modelhub/core/ids.h"
#include "modelhub/server/api/json_render.h"
#include "modelhub/server/api/route_path.h"
#include "modelhub/server/api/routes.h"

namespace modelhub::server::api {
namespace {

using nlohmann::json;

// hf.co pages trees by about 1000 entries; lastCommit costs a history walk per entry, so
// expanded pages are smaller.
constexpr size_t kTreePage = 1000;
constexpr size_t kExpandedTreePage = 100;
constexpr size_t kCommitPage = 50;
constexpr size_t kMaxPage = 1000;

// A page position pinned to a commit: "<sha>:<offset>". Later pages read the same commit even
// when the branch moves, so that a listing stays consistent (§5).
struct Cursor {
  std::string commit;
  size_t offset = 0;
};

core::Result<std::optional<Cursor>> ParseCursor(const RouteContext& context) {
  auto text = context.query.Get("cursor");
  if (!text) return std::optional<Cursor>();
  const size_t colon = text->find(':');
  Cursor cursor;
  if (colon != std::string_view::npos) {
    cursor.commit = std::string(text->substr(0, colon));
    std::string_view number = text->substr(colon + 1);
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), cursor.offset);
    if (ec == std::errc() && end == number.data() + number.size() &&
        core::IsFullSha(cursor.commit)) {
      return std::optional<Cursor>(cursor);
    }
  }
  return core::Unexpected(core::ErrorCode::kBadRequest, "Invalid 'cursor'");
}

void AddNextLink(const RouteContext& context, http::Response& response, const std::string& commit,
                 size_t next_offset) {
  response.headers.Set(
      "Link", LinkHeader(NextPageUrl(context.base_url, context.request.path, context.request.query,
                                     commit + ":" + std::to_string(next_offset))));
}

core::Result<bool> ExpandFlag(const RouteContext& context) {
  return context.query.GetBool("expand", false);
}

core::Result<http::Response> Tree(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
  auto count = [&](const std::vector<std::string>& decoded, size_t max) {
    return context.service.RevisionSegments(context.caller, repo, decoded, max);
  };
  MH_ASSIGN_OR_RETURN(RevisionAndPath where, SplitRevisionAndPath(rest, false, count));
  if (!where.path.empty()) MH_RETURN_IF_ERROR(core::ValidateRepoPath(where.path));
  MH_ASSIGN_OR_RETURN(bool recursive, context.query.GetBool("recursive", false));
  MH_ASSIGN_OR_RETURN(bool expand, ExpandFlag(context));
  MH_ASSIGN_OR_RETURN(size_t limit,
                      ParseLimitParam(context, expand ? kExpandedTreePage : kTreePage, kMaxPage));
  MH_ASSIGN_OR_RETURN(std::optional<Cursor> cursor, ParseCursor(context));
  const std::string revision = cursor ? cursor->commit : where.revision;
  const size_t offset = cursor ? cursor->offset : 0;

  std::string commit;
  MH_ASSIGN_OR_RETURN(
      std::vector<hub::Entry> entries,
      context.service.ListTree(context.caller, repo, revision, where.path, recursive, &commit));
  const size_t first = std::min(offset, entries.size());
  const size_t last = std::min(entries.size(), first + limit);
  std::vector<hub::Entry> page(std::make_move_iterator(entries.begin() + first),
                               std::make_move_iterator(entries.begin() + last));
  if (expand)
    MH_RETURN_IF_ERROR(context.service.FillLastCommits(context.caller, repo, commit, page));
  json items = json::array();
  for (const hub::Entry& entry : page) items.push_back(EntryJson(entry, expand));
  http::Response response = JsonOk(items);
  if (last < entries.size()) AddNextLink(context, response, commit, last);
  return response;
}

// §5: Python sends a form body (`paths=a&paths=b&expand=False`), JS a JSON one.
core::Result<std::pair<std::vector<std::string>, bool>> PathsInfoBody(
    const http::Request& request) {
  std::vector<std::string> paths;
  bool expand = false;
  const std::string_view type = request.headers.Get("Content-Type").value_or("");
  if (type.find("json") != std::string_view::npos) {
    MH_ASSIGN_OR_RETURN(json body, ParseJsonObject(request.body));
    auto list = body.find("paths");
    if (list == body.end() || !list->is_array()) {
      return core::Unexpected(core::ErrorCode::kBadRequest, "'paths' must be an array");
    }
    for (const json& path : *list) {
      if (!path.is_string()) {
        return core::Unexpected(core::ErrorCode::kBadRequest, "'paths' must hold strings");
      }
      paths.push_back(path.get<std::string>());
    }
    auto flag = body.find("expand");
    expand = flag != body.end() && flag->is_boolean() && flag->get<bool>();
  } else {
    MH_ASSIGN_OR_RETURN(http::QueryParams form, http::QueryParams::ParseForm(request.body));
    for (std::string_view path : form.GetAll("paths")) paths.emplace_back(path);
    MH_ASSIGN_OR_RETURN(expand, form.GetBool("expand", false));
  }
  for (std::string& path : paths) {
    if (path.size() > 1 && path.back() == '/') path.pop_back();
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(path));
  }
  return std::make_pair(std::move(paths), expand);
}

core::Result<http::Response> PathsInfo(RouteContext& context, const hub::RepoKey& key,
                                       Segments rest) {
  MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
  MH_ASSIGN_OR_RETURN(std::string revision,
                      rest.empty() ? core::Result<std::string>("main") : DecodeJoined(rest));
  MH_ASSIGN_OR_RETURN(auto body, PathsInfoBody(context.request));
  std::string commit;
  MH_ASSIGN_OR_RETURN(
      std::vector<hub::Entry> entries,
      context.service.PathsInfo(context.caller, repo, revision, body.first, &commit));
  if (body.second) {
    MH_RETURN_IF_ERROR(context.service.FillLastCommits(context.caller, repo, commit, entries));
  }
  json items = json::array();
  for (const hub::Entry& entry : entries) items.push_back(EntryJson(entry, body.second));
  return JsonOk(items);
}

core::Result<http::Response> Commits(RouteContext& context, const hub::RepoKey& key,
                                     Segments rest) {
  MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
  // JS sends the revision raw (§1), so every remaining segment belongs to it.
  MH_ASSIGN_OR_RETURN(std::string revision,
                      rest.empty() ? core::Result<std::string>("HEAD") : DecodeJoined(rest));
  MH_ASSIGN_OR_RETURN(size_t limit, ParseLimitParam(context, kCommitPage, kMaxPage));
  MH_ASSIGN_OR_RETURN(std::optional<Cursor> cursor, ParseCursor(context));
  if (cursor) revision = cursor->commit;
  const size_t skip = cursor ? cursor->offset : 0;
  bool formatted = false;
  for (std::string_view value : context.query.GetAll("expand")) formatted |= value == "formatted";

  size_t total = 0;
  MH_ASSIGN_OR_RETURN(
      std::vector<hub::CommitSummary> commits,
      context.service.ListCommits(context.caller, repo, revision, skip, limit, &total));
  json items = json::array();
  for (const hub::CommitSummary& commit : commits) items.push_back(CommitJson(commit, formatted));
  http::Response response = JsonOk(items);
  if (!commits.empty() && skip + commits.size() < total) {
    // Pin later pages to the head this page started from.
    const std::string head = cursor ? cursor->commit : commits.front().id;
    AddNextLink(context, response, head, skip + commits.size());
  }
  return response;
}

// Adapts a Result-returning body to a Response, so the bodies above can use MH_ macros.
template <typename F>
http::Response Run(RouteContext& context, F&& body) {
  core::Result<http::Response> result = body();
  return result ? std::move(*result) : context.Error(result.error());
}

}  // namespace

http::Response HandleTree(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (context.request.method != "GET") return MethodNotAllowed();
  return Run(context, [&]() -> core::Result<http::Response> { return Tree(context, key, rest); });
}

http::Response HandlePathsInfo(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (context.request.method != "POST") return MethodNotAllowed();
  return Run(context,
             [&]() -> core::Result<http::Response> { return PathsInfo(context, key, rest); });
}

http::Response HandleRefs(RouteContext& context, const hub::RepoKey& key) {
  if (context.request.method != "GET") return MethodNotAllowed();
  return Run(context, [&]() -> core::Result<http::Response> {
    MH_ASSIGN_OR_RETURN(hub::RepoKey repo, context.CanonicalKey(key));
    MH_ASSIGN_OR_RETURN(bool include_prs, context.query.GetBool("include_prs", false));
    MH_ASSIGN_OR_RETURN(hub::Refs refs,
                        context.service.ListRefs(context.caller, repo, include_prs));
    return JsonOk(RefsJson(refs, include_prs));
  });
}

http::Response HandleCommits(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (context.request.method != "GET") return MethodNotAllowed();
  return Run(context,
             [&]() -> core::Result<http::Response> { return Commits(context, key, rest); });
}

}  // namespace modelhub::server::api
