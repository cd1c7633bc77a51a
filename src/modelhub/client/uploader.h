// `upload_folder` / `upload_file` in C++ (spec/hub-api.md §6): creates the repo when missing,
// asks preupload how each file travels (regular in the commit, or LFS), skips files whose remote
// oid already matches, uploads LFS objects in parallel (single PUT or multipart with completion,
// then verify), and sends one NDJSON commit. One Uploader per command; Run() blocks.
#ifndef MODELHUB_CLIENT_UPLOADER_H_
#define MODELHUB_CLIENT_UPLOADER_H_

#include <filesystem>
#include <string>
#include <vector>

#include "modelhub/client/hub_api.h"
#include "modelhub/client/progress.h"
#include "modelhub/client/upload_plan.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

struct UploadOptions {
  std::string endpoint;
  std::string token;
  RepoRef repo;
  std::filesystem::path source;  // a file or a folder
  std::string path_in_repo;      // "" = the file's name / the repo root
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string revision = "main";
  bool create_pr = false;
  bool private_repo = false;  // only when the repo is created
  std::string summary;        // "" = huggingface_hub-like default
  std::string description;
  int max_workers = 8;
};

struct UploadResult {
  std::string commit;  // the new commit, or the current head when nothing changed
  std::string commit_url;
  std::string pull_request_url;  // with create_pr
  bool created_repo = false;
  bool no_changes = false;  // every file already matched the remote: no commit was made
  size_t files_committed = 0;
  size_t lfs_uploaded = 0;  // LFS objects actually sent (others were already stored)
};

class Uploader {
 public:
  Uploader(UploadOptions options, Progress& progress)
      : options_(std::move(options)), progress_(progress) {}

  // Errors: NotFound / BadRequest for the local source, RepoNotFound / RevisionNotFound,
  // Unauthorized / Forbidden, Conflict, Unavailable (network after retries), Internal (local I/O).
  core::Result<UploadResult> Run();

 private:
  core::Result<bool> EnsureRepo(const HttpClient& http) const;
  std::string ApiUrl(const std::string& action) const;

  UploadOptions options_;
  Progress& progress_;
};

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_UPLOADER_H_
