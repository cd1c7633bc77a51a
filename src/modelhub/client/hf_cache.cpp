#include "modelhub/client/hf_cache.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include <unistd.h>

namespace modelhub::client {
namespace fs = std::filesystem;
using core::ErrorCode;
using core::Unexpected;

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

bool IsTrue(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return value == "1" || value == "ON" || value == "YES" || value == "TRUE";
}

fs::path HfHome() {
  if (std::string home = Env("HF_HOME"); !home.empty()) return home;
  if (std::string xdg = Env("XDG_CACHE_HOME"); !xdg.empty()) return fs::path(xdg) / "huggingface";
  return fs::path(Env("HOME")) / ".cache" / "huggingface";
}

core::Unexpected IoError(const std::string& what, const fs::path& path, std::error_code ec) {
  return Unexpected(ErrorCode::kInternal, what + " " + path.string() + ": " + ec.message());
}

}  // namespace

fs::path DefaultCacheDir() {
  if (std::string cache = Env("HF_HUB_CACHE"); !cache.empty()) return cache;
  if (std::string cache = Env("HUGGINGFACE_HUB_CACHE"); !cache.empty()) return cache;
  return HfHome() / "hub";
}

std::string DefaultEndpoint() {
  std::string endpoint = Env("HF_ENDPOINT");
  if (endpoint.empty()) endpoint = "https://huggingface.co";
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  return endpoint;
}

std::string DefaultToken() {
  if (std::string token = Env("HF_TOKEN"); !token.empty()) return token;
  if (std::string token = Env("HUGGING_FACE_HUB_TOKEN"); !token.empty()) return token;
  std::ifstream in(HfHome() / "token");
  std::string token;
  std::getline(in, token);
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  return token;
}

bool OfflineFromEnvironment() {
  return IsTrue(Env("HF_HUB_OFFLINE")) || IsTrue(Env("TRANSFORMERS_OFFLINE"));
}

std::string HfCache::RepoFolderName(core::RepoType type, std::string_view repo_id) {
  std::string name = std::string(core::RepoTypePlural(type)) + "--";
  for (char c : repo_id) {
    if (c == '/') {
      name += "--";
    } else {
      name += c;
    }
  }
  return name;
}

fs::path HfCache::RepoDir(core::RepoType type, std::string_view repo_id) const {
  return root_ / RepoFolderName(type, repo_id);
}

fs::path HfCache::LockDir(core::RepoType type, std::string_view repo_id) const {
  return root_ / ".locks" / RepoFolderName(type, repo_id);
}

fs::path HfCache::BlobPath(const fs::path& repo_dir, std::string_view etag) {
  return repo_dir / "blobs" / std::string(etag);
}

fs::path HfCache::SnapshotPath(const fs::path& repo_dir, std::string_view commit,
                               std::string_view path) {
  fs::path snapshot = repo_dir / "snapshots" / std::string(commit);
  return path.empty() ? snapshot : snapshot / std::string(path);
}

std::optional<std::string> HfCache::ResolveRevision(const fs::path& repo_dir,
                                                    std::string_view revision) {
  std::error_code ec;
  if (core::IsFullSha(revision) && fs::is_directory(SnapshotPath(repo_dir, revision), ec)) {
    return std::string(revision);
  }
  std::ifstream in(repo_dir / "refs" / std::string(revision));
  std::string commit;
  if (!std::getline(in, commit) || !core::IsFullSha(commit)) return std::nullopt;
  return commit;
}

core::Status HfCache::WriteRef(const fs::path& repo_dir, std::string_view revision,
                               std::string_view commit) {
  if (revision == commit) return core::Ok();
  // Unchanged (the common rerun): no write, no rename.
  if (ResolveRevision(repo_dir, revision) == std::string(commit)) {
    return core::Ok();
  }
  // Python writes the sha without a newline; readers strip whitespace either way.
  return WriteFileAtomically(repo_dir / "refs" / std::string(revision), commit);
}

core::Status HfCache::LinkSnapshot(const fs::path& repo_dir, std::string_view commit,
                                   std::string_view path, std::string_view etag) {
  fs::path link = SnapshotPath(repo_dir, commit, path);
  std::error_code ec;
  fs::create_directories(link.parent_path(), ec);
  if (ec) return IoError("cannot create", link.parent_path(), ec);
  // huggingface_hub links relative to the link's folder: ../../blobs/<etag> from
  // snapshots/<sha>/<file>, one more ../ per folder level in <path>.
  fs::path target = fs::path("..") / "..";
  for (char c : path) {
    if (c == '/') target /= "..";
  }
  target = target / "blobs" / std::string(etag);
  // Already right (a rerun): leave it, which keeps a no-op download free of writes.
  if (fs::read_symlink(link, ec) == target && !ec) return core::Ok();
  fs::path temporary = link;
  temporary += ".tmp" + std::to_string(::getpid());
  fs::remove(temporary, ec);
  fs::create_symlink(target, temporary, ec);
  if (ec) return IoError("cannot create symlink", temporary, ec);
  fs::rename(temporary, link, ec);
  if (ec) return IoError("cannot rename", link, ec);
  return core::Ok();
}

core::Status HfCache::MarkMissing(const fs::path& repo_dir, std::string_view commit,
                                  std::string_view path) {
  fs::path marker = repo_dir / ".no_exist" / std::string(commit) / std::string(path);
  std::error_code ec;
  fs::create_directories(marker.parent_path(), ec);
  if (ec) return IoError("cannot create", marker.parent_path(), ec);
  std::ofstream out(marker, std::ios::app);
  if (!out) return Unexpected(ErrorCode::kInternal, "cannot create " + marker.string());
  return core::Ok();
}

core::Status WriteFileAtomically(const fs::path& path, std::string_view content) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  if (ec) return IoError("cannot create", path.parent_path(), ec);
  fs::path temporary = path;
  temporary += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out.flush()) return Unexpected(ErrorCode::kInternal, "cannot write " + temporary.string());
  }
  fs::rename(temporary, path, ec);
  if (ec) return IoError("cannot rename", path, ec);
  return core::Ok();
}

}  // namespace modelhub::client
