// The LFS batch API (spec/hub-api.md §6.3): which objects to send or fetch, and where.
#include <algorithm>

#include "modelhub/core/random.h"
#include "modelhub/server/api/routes.h"
#include "modelhub/server/http/error_response.h"
#include "modelhub/server/lfs/lfs_common.h"
#include "modelhub/server/lfs/lfs_routes.h"
#include "modelhub/server/lfs/signed_action.h"

namespace modelhub::server::lfs {
namespace {

using nlohmann::json;

struct BatchRequest {
  bool upload = false;
  bool multipart_offered = false;
  std::vector<hub::LfsObjectStatus> objects;
  std::vector<std::string> invalid;  // per object: why it is malformed ("" when valid)
};

core::Result<BatchRequest> ParseBatch(std::string_view body) {
  auto bad = [](std::string message) {
    return core::Unexpected(core::ErrorCode::kBadRequest, std::move(message));
  };
  MH_ASSIGN_OR_RETURN(json request, api::ParseJsonObject(body));
  BatchRequest out;
  const json operation = request.value("operation", json());
  if (operation != "upload" && operation != "download") {
    return bad("'operation' must be \"upload\" or \"download\"");
  }
  out.upload = operation == "upload";
  // Python says "sha256", JS "sha_256" (§6.3); git-lfs omits it.
  const json algo = request.value("hash_algo", json("sha256"));
  if (algo != "sha256" && algo != "sha_256") return bad("Only sha256 objects are supported");
  if (auto transfers = request.find("transfers"); transfers != request.end()) {
    if (!transfers->is_array()) return bad("'transfers' must be an array");
    out.multipart_offered =
        std::find(transfers->begin(), transfers->end(), json("multipart")) != transfers->end();
  }
  auto objects = request.find("objects");
  if (objects == request.end() || !objects->is_array()) return bad("'objects' must be an array");
  for (const json& object : *objects) {
    hub::LfsObjectStatus status;
    std::string why;
    if (!object.is_object() || !object.contains("oid") || !object["oid"].is_string() ||
        !IsSha256Hex(object["oid"].get<std::string>())) {
      why = "oid must be 64 lowercase hex digits";
    } else if (!object.contains("size") || !object["size"].is_number_unsigned()) {
      why = "size must be a non-negative integer";
    } else {
      status.oid = object["oid"].get<std::string>();
      status.size = object["size"].get<uint64_t>();
    }
    // Echo what the client sent, even for an invalid object, so it can match the error up.
    if (object.is_object() && object.contains("oid") && object["oid"].is_string()) {
      status.oid = object["oid"].get<std::string>();
    }
    if (object.is_object() && object.contains("size") && object["size"].is_number_unsigned()) {
      status.size = object["size"].get<uint64_t>();
    }
    out.objects.push_back(std::move(status));
    out.invalid.push_back(std::move(why));
  }
  return out;
}

std::string SignedUrl(const api::RouteContext& context, const std::string& secret,
                      const SignedAction& action) {
  return context.base_url + std::string(kSignedPathPrefix) + action.verb + "?" +
         SignedQuery(secret, action);
}

// The upload action: one signed PUT, or for multipart the completion URL with the part URLs in
// `header` (zero-padded keys like hf.co; clients sort the all-digit keys numerically).
json UploadAction(const api::RouteContext& context, const std::string& secret,
                  const SignedAction& base, bool multipart) {
  const int64_t ttl = context.options.signed_url_seconds;
  if (!multipart) {
    SignedAction upload = base;
    upload.verb = "upload";
    return {{"href", SignedUrl(context, secret, upload)}, {"expires_in", ttl}};
  }
  SignedAction complete = base;
  complete.verb = "complete";
  complete.upload_id = core::RandomHex(16);
  complete.chunk_size = context.options.multipart_chunk_size;
  json header = {{"chunk_size", std::to_string(complete.chunk_size)}};
  const uint64_t count = PartCount(base.size, complete.chunk_size);
  for (uint64_t part = 1; part <= count; ++part) {
    SignedAction put = complete;
    put.verb = "part";
    put.part = part;
    char key[16];
    std::snprintf(key, sizeof(key), "%05llu", static_cast<unsigned long long>(part));
    header[key] = SignedUrl(context, secret, put);
  }
  return {{"href", SignedUrl(context, secret, complete)}, {"header", header}, {"expires_in", ttl}};
}

}  // namespace

http::Response HandleBatch(api::RouteContext& context, const hub::RepoKey& key) {
  if (context.request.method != "POST") return api::MethodNotAllowed();
  auto fail = [&](const core::Error& error) {
    http::Response response = context.Error(error);
    // git-lfs asks its credential helper only when told which scheme to use (§8).
    if (response.status == 401)
      response.headers.Set("WWW-Authenticate", "Basic realm=\"modelhub\"");
    return response;
  };
  auto request = ParseBatch(context.request.body);
  if (!request) return fail(request.error());
  auto repo = context.CanonicalKey(key);
  if (!repo) return fail(repo.error());
  // Malformed objects get their own error entries; only the others go to the service.
  std::vector<hub::LfsObjectStatus> valid;
  for (size_t i = 0; i < request->objects.size(); ++i) {
    if (request->invalid[i].empty()) valid.push_back(request->objects[i]);
  }
  auto statuses = context.service.LfsBatch(context.caller, *repo, request->upload, valid);
  if (!statuses) return fail(statuses.error());
  if (statuses->size() != valid.size()) {
    return fail({core::ErrorCode::kInternal, "LFS batch answered a different set of objects"});
  }
  auto secret = context.service.SigningSecret();
  if (!secret) return fail(secret.error());

  const int64_t expires = NowSeconds() + context.options.signed_url_seconds;
  bool any_multipart = false;
  json objects = json::array();
  size_t next_valid = 0;
  for (size_t i = 0; i < request->objects.size(); ++i) {
    if (!request->invalid[i].empty()) {
      objects.push_back({{"oid", request->objects[i].oid},
                         {"size", request->objects[i].size},
                         {"error", {{"code", 422}, {"message", request->invalid[i]}}}});
      continue;
    }
    const hub::LfsObjectStatus& status = (*statuses)[next_valid++];
    json object = {{"oid", status.oid}, {"size", status.size}};
    if (status.error) {
      object["error"] = {{"code", 404}, {"message", *status.error}};
      objects.push_back(std::move(object));
      continue;
    }
    SignedAction base{"", RepoField(*repo), status.oid, status.size, "", 0, 0, expires};
    if (request->upload && status.present) {
      // Already stored (maybe by another repo): no actions, clients skip it (§6.3). The repo
      // must still own it for its lfsFile commit.
      auto recorded = context.service.RecordLfsObject(*repo, status.oid, status.size);
      if (!recorded) return fail(recorded.error());
    } else if (request->upload) {
      const bool multipart =
          request->multipart_offered && status.size > context.options.multipart_chunk_size;
      any_multipart = any_multipart || multipart;
      SignedAction verify = base;
      verify.verb = "verify";
      object["authenticated"] = true;
      object["actions"] = {{"upload", UploadAction(context, *secret, base, multipart)},
                           {"verify", {{"href", SignedUrl(context, *secret, verify)}}}};
    } else {
      SignedAction download = base;
      download.verb = "download";
      object["authenticated"] = true;
      object["actions"] = {{"download",
                            {{"href", SignedUrl(context, *secret, download)},
                             {"expires_in", context.options.signed_url_seconds}}}};
    }
    objects.push_back(std::move(object));
  }
  if (any_multipart)
    MultipartStoreFor(context.options).RemoveStale(2 * context.options.signed_url_seconds);
  // Never "xet": anything else keeps JS and Python <= 1.19 on plain LFS (§9).
  return LfsJson({{"transfer", any_multipart ? "multipart" : "basic"},
                  {"objects", std::move(objects)},
                  {"hash_algo", "sha256"}});
}

http::Response HandleLocksVerify(api::RouteContext& context) {
  if (context.request.method != "POST") return api::MethodNotAllowed();
  // 501 makes git-lfs turn lock verification off silently (spec §8). A 200 would make it print
  // "Locking support detected ... lfs.<url>.locksverify true" on every push, with the remote URL
  // and so the token in it.
  http::Response response = LfsJson({{"message", "File locking is not supported by this hub"}});
  response.status = 501;
  return response;
}

http::Response XetNotSupported() {
  return http::ErrorResponse(
      {core::ErrorCode::kNotImplemented,
       "This hub does not support Xet storage. Python clients with hf_xet installed must set "
       "HF_HUB_DISABLE_XET=1 to upload and download through plain LFS."});
}

}  // namespace modelhub::server::lfs
