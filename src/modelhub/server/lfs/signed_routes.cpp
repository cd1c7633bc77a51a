// Signed LFS actions answered after the body is buffered (spec/hub-api.md §6.3): multipart
// completion, verify and download.
#include <memory>
#include <set>

#include "modelhub/server/api/routes.h"
#include "modelhub/server/http/error_response.h"
#include "modelhub/server/lfs/lfs_common.h"
#include "modelhub/server/lfs/lfs_routes.h"
#include "modelhub/server/lfs/signed_action.h"

namespace modelhub::server::lfs {
namespace {

using nlohmann::json;

core::Unexpected Bad(std::string message) {
  return core::Unexpected(core::ErrorCode::kBadRequest, std::move(message));
}

// Body {"oid", "parts": [{"partNumber", "etag"}]}. Part ETags are not compared: the assembled
// object is hashed against the signed oid, which covers every byte of every part.
core::Status CheckCompletion(const json& body, const SignedAction& action) {
  if (body.value("oid", json()) != action.oid) return Bad("'oid' does not match this upload");
  auto parts = body.find("parts");
  if (parts == body.end() || !parts->is_array()) return Bad("'parts' must be an array");
  const uint64_t count = PartCount(action.size, action.chunk_size);
  std::set<uint64_t> numbers;
  for (const json& part : *parts) {
    if (!part.is_object() || !part.contains("partNumber") ||
        !part["partNumber"].is_number_unsigned()) {
      return Bad("each part needs a 'partNumber'");
    }
    const uint64_t number = part["partNumber"].get<uint64_t>();
    if (number == 0 || number > count || !numbers.insert(number).second) {
      return Bad("invalid or repeated partNumber " + std::to_string(number));
    }
  }
  if (numbers.size() != count) {
    return Bad("expected " + std::to_string(count) + " parts, got " +
               std::to_string(numbers.size()));
  }
  return core::Ok();
}

core::Result<http::Response> Complete(api::RouteContext& context, const SignedAction& action) {
  MH_ASSIGN_OR_RETURN(json body, api::ParseJsonObject(context.request.body));
  MH_RETURN_IF_ERROR(CheckCompletion(body, action));
  MH_ASSIGN_OR_RETURN(hub::RepoKey key, ParseRepoField(action.repo));
  const MultipartStore store = MultipartStoreFor(context.options);
  MH_ASSIGN_OR_RETURN(std::unique_ptr<storage::BlobWriter> writer,
                      context.service.blobs().BeginWrite());
  MH_RETURN_IF_ERROR(store.Assemble(action.upload_id, action.size, action.chunk_size, *writer));
  auto committed = writer->Commit(action.oid, action.size);
  if (!committed) {
    // The parts add up to other bytes than the oid names: they are useless, drop them.
    store.Remove(action.upload_id);
    return core::Unexpected(committed.error());
  }
  store.Remove(action.upload_id);
  MH_RETURN_IF_ERROR(context.service.RecordLfsObject(key, action.oid, action.size));
  return LfsJson(json::object());
}

core::Result<http::Response> Verify(api::RouteContext& context, const SignedAction& action) {
  MH_ASSIGN_OR_RETURN(json body, api::ParseJsonObject(context.request.body));
  if (body.value("oid", json()) != action.oid) return Bad("'oid' does not match this object");
  MH_ASSIGN_OR_RETURN(std::optional<uint64_t> stored, context.service.blobs().Stat(action.oid));
  if (!stored) {
    return core::Unexpected(core::ErrorCode::kNotFound,
                            "Object " + action.oid + " was not uploaded");
  }
  const json size = body.value("size", json());
  if (*stored != action.size || !size.is_number_unsigned() || size.get<uint64_t>() != *stored) {
    return Bad("Object " + action.oid + " has size " + std::to_string(*stored));
  }
  return LfsJson(json::object());
}

core::Result<http::Response> Download(api::RouteContext& context, const SignedAction& action) {
  MH_ASSIGN_OR_RETURN(std::unique_ptr<storage::BlobFile> blob,
                      context.service.blobs().Open(action.oid));
  http::Response response;
  response.headers.Set("Content-Type", "application/octet-stream");
  response.headers.Set("ETag", "\"" + action.oid + "\"");
  if (context.request.method == "HEAD") {
    response.content_length = blob->size();
    return response;
  }
  std::shared_ptr<storage::BlobFile> owner = std::move(blob);
  response.file = http::FileBody{owner, owner->fd(), 0, owner->size()};
  return response;
}

}  // namespace

http::Response HandleSignedAction(api::RouteContext& context, std::string_view verb) {
  const bool download = verb == "download";
  const std::string& method = context.request.method;
  if (download ? (method != "GET" && method != "HEAD") : method != "POST") {
    return api::MethodNotAllowed();
  }
  if (verb != "complete" && verb != "verify" && !download) {
    return http::ErrorResponse({core::ErrorCode::kNotFound, "Unknown LFS action"});
  }
  auto result = [&]() -> core::Result<http::Response> {
    MH_ASSIGN_OR_RETURN(std::string secret, context.service.SigningSecret());
    MH_ASSIGN_OR_RETURN(SignedAction action,
                        VerifySignedQuery(secret, context.request.query, verb, NowSeconds()));
    if (verb == "complete") return Complete(context, action);
    if (verb == "verify") return Verify(context, action);
    return Download(context, action);
  }();
  return result ? std::move(*result) : http::ErrorResponse(result.error());
}

}  // namespace modelhub::server::lfs
