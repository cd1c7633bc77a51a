#include "modelhub/client/cache_admin.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include <sys/stat.h>

#include "modelhub/core/sha256.h"

namespace modelhub::client {
namespace fs = std::filesystem;

namespace {

bool IsHex(const std::string& text, size_t length) {
  return text.size() == length && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::time_t ModifiedTime(const fs::path& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 ? info.st_mtime : 0;
}

std::optional<CachedRepo> ParseRepoFolder(const fs::path& path) {
  std::string name = path.filename().string();
  size_t first = name.find("--");
  if (first == std::string::npos) return std::nullopt;
  auto type = core::ParseRepoType(name.substr(0, first));
  if (!type) return std::nullopt;
  std::string rest = name.substr(first + 2);
  size_t second = rest.find("--");
  CachedRepo repo;
  repo.type = *type;
  repo.id =
      second == std::string::npos ? rest : rest.substr(0, second) + "/" + rest.substr(second + 2);
  repo.path = path;
  return repo;
}

// refs/<name> files, by commit.
std::map<std::string, std::vector<std::string>> ReadRefs(const fs::path& repo) {
  std::map<std::string, std::vector<std::string>> refs;
  std::error_code ec;
  fs::path root = repo / "refs";
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path());
    std::string commit;
    std::getline(in, commit);
    refs[commit].push_back(fs::relative(it->path(), root).string());
  }
  return refs;
}

// Blob file names a snapshot's links point to.
std::set<std::string> SnapshotBlobs(const fs::path& snapshot, size_t* files) {
  std::set<std::string> blobs;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(snapshot, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_symlink(ec)) continue;
    ++*files;
    blobs.insert(fs::read_symlink(it->path(), ec).filename().string());
  }
  return blobs;
}

bool IsCompleteBlobName(const std::string& name) {
  return name.find('.') == std::string::npos;  // *.incomplete, *.ranges are partial
}

}  // namespace

std::vector<CachedRepo> ScanCache(const fs::path& cache_dir) {
  std::vector<CachedRepo> repos;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(cache_dir, ec)) {
    if (!entry.is_directory()) continue;
    std::optional<CachedRepo> repo = ParseRepoFolder(entry.path());
    if (!repo) continue;
    std::map<std::string, uint64_t> blob_sizes;
    for (const fs::directory_entry& blob : fs::directory_iterator(repo->path / "blobs", ec)) {
      std::string name = blob.path().filename().string();
      if (!IsCompleteBlobName(name)) continue;
      blob_sizes[name] = blob.file_size(ec);
      repo->size_on_disk += blob_sizes[name];
    }
    auto refs = ReadRefs(repo->path);
    for (const fs::directory_entry& snapshot :
         fs::directory_iterator(repo->path / "snapshots", ec)) {
      CachedRevision revision;
      revision.commit = snapshot.path().filename().string();
      revision.refs = refs[revision.commit];
      revision.modified = ModifiedTime(snapshot.path());
      for (const std::string& blob : SnapshotBlobs(snapshot.path(), &revision.files)) {
        revision.size += blob_sizes[blob];
      }
      repo->revisions.push_back(std::move(revision));
    }
    std::sort(repo->revisions.begin(), repo->revisions.end(),
              [](const CachedRevision& a, const CachedRevision& b) {
                return std::tie(b.modified, b.commit) < std::tie(a.modified, a.commit);
              });
    repos.push_back(std::move(*repo));
  }
  std::sort(repos.begin(), repos.end(), [](const CachedRepo& a, const CachedRepo& b) {
    return a.path.filename() < b.path.filename();
  });
  return repos;
}

std::vector<BlobProblem> VerifyCache(const fs::path& cache_dir, bool remove) {
  std::vector<BlobProblem> problems;
  std::vector<char> buffer(1 << 20);
  for (const CachedRepo& repo : ScanCache(cache_dir)) {
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(repo.path / "blobs", ec)) {
      std::string name = entry.path().filename().string();
      bool sha256 = IsHex(name, 64);
      if (!sha256 && !IsHex(name, 40)) continue;  // not a content hash: nothing to check
      core::Digest digest(sha256 ? core::Digest::Algorithm::kSha256
                                 : core::Digest::Algorithm::kSha1);
      if (!sha256) digest.Update("blob " + std::to_string(entry.file_size(ec)) + '\0');
      std::ifstream in(entry.path(), std::ios::binary);
      while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        digest.Update(buffer.data(), static_cast<size_t>(in.gcount()));
      }
      if (!in.eof()) {
        problems.push_back({entry.path(), "unreadable"});
        continue;
      }
      if (digest.FinishHex() != name) {
        problems.push_back({entry.path(), "hash mismatch"});
        if (remove) fs::remove(entry.path(), ec);
      }
    }
  }
  return problems;
}

PrunePlan PlanPrune(const fs::path& cache_dir, const PrunePolicy& policy) {
  PrunePlan plan;
  for (const CachedRepo& repo : ScanCache(cache_dir)) {
    std::set<std::string> kept_blobs;
    std::set<std::string> dropped_blobs;
    for (size_t i = 0; i < repo.revisions.size(); ++i) {
      const CachedRevision& revision = repo.revisions[i];
      bool drop = (policy.keep_last && static_cast<int>(i) >= *policy.keep_last) ||
                  (policy.older_than && revision.modified < *policy.older_than) ||
                  (policy.detached && revision.refs.empty());
      size_t files = 0;
      std::set<std::string> blobs =
          SnapshotBlobs(repo.path / "snapshots" / revision.commit, &files);
      (drop ? dropped_blobs : kept_blobs).insert(blobs.begin(), blobs.end());
      if (drop) plan.revisions.push_back({repo.path, revision.commit});
    }
    std::error_code ec;
    for (const std::string& blob : dropped_blobs) {
      if (kept_blobs.count(blob) != 0) continue;
      fs::path path = repo.path / "blobs" / blob;
      uint64_t size = fs::file_size(path, ec);
      if (ec) continue;
      plan.blobs.push_back(path);
      plan.freed_bytes += size;
    }
  }
  return plan;
}

core::Status ExecutePrune(const PrunePlan& plan) {
  std::error_code ec;
  for (const PrunePlan::Item& item : plan.revisions) {
    // Refs first: a ref left pointing at a deleted snapshot would send offline readers nowhere.
    for (const auto& [commit, names] : ReadRefs(item.repo)) {
      if (commit != item.commit) continue;
      for (const std::string& name : names) fs::remove(item.repo / "refs" / name, ec);
    }
    fs::remove_all(item.repo / "snapshots" / item.commit, ec);
    fs::remove_all(item.repo / ".no_exist" / item.commit, ec);
    if (ec) {
      return core::Unexpected(core::ErrorCode::kInternal,
                              "cannot remove " + item.commit + ": " + ec.message());
    }
  }
  for (const fs::path& blob : plan.blobs) fs::remove(blob, ec);
  return core::Ok();
}

}  // namespace modelhub::client
