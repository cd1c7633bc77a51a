// Likes (spec/hub-api.md §6.1 "Likes"): POST/DELETE /api/{type}s/{id}/like,
// GET /api/{type}s/{id}/likers and GET /api/users/{user}/likes, in huggingface_hub's shapes.
#include "modelhub/core/time.h"
#include "modelhub/server/api/json_render.h"
#include "modelhub/server/api/routes.h"

namespace modelhub::server::api {

http::Response HandleLike(RouteContext& context, const hub::RepoKey& key) {
  const bool like = context.request.method == "POST";
  if (!like && context.request.method != "DELETE") return MethodNotAllowed();
  auto canonical = context.CanonicalKey(key);
  if (!canonical) return context.Error(canonical.error());
  if (auto done = context.service.Like(context.caller, *canonical, like); !done) {
    return context.Error(done.error());
  }
  return JsonOk(nlohmann::json::object());
}

http::Response HandleLikers(RouteContext& context, const hub::RepoKey& key) {
  if (context.request.method != "GET") return MethodNotAllowed();
  auto canonical = context.CanonicalKey(key);
  if (!canonical) return context.Error(canonical.error());
  auto likers = context.service.ListLikers(context.caller, *canonical);
  if (!likers) return context.Error(likers.error());
  nlohmann::json out = nlohmann::json::array();
  for (const hub::Liker& liker : *likers) {
    // huggingface_hub's list_repo_likers reads user, fullname and avatarUrl.
    out.push_back({{"user", liker.user},
                   {"fullname", liker.fullname},
                   {"avatarUrl", context.base_url + "/avatars/" + liker.user},
                   {"type", "user"}});
  }
  return JsonOk(out);
}

http::Response HandleUserLikes(RouteContext& context, const std::string& user) {
  if (context.request.method != "GET") return MethodNotAllowed();
  auto liked = context.service.ListLikes(context.caller, user);
  if (!liked) return context.Error(liked.error());
  nlohmann::json out = nlohmann::json::array();
  for (const hub::LikedRepo& repo : *liked) {
    out.push_back({{"createdAt", core::FormatIsoMillis(repo.created_at)},
                   {"repo",
                    {{"name", repo.key.id.ToString()},
                     {"type", std::string(core::RepoTypeName(repo.key.type))}}}});
  }
  return JsonOk(out);
}

}  // namespace modelhub::server::api
