// Gated repos' access requests (spec/hub-api.md §7): the owner's endpoints that huggingface_hub
// calls (list_pending/accepted/rejected_access_requests, accept/reject/cancel_access_request,
// grant_access) and the user's request, which the Hub takes from its web form at
// POST /{prefix}{ns}/{name}/ask-access (also served under /api/{type}s/{ns}/{name}/ask-access);
// GET there gives the form: the card's extra_gated_prompt and extra_gated_fields.
#include "modelhub/server/api/json_render.h"
#include "modelhub/server/api/routes.h"

namespace modelhub::server::api {
namespace {

// The body as an object: JSON from API clients, form fields from a browser.
core::Result<nlohmann::json> BodyObject(const http::Request& request) {
  const std::string_view type = request.headers.Get("Content-Type").value_or("");
  if (type.starts_with("application/x-www-form-urlencoded")) {
    MH_ASSIGN_OR_RETURN(auto form, http::QueryParams::ParseForm(request.body));
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, value] : form.pairs()) out[name] = value;
    return out;
  }
  if (request.body.empty()) return nlohmann::json::object();
  return ParseJsonObject(request.body);
}

core::Result<std::string> UserField(const nlohmann::json& body) {
  auto user = body.find("user");
  if (user == body.end() || !user->is_string() || user->get_ref<const std::string&>().empty()) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "'user' (a user name) is required");
  }
  return user->get<std::string>();
}

http::Response ListRequests(RouteContext& context, const hub::RepoKey& key,
                            std::string_view status) {
  if (context.request.method != "GET") return MethodNotAllowed();
  auto requests = context.service.ListAccessRequests(context.caller, key, status);
  if (!requests) return context.Error(requests.error());
  nlohmann::json out = nlohmann::json::array();
  for (const hub::AccessRequest& request : *requests) out.push_back(AccessRequestJson(request));
  return JsonOk(out);
}

http::Response Handle(RouteContext& context, const hub::RepoKey& key) {
  if (context.request.method != "POST") return MethodNotAllowed();
  auto body = BodyObject(context.request);
  if (!body) return context.Error(body.error());
  auto user = UserField(*body);
  if (!user) return context.Error(user.error());
  auto status = body->find("status");
  if (status == body->end() || !status->is_string()) {
    return context.Error(
        {core::ErrorCode::kBadRequest, "'status' must be 'accepted', 'rejected' or 'pending'"});
  }
  std::string reason;
  if (auto given = body->find("rejectionReason"); given != body->end() && given->is_string()) {
    reason = given->get<std::string>();
  }
  auto done = context.service.HandleAccessRequest(context.caller, key, *user,
                                                  status->get<std::string>(), reason);
  if (!done) return context.Error(done.error());
  return JsonOk(nlohmann::json::object());
}

http::Response Grant(RouteContext& context, const hub::RepoKey& key) {
  if (context.request.method != "POST") return MethodNotAllowed();
  auto body = BodyObject(context.request);
  if (!body) return context.Error(body.error());
  auto user = UserField(*body);
  if (!user) return context.Error(user.error());
  auto done = context.service.GrantAccess(context.caller, key, *user);
  if (!done) return context.Error(done.error());
  return JsonOk({{"user", *user}, {"status", "accepted"}});
}

}  // namespace

http::Response HandleAccessRequests(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  if (rest.size() != 1) return context.Error({core::ErrorCode::kNotFound, "No such route"});
  auto canonical = context.CanonicalKey(key);
  if (!canonical) return context.Error(canonical.error());
  const std::string& verb = rest[0];
  if (verb == "pending" || verb == "accepted" || verb == "rejected") {
    return ListRequests(context, *canonical, verb);
  }
  if (verb == "handle") return Handle(context, *canonical);
  if (verb == "grant") return Grant(context, *canonical);
  return context.Error({core::ErrorCode::kNotFound, "No such route: user-access-request/" + verb});
}

http::Response HandleAskAccess(RouteContext& context, const hub::RepoKey& key) {
  const bool asking = context.request.method == "POST";
  if (!asking && context.request.method != "GET") return MethodNotAllowed();
  auto canonical = context.CanonicalKey(key);
  if (!canonical) return context.Error(canonical.error());
  if (!asking) {
    // The form to show before asking: the card's prompt and fields, and the caller's status.
    auto form = context.service.GetAccessForm(context.caller, *canonical);
    if (!form) return context.Error(form.error());
    return JsonOk(
        {{"gated", form->gated},
         {"prompt", form->prompt},
         {"fields", form->fields},
         {"status", form->status.empty() ? nlohmann::json() : nlohmann::json(form->status)}});
  }
  auto body = BodyObject(context.request);
  if (!body) return context.Error(body.error());
  // JSON clients may wrap the answers in "fields"; a browser form posts them at the top level.
  nlohmann::json answers = *body;
  if (auto fields = body->find("fields"); fields != body->end() && body->size() == 1) {
    answers = *fields;
  }
  auto status = context.service.RequestAccess(context.caller, *canonical, answers);
  if (!status) return context.Error(status.error());
  return JsonOk({{"status", *status}});
}

}  // namespace modelhub::server::api
