// Streaming bodies of signed LFS PUTs (spec/hub-api.md §6.3): a basic upload goes straight into
// a BlobWriter (hashed on the way, committed only when sha256 and size match); a multipart part
// goes into a temporary part file renamed into place when complete.
#include <cstdio>
#include <memory>

#include "modelhub/core/random.h"
#include "modelhub/core/sha256.h"
#include "modelhub/server/api/routes.h"
#include "modelhub/server/http/error_response.h"
#include "modelhub/server/lfs/lfs_common.h"
#include "modelhub/server/lfs/lfs_routes.h"
#include "modelhub/server/lfs/signed_action.h"

namespace modelhub::server::lfs {
namespace {

core::Status TooLong() {
  return core::Unexpected(core::ErrorCode::kBadRequest,
                          "Upload is larger than the size announced in the batch request");
}

class BlobUploadSink : public http::BodySink {
 public:
  BlobUploadSink(hub::RepoService& service, hub::RepoKey key, SignedAction action,
                 std::unique_ptr<storage::BlobWriter> writer)
      : service_(service),
        key_(std::move(key)),
        action_(std::move(action)),
        writer_(std::move(writer)) {}

  core::Status Write(std::string_view chunk) override {
    if (writer_->BytesWritten() + chunk.size() > action_.size) return TooLong();
    return writer_->Write(chunk);
  }

  http::Response Finish() override {
    // Commit verifies sha256 and size and deletes the temporary file on a mismatch, so a bad
    // upload leaves nothing behind (DESIGN.md "Data and crash safety").
    auto committed = writer_->Commit(action_.oid, action_.size);
    if (!committed) return http::ErrorResponse(committed.error());
    auto recorded = service_.RecordLfsObject(key_, action_.oid, action_.size);
    if (!recorded) return http::ErrorResponse(recorded.error());
    http::Response response;
    response.status = 200;
    return response;
  }

 private:
  hub::RepoService& service_;
  hub::RepoKey key_;
  SignedAction action_;
  std::unique_ptr<storage::BlobWriter> writer_;
};

class PartSink : public http::BodySink {
 public:
  PartSink(std::string final_path, std::string temp_path, std::FILE* file, uint64_t expected)
      : final_path_(std::move(final_path)),
        temp_path_(std::move(temp_path)),
        file_(file),
        expected_(expected) {}
  ~PartSink() override {
    if (file_ != nullptr) std::fclose(file_);
    if (!renamed_) std::remove(temp_path_.c_str());
  }

  core::Status Write(std::string_view chunk) override {
    if (written_ + chunk.size() > expected_) return TooLong();
    if (std::fwrite(chunk.data(), 1, chunk.size(), file_) != chunk.size()) {
      return core::Unexpected(core::ErrorCode::kInternal, "Cannot write multipart part");
    }
    written_ += chunk.size();
    digest_.Update(chunk);
    return core::Ok();
  }

  http::Response Finish() override {
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!closed) return http::ErrorResponse({core::ErrorCode::kInternal, "Cannot write part"});
    if (written_ != expected_) {
      return http::ErrorResponse(
          {core::ErrorCode::kBadRequest, "Part has " + std::to_string(written_) +
                                             " bytes, expected " + std::to_string(expected_)});
    }
    if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
      return http::ErrorResponse({core::ErrorCode::kInternal, "Cannot store multipart part"});
    }
    renamed_ = true;
    http::Response response;
    // Clients require an ETag on every part and echo it in the completion call (§6.3).
    response.headers.Set("ETag", "\"" + digest_.FinishHex() + "\"");
    return response;
  }

 private:
  std::string final_path_;
  std::string temp_path_;
  std::FILE* file_;
  uint64_t expected_;
  uint64_t written_ = 0;
  bool renamed_ = false;
  core::Sha256 digest_;
};

http::BodyPlan Reject(http::Response response) {
  http::BodyPlan plan;
  plan.kind = http::BodyPlan::Kind::kReject;
  plan.rejection = std::move(response);
  return plan;
}

http::BodyPlan Stream(std::unique_ptr<http::BodySink> sink) {
  http::BodyPlan plan;
  plan.kind = http::BodyPlan::Kind::kStream;
  plan.sink = std::move(sink);
  return plan;
}

}  // namespace

http::BodyPlan PlanSignedUpload(hub::RepoService& service, const api::HubOptions& options,
                                const http::Request& request, std::string_view verb) {
  if (request.method != "PUT") return Reject(api::MethodNotAllowed());
  auto secret = service.SigningSecret();
  if (!secret) return Reject(http::ErrorResponse(secret.error()));
  auto action = VerifySignedQuery(*secret, request.query, verb, NowSeconds());
  if (!action) return Reject(http::ErrorResponse(action.error()));
  auto key = ParseRepoField(action->repo);
  if (!key) return Reject(http::ErrorResponse(key.error()));

  const bool part = verb == "part";
  const uint64_t expected =
      part ? PartSize(action->size, action->chunk_size, action->part) : action->size;
  if (part && expected == 0) {
    return Reject(http::ErrorResponse({core::ErrorCode::kBadRequest, "No such part"}));
  }
  // Refuse a wrong Content-Length before reading a byte of it.
  if (auto length = request.headers.Get("Content-Length");
      length && *length != std::to_string(expected)) {
    return Reject(http::ErrorResponse(
        {core::ErrorCode::kBadRequest,
         "Content-Length does not match the size announced in the batch request (" +
             std::to_string(expected) + ")"}));
  }

  if (!part) {
    auto writer = service.blobs().BeginWrite();
    if (!writer) return Reject(http::ErrorResponse(writer.error()));
    return Stream(std::make_unique<BlobUploadSink>(service, std::move(*key), std::move(*action),
                                                   std::move(*writer)));
  }
  const MultipartStore store = MultipartStoreFor(options);
  if (auto prepared = store.Prepare(action->upload_id); !prepared) {
    return Reject(http::ErrorResponse(prepared.error()));
  }
  std::string final_path = store.PartPath(action->upload_id, action->part);
  std::string temp_path = final_path + ".tmp-" + core::RandomHex(8);
  std::FILE* file = std::fopen(temp_path.c_str(), "wb");
  if (file == nullptr) {
    return Reject(http::ErrorResponse({core::ErrorCode::kInternal, "Cannot create part file"}));
  }
  return Stream(
      std::make_unique<PartSink>(std::move(final_path), std::move(temp_path), file, expected));
}

}  // namespace modelhub::server::lfs
