#include "modelhub/client/downloader.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>

#include "modelhub/client/blob_fetcher.h"
#include "modelhub/client/glob_filter.h"
#include "modelhub/client/hf_cache.h"

namespace modelhub::client {
namespace fs = std::filesystem;
using core::ErrorCode;
using core::Unexpected;

namespace {

std::string RepoLabel(const RepoRef& repo) {
  return std::string(core::RepoTypeName(repo.type)) + " " + repo.id;
}

// huggingface_hub local_dir metadata: "<commit>\n<etag>\n<unix time>\n" (_local_folder.py).
std::optional<std::string> MetadataEtag(const fs::path& metadata) {
  std::ifstream in(metadata);
  std::string commit;
  std::string etag;
  if (!std::getline(in, commit) || !std::getline(in, etag)) return std::nullopt;
  return etag;
}

fs::path LocalDownloadDir(const fs::path& local_dir) {
  return local_dir / ".cache" / "huggingface" / "download";
}

}  // namespace

core::Result<DownloadResult> Downloader::Run() {
  if (options_.offline) return RunOffline();
  HttpClient http(options_.token, RetryPolicy{});
  if (options_.files.empty()) return RunSnapshot(http);
  return RunFiles(http);
}

std::string Downloader::ResultPath(const std::string& commit) const {
  fs::path base =
      options_.local_dir
          ? *options_.local_dir
          : HfCache::SnapshotPath(
                HfCache(options_.cache_dir).RepoDir(options_.repo.type, options_.repo.id), commit);
  if (options_.files.size() == 1) return (base / options_.files[0]).string();
  return base.string();
}

core::Result<DownloadResult> Downloader::RunSnapshot(const HttpClient& http) {
  HubApi api(http, options_.endpoint);
  fs::path repo_dir = HfCache(options_.cache_dir).RepoDir(options_.repo.type, options_.repo.id);
  core::Result<RevisionInfo> info = api.Revision(options_.repo, options_.revision);
  if (!info) {
    // Like snapshot_download: when the Hub cannot be reached, a cached snapshot is the answer.
    if (info.error().code == ErrorCode::kUnavailable && !options_.local_dir) {
      if (auto commit = HfCache::ResolveRevision(repo_dir, options_.revision)) {
        progress_.Message("warning: " + info.error().message + "; using the cached snapshot");
        return DownloadResult{ResultPath(*commit), *commit, {}, {}};
      }
    }
    return Unexpected(info.error());
  }
  MH_ASSIGN_OR_RETURN(std::vector<RemoteFile> tree, api.Tree(options_.repo, info->commit));
  std::vector<RemoteFile> wanted;
  if (options_.exact_files) {
    std::set<std::string> missing(options_.exact_files->begin(), options_.exact_files->end());
    for (const RemoteFile& file : tree) {
      if (missing.erase(file.path) > 0) wanted.push_back(file);
    }
    if (!missing.empty()) {
      return Unexpected(
          ErrorCode::kEntryNotFound,
          *missing.begin() + " is not in " + RepoLabel(options_.repo) + " at " + info->commit);
    }
  } else {
    GlobFilter filter(options_.include, options_.exclude);
    for (const RemoteFile& file : tree) {
      if (filter.Matches(file.path)) wanted.push_back(file);
    }
  }
  std::vector<std::string> urls;
  for (const RemoteFile& file : wanted) {
    urls.push_back(api.ResolveUrl(options_.repo, info->commit, file.path));
  }
  if (!options_.local_dir) {
    MH_RETURN_IF_ERROR(HfCache::WriteRef(repo_dir, options_.revision, info->commit));
    std::error_code ec;
    fs::create_directories(HfCache::SnapshotPath(repo_dir, info->commit), ec);
  }
  MH_RETURN_IF_ERROR(Fetch(http, api, info->commit, wanted, urls));
  return DownloadResult{ResultPath(info->commit), info->commit, std::move(wanted), *info};
}

core::Result<DownloadResult> Downloader::RunFiles(const HttpClient& http) {
  HubApi api(http, options_.endpoint);
  fs::path repo_dir = HfCache(options_.cache_dir).RepoDir(options_.repo.type, options_.repo.id);
  std::vector<RemoteFile> files;
  std::vector<std::string> urls;
  std::string commit;
  for (const std::string& path : options_.files) {
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(path));
    // hf_hub_download step 1: a full sha already in the cache needs no network at all.
    if (!options_.local_dir && core::IsFullSha(options_.revision) &&
        fs::exists(HfCache::SnapshotPath(repo_dir, options_.revision, path))) {
      commit = options_.revision;
      progress_.Cached(path, 0);
      continue;
    }
    std::string missing_commit;
    core::Result<HubApi::Head> head =
        api.HeadFile(options_.repo, options_.revision, path, &missing_commit);
    if (!head) {
      ErrorCode code = head.error().code;
      if ((code == ErrorCode::kEntryNotFound || code == ErrorCode::kNotFound) &&
          core::IsFullSha(missing_commit) && !options_.local_dir) {
        MH_RETURN_IF_ERROR(HfCache::MarkMissing(repo_dir, missing_commit, path));
        return Unexpected(
            ErrorCode::kEntryNotFound,
            path + " does not exist in " + RepoLabel(options_.repo) + " at " + options_.revision);
      }
      if (code == ErrorCode::kUnavailable && !options_.local_dir) {
        auto cached = HfCache::ResolveRevision(repo_dir, options_.revision);
        if (cached && fs::exists(HfCache::SnapshotPath(repo_dir, *cached, path))) {
          progress_.Message("warning: " + head.error().message + "; using the cached file");
          commit = *cached;
          continue;
        }
      }
      return Unexpected(head.error());
    }
    commit = head->commit;
    files.push_back(head->file);
    urls.push_back(head->url);
  }
  if (!options_.local_dir && !files.empty()) {
    MH_RETURN_IF_ERROR(HfCache::WriteRef(repo_dir, options_.revision, commit));
  }
  MH_RETURN_IF_ERROR(Fetch(http, api, commit, files, urls));
  return DownloadResult{ResultPath(commit), commit, std::move(files), {}};
}

core::Status Downloader::Fetch(const HttpClient& http, const HubApi& api, const std::string& commit,
                               const std::vector<RemoteFile>& files,
                               const std::vector<std::string>& urls) {
  (void)api;
  HfCache cache(options_.cache_dir);
  fs::path repo_dir = cache.RepoDir(options_.repo.type, options_.repo.id);
  fs::path lock_dir = cache.LockDir(options_.repo.type, options_.repo.id);
  std::vector<BlobJob> jobs;
  for (size_t i = 0; i < files.size(); ++i) {
    const RemoteFile& file = files[i];
    BlobJob job;
    job.label = file.path;
    job.url = urls[i];
    job.etag = file.etag;
    job.verify = options_.verify;
    job.size = file.size;
    if (options_.local_dir) {
      fs::path target = *options_.local_dir / file.path;
      fs::path metadata = LocalDownloadDir(*options_.local_dir) / (file.path + ".metadata");
      job.final_path = target;
      job.partial_path = LocalDownloadDir(*options_.local_dir) /
                         (file.path + "." + file.etag + ".modelhub.incomplete");
      job.lock_path = LocalDownloadDir(*options_.local_dir) / (file.path + ".lock");
      job.is_present = [target, metadata, file] {
        std::error_code ec;
        return MetadataEtag(metadata) == file.etag && fs::file_size(target, ec) == file.size;
      };
      job.on_done = [metadata, commit, file] {
        double now =
            std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        char stamp[64];
        std::snprintf(stamp, sizeof stamp, "%.6f", now);
        return WriteFileAtomically(metadata, commit + "\n" + file.etag + "\n" + stamp + "\n");
      };
    } else {
      fs::path blob = HfCache::BlobPath(repo_dir, file.etag);
      // A blob is only ever renamed into place whole, so one of the right size is done: link it
      // without taking its lock, as hf_hub_download does, and keep reruns free of lock files
      // and worker threads.
      std::error_code size_error;
      if (fs::file_size(blob, size_error) == file.size && !size_error) {
        MH_RETURN_IF_ERROR(HfCache::LinkSnapshot(repo_dir, commit, file.path, file.etag));
        progress_.Cached(file.path, file.size);
        continue;
      }
      job.final_path = blob;
      job.partial_path = blob;
      job.partial_path += ".modelhub.incomplete";  // never Python 0.x's <etag>.incomplete
      job.lock_path = lock_dir / (file.etag + ".lock");
      job.is_present = [blob, file] {
        std::error_code ec;
        return fs::file_size(blob, ec) == file.size && !ec;
      };
      job.on_done = [repo_dir, commit, file] {
        return HfCache::LinkSnapshot(repo_dir, commit, file.path, file.etag);
      };
    }
    jobs.push_back(std::move(job));
  }
  return BlobFetcher(http, options_.max_workers, progress_).Run(std::move(jobs));
}

core::Result<DownloadResult> Downloader::RunOffline() {
  // HF_HUB_OFFLINE: nothing is sent; the answer is whatever the cache (or local_dir) has.
  std::string offline_hint =
      " is not available offline (HF_HUB_OFFLINE is set); download it "
      "once with network access";
  if (options_.local_dir) {
    for (const std::string& path : options_.files) {
      if (!fs::exists(*options_.local_dir / path)) {
        return Unexpected(ErrorCode::kNotFound, path + offline_hint);
      }
    }
    return DownloadResult{ResultPath(""), "", {}, {}};
  }
  fs::path repo_dir = HfCache(options_.cache_dir).RepoDir(options_.repo.type, options_.repo.id);
  auto commit = HfCache::ResolveRevision(repo_dir, options_.revision);
  if (!commit) {
    return Unexpected(ErrorCode::kNotFound,
                      RepoLabel(options_.repo) + "@" + options_.revision + offline_hint);
  }
  for (const std::string& path : options_.files) {
    if (fs::exists(HfCache::SnapshotPath(repo_dir, *commit, path))) continue;
    if (fs::exists(repo_dir / ".no_exist" / *commit / path)) {
      return Unexpected(ErrorCode::kEntryNotFound, path + " does not exist in " +
                                                       RepoLabel(options_.repo) + " at " + *commit +
                                                       " (cached answer)");
    }
    return Unexpected(ErrorCode::kNotFound, path + offline_hint);
  }
  return DownloadResult{ResultPath(*commit), *commit, {}, {}};
}

}  // namespace modelhub::client
