#include "modelhub/client/uploader.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "modelhub/core/encoding.h"
#include "modelhub/core/sha256.h"

namespace modelhub::client {
namespace fs = std::filesystem;
using core::ErrorCode;
using core::Unexpected;
using nlohmann::json;

namespace {

// Python chunks preupload and LFS batch calls by 256 files (spec/hub-api.md §6.2).
constexpr size_t kBatchSize = 256;
constexpr size_t kSampleSize = 512;

core::Unexpected IoError(const std::string& what, const fs::path& path, int error) {
  return Unexpected(ErrorCode::kInternal, what + " " + path.string() + ": " + std::strerror(error));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

core::Result<std::string> ReadPrefix(const fs::path& path, uint64_t limit) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("cannot open", path, errno);
  std::string data;
  data.resize(static_cast<size_t>(limit));
  size_t have = 0;
  while (have < data.size()) {
    ssize_t got = ::read(fd.get(), data.data() + have, data.size() - have);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return IoError("cannot read", path, errno);
    if (got == 0) break;
    have += static_cast<size_t>(got);
  }
  data.resize(have);
  return data;
}

core::Result<std::string> Sha256OfFile(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("cannot open", path, errno);
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  core::Sha256 digest;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return IoError("cannot read", path, errno);
    if (got == 0) break;
    digest.Update(buffer.data(), static_cast<size_t>(got));
  }
  return digest.FinishHex();
}

// Runs `work(i)` for i in [0, count) on up to `workers` threads; the first error wins.
core::Status ParallelFor(size_t count, int workers,
                         const std::function<core::Status(size_t)>& work) {
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::optional<core::Error> first_error;
  auto loop = [&] {
    for (;;) {
      size_t i = next++;
      if (i >= count) return;
      {
        std::lock_guard guard(mutex);
        if (first_error) return;
      }
      core::Status status = work(i);
      if (!status) {
        std::lock_guard guard(mutex);
        if (!first_error) first_error = status.error();
      }
    }
  };
  size_t threads_wanted = std::min<size_t>(count, static_cast<size_t>(std::max(workers, 1)));
  std::vector<std::thread> threads;
  for (size_t t = 1; t < threads_wanted; ++t) threads.emplace_back(loop);
  loop();
  for (std::thread& thread : threads) thread.join();
  if (first_error) return Unexpected(*first_error);
  return core::Ok();
}

// Send() with a retry loop for bodies read from a file (Send buffers and retries `body` only).
core::Result<HttpResponse> SendWithRetries(const HttpClient& http, const HttpRequest& request) {
  for (int attempt = 1;; ++attempt) {
    core::Result<HttpResponse> response = http.Stream(request, nullptr);
    if (!response) {
      if (!http.BackOff(attempt, nullptr)) return response;
      continue;
    }
    if (response->status < 400) return response;
    if (!RetryPolicy::IsRetryableStatus(response->status) || !http.BackOff(attempt, &*response)) {
      return Unexpected(HttpClient::ErrorFor(*response, request.url));
    }
  }
}

struct PendingFile {
  const LocalFile* file;
  PreuploadAnswer answer;
  std::string content;  // regular files
  std::string oid;      // lfs
  bool unchanged = false;
};

// One LFS object in flight: its parts share one fd and finish with completion + verify.
struct ObjectUpload {
  LfsUpload plan;
  const LocalFile* file = nullptr;
  std::unique_ptr<Fd> fd;
  std::vector<std::string> etags;
  std::atomic<size_t> parts_left{0};
  int progress_id = 0;
};

}  // namespace

std::string Uploader::ApiUrl(const std::string& action) const {
  return options_.endpoint + "/api/" + std::string(core::RepoTypePlural(options_.repo.type)) + "/" +
         options_.repo.id + "/" + action + "/" + core::PercentEncode(options_.revision) +
         (options_.create_pr ? "?create_pr=1" : "");
}

core::Result<bool> Uploader::EnsureRepo(const HttpClient& http) const {
  size_t slash = options_.repo.id.find('/');
  json body = {{"name", options_.repo.id.substr(slash + 1)},
               {"organization", options_.repo.id.substr(0, slash)},
               {"type", std::string(core::RepoTypeName(options_.repo.type))},
               {"private", options_.private_repo},
               {"visibility", options_.private_repo ? "private" : "public"}};
  if (options_.repo.type == core::RepoType::kSpace) body["sdk"] = "static";
  HttpRequest create;
  create.method = "POST";
  create.url = options_.endpoint + "/api/repos/create";
  create.headers.push_back("Content-Type: application/json");
  create.body = body.dump();
  core::Result<HttpResponse> created = http.Send(create);
  if (created) return true;
  ErrorCode code = created.error().code;
  if (code == ErrorCode::kConflict) return false;  // exists: fine (create_repo exist_ok=True)
  // No right to create here (someone else's namespace): fine if the repo is there already.
  if (code == ErrorCode::kUnauthorized || code == ErrorCode::kForbidden) {
    HttpRequest probe;
    probe.url = options_.endpoint + "/api/" +
                std::string(core::RepoTypePlural(options_.repo.type)) + "/" + options_.repo.id;
    if (http.Send(probe)) return false;
  }
  return Unexpected(created.error());
}

core::Result<UploadResult> Uploader::Run() {
  MH_ASSIGN_OR_RETURN(std::vector<LocalFile> files,
                      CollectUploadFiles(options_.source, options_.path_in_repo, options_.include,
                                         options_.exclude));
  HttpClient http(options_.token, RetryPolicy{});
  UploadResult result;
  MH_ASSIGN_OR_RETURN(result.created_repo, EnsureRepo(http));
  if (result.created_repo) progress_.Message("created " + options_.repo.id);

  // 1. Preupload: how each file travels, whether it is ignored, and its remote oid.
  std::vector<PendingFile> pending;
  for (size_t begin = 0; begin < files.size(); begin += kBatchSize) {
    size_t end = std::min(files.size(), begin + kBatchSize);
    std::vector<PreuploadEntry> entries;
    std::optional<std::string> git_ignore;
    for (size_t i = begin; i < end; ++i) {
      MH_ASSIGN_OR_RETURN(std::string sample, ReadPrefix(files[i].local, kSampleSize));
      if (files[i].path == ".gitignore") {
        MH_ASSIGN_OR_RETURN(git_ignore, ReadPrefix(files[i].local, files[i].size));
      }
      entries.push_back({files[i].path, files[i].size, std::move(sample)});
    }
    HttpRequest request;
    request.method = "POST";
    request.url = ApiUrl("preupload");
    request.headers.push_back("Content-Type: application/json");
    request.body = PreuploadBody(entries, git_ignore);
    MH_ASSIGN_OR_RETURN(HttpResponse response, http.Send(request));
    MH_ASSIGN_OR_RETURN(auto answers, ParsePreupload(response.body));
    for (size_t i = begin; i < end; ++i) {
      auto it = answers.find(files[i].path);
      if (it == answers.end()) {
        return Unexpected(ErrorCode::kBadRequest, "preupload did not answer for " + files[i].path);
      }
      if (it->second.should_ignore) continue;
      PendingFile file{&files[i], it->second, "", "", false};
      if (files[i].size == 0) file.answer.lfs = false;  // as huggingface_hub does
      pending.push_back(std::move(file));
    }
  }

  // 2. Hash LFS files, read regular ones; drop what the remote already has (its oid matches).
  uint64_t lfs_bytes = 0;
  for (const PendingFile& file : pending) {
    if (file.answer.lfs) lfs_bytes += file.file->size;
  }
  if (lfs_bytes > 0) progress_.Message("hashing " + FormatBytes(static_cast<double>(lfs_bytes)));
  core::Status read =
      ParallelFor(pending.size(), options_.max_workers, [&](size_t i) -> core::Status {
        PendingFile& file = pending[i];
        if (file.answer.lfs) {
          MH_ASSIGN_OR_RETURN(file.oid, Sha256OfFile(file.file->local));
          file.unchanged = file.answer.remote_oid == file.oid;
        } else {
          MH_ASSIGN_OR_RETURN(file.content, ReadPrefix(file.file->local, file.file->size));
          file.unchanged = file.answer.remote_oid == core::GitBlobSha1(file.content);
        }
        return core::Ok();
      });
  MH_RETURN_IF_ERROR(read);
  std::erase_if(pending, [](const PendingFile& file) { return file.unchanged; });

  if (pending.empty()) {
    // Nothing to commit: like huggingface_hub, report the current head instead.
    result.no_changes = true;
    HubApi api(http, options_.endpoint);
    MH_ASSIGN_OR_RETURN(RevisionInfo info, api.Revision(options_.repo, options_.revision));
    result.commit = info.commit;
    result.commit_url = options_.endpoint + "/" +
                        std::string(core::RepoTypeUrlPrefix(options_.repo.type)) +
                        options_.repo.id + "/commit/" + info.commit;
    return result;
  }

  // 3. LFS batch (one object per oid), then the transfers it asks for, in parallel.
  std::map<std::string, const LocalFile*> by_oid;
  for (const PendingFile& file : pending) {
    if (file.answer.lfs) by_oid.emplace(file.oid, file.file);
  }
  std::vector<LfsObject> objects;
  for (const auto& [oid, file] : by_oid) objects.push_back({oid, file->size});
  std::vector<std::unique_ptr<ObjectUpload>> uploads;
  for (size_t begin = 0; begin < objects.size(); begin += kBatchSize) {
    std::vector<LfsObject> chunk(objects.begin() + static_cast<std::ptrdiff_t>(begin),
                                 objects.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                       objects.size(), begin + kBatchSize)));
    HttpRequest request;
    request.method = "POST";
    request.url = options_.endpoint + "/" +
                  std::string(core::RepoTypeUrlPrefix(options_.repo.type)) + options_.repo.id +
                  ".git/info/lfs/objects/batch";
    request.headers = {"Accept: application/vnd.git-lfs+json",
                       "Content-Type: application/vnd.git-lfs+json"};
    // PRs do not exist yet, so (like JS) no ref for them.
    request.body = LfsBatchBody(chunk, options_.create_pr ? "" : options_.revision);
    MH_ASSIGN_OR_RETURN(HttpResponse response, http.Send(request));
    MH_ASSIGN_OR_RETURN(std::vector<LfsUpload> answers, ParseLfsBatch(response.body));
    for (LfsUpload& answer : answers) {
      auto it = by_oid.find(answer.oid);
      if (it == by_oid.end()) {
        return Unexpected(ErrorCode::kBadRequest,
                          "LFS batch answered an unknown oid " + answer.oid);
      }
      if (!answer.needed) continue;
      auto upload = std::make_unique<ObjectUpload>();
      upload->plan = std::move(answer);
      upload->file = it->second;
      uploads.push_back(std::move(upload));
    }
  }
  struct Task {
    ObjectUpload* object;
    size_t part;  // index into part_urls; single PUTs use 0
  };
  std::vector<Task> tasks;
  for (auto& upload : uploads) {
    upload->fd = std::make_unique<Fd>(::open(upload->file->local.c_str(), O_RDONLY | O_CLOEXEC));
    if (upload->fd->get() < 0) return IoError("cannot open", upload->file->local, errno);
    size_t parts = upload->plan.chunk_size > 0 ? upload->plan.part_urls.size() : 1;
    upload->etags.resize(parts);
    upload->parts_left = parts;
    upload->progress_id = progress_.AddFile(upload->file->path, upload->plan.size, 0);
    for (size_t part = 0; part < parts; ++part) tasks.push_back({upload.get(), part});
  }
  auto finish_object = [&](ObjectUpload& object) -> core::Status {
    const LfsUpload& plan = object.plan;
    if (plan.chunk_size > 0) {
      HttpRequest complete;
      complete.method = "POST";
      complete.url = plan.href;
      complete.send_token = false;  // the href is signed (§6.3)
      complete.headers = {"Accept: application/vnd.git-lfs+json",
                          "Content-Type: application/vnd.git-lfs+json"};
      complete.body = MultipartCompletionBody(plan.oid, object.etags);
      MH_RETURN_IF_ERROR(http.Send(complete));
    }
    if (!plan.verify_href.empty()) {
      HttpRequest verify;
      verify.method = "POST";
      verify.url = plan.verify_href;
      verify.headers = plan.verify_headers;
      verify.headers.push_back("Accept: application/vnd.git-lfs+json");
      verify.headers.push_back("Content-Type: application/vnd.git-lfs+json");
      verify.body = json{{"oid", plan.oid}, {"size", plan.size}}.dump();
      MH_RETURN_IF_ERROR(http.Send(verify));
    }
    progress_.FinishFile(object.progress_id);
    return core::Ok();
  };
  core::Status sent =
      ParallelFor(tasks.size(), options_.max_workers, [&](size_t i) -> core::Status {
        ObjectUpload& object = *tasks[i].object;
        const LfsUpload& plan = object.plan;
        size_t part = tasks[i].part;
        HttpRequest put;
        put.method = "PUT";
        put.send_token = false;  // huggingface_hub sends no headers to the signed href (§6.3)
        put.body_fd = object.fd->get();
        if (plan.chunk_size > 0) {
          put.url = plan.part_urls[part];
          put.body_offset = part * plan.chunk_size;
          put.body_length = std::min(plan.chunk_size, plan.size - put.body_offset);
        } else {
          put.url = plan.href;
          put.body_length = plan.size;
        }
        put.headers.push_back("Content-Type: application/octet-stream");
        int id = object.progress_id;
        put.on_body_sent = [this, id](uint64_t bytes) { progress_.Advance(id, bytes); };
        MH_ASSIGN_OR_RETURN(HttpResponse response, SendWithRetries(http, put));
        if (plan.chunk_size > 0) {
          object.etags[part] = response.Header("etag");
          if (object.etags[part].empty()) {
            return Unexpected(ErrorCode::kBadRequest, "part " + std::to_string(part + 1) + " of " +
                                                          object.file->path +
                                                          " was answered without an ETag");
          }
        }
        if (--object.parts_left == 0) return finish_object(object);
        return core::Ok();
      });
  MH_RETURN_IF_ERROR(sent);
  result.lfs_uploaded = uploads.size();

  // 4. The commit: regular files inline (base64), LFS files by oid.
  std::vector<CommitOperation> operations;
  for (PendingFile& file : pending) {
    CommitOperation operation;
    operation.path = file.file->path;
    operation.lfs = file.answer.lfs;
    operation.oid = file.oid;
    operation.size = file.file->size;
    operation.content = std::move(file.content);
    operations.push_back(std::move(operation));
  }
  std::string summary = options_.summary;
  if (summary.empty()) {
    summary = files.size() == 1 && !fs::is_directory(options_.source)
                  ? "Upload " + files[0].path + " with modelhub"
                  : "Upload folder using modelhub";
  }
  HttpRequest commit;
  commit.method = "POST";
  commit.url = ApiUrl("commit");
  commit.headers.push_back("Content-Type: application/x-ndjson");
  commit.body = CommitNdjson(summary, options_.description, operations);
  progress_.Message("committing " + std::to_string(operations.size()) + " file(s)");
  MH_ASSIGN_OR_RETURN(HttpResponse response, http.Send(commit));
  json answer = json::parse(response.body, nullptr, false);
  if (!answer.is_object() || !answer.contains("commitOid") || !answer["commitOid"].is_string()) {
    return Unexpected(ErrorCode::kBadRequest, "the commit answer has no commitOid");
  }
  result.commit = answer["commitOid"];
  result.commit_url = answer.value("commitUrl", "");
  if (auto pr = answer.find("pullRequestUrl"); pr != answer.end() && pr->is_string()) {
    result.pull_request_url = *pr;
  }
  result.files_committed = operations.size();
  return result;
}

}  // namespace modelhub::client
