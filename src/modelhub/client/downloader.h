// `hf_hub_download` / `snapshot_download` in C++: resolves a revision to a commit, decides which
// files are needed, and has BlobFetcher put them into the huggingface_hub cache (or a local
// folder with its .cache/huggingface/download metadata), so Python tools find them afterwards.
// One Downloader per command; Run() blocks and may be called once.
#ifndef MODELHUB_CLIENT_DOWNLOADER_H_
#define MODELHUB_CLIENT_DOWNLOADER_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelhub/client/hub_api.h"
#include "modelhub/client/progress.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

struct DownloadOptions {
  std::string endpoint;
  std::string token;
  RepoRef repo;
  std::string revision = "main";
  std::vector<std::string> files;  // empty: the whole snapshot (filtered by include/exclude)
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::optional<std::filesystem::path> local_dir;
  std::filesystem::path cache_dir;
  int max_workers = 8;
  bool offline = false;
  // Check each blob against its etag while writing (sha256 / git sha1). On CPUs without SHA
  // extensions SHA-256 runs below loopback/LAN download speed, so this bounds large downloads
  // (bench/README.md "client download"); huggingface_hub does not check.
  bool verify = true;
  // Snapshot mode for `sync`: exactly these paths, each of which must exist at the commit.
  std::optional<std::vector<std::string>> exact_files;
};

struct DownloadResult {
  std::string path;    // the file (one FILE asked for) or the snapshot / local folder
  std::string commit;  // resolved commit sha
  std::vector<RemoteFile> files;
  RevisionInfo info;  // filled in snapshot mode when online
};

class Downloader {
 public:
  Downloader(DownloadOptions options, Progress& progress)
      : options_(std::move(options)), progress_(progress) {}

  // Errors: RepoNotFound / RevisionNotFound / EntryNotFound, Unauthorized / Forbidden / GatedRepo,
  // Unavailable (network, after retries, with nothing cached to fall back on), NotFound (offline
  // and not cached), PreconditionFailed (content does not match its hash), Internal (local I/O,
  // e.g. disk full).
  core::Result<DownloadResult> Run();

 private:
  core::Result<DownloadResult> RunSnapshot(const HttpClient& http);
  core::Result<DownloadResult> RunFiles(const HttpClient& http);
  core::Result<DownloadResult> RunOffline();
  core::Status Fetch(const HttpClient& http, const HubApi& api, const std::string& commit,
                     const std::vector<RemoteFile>& files, const std::vector<std::string>& urls);
  std::string ResultPath(const std::string& commit) const;

  DownloadOptions options_;
  Progress& progress_;
};

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_DOWNLOADER_H_
