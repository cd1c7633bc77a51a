// The huggingface_hub cache layout (spec/hub-api.md §2.3): where each piece of a repo lives under
// HF_HUB_CACHE, and the small writes (refs, snapshot symlinks, .no_exist markers) that the Python
// tools read. Blob contents are written by BlobFetcher; this class only names and links them.
// Stateless apart from the root path; safe from any thread.
#ifndef MODELHUB_CLIENT_HF_CACHE_H_
#define MODELHUB_CLIENT_HF_CACHE_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "modelhub/core/ids.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

// HF_HUB_CACHE, else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else
// ~/.cache/huggingface/hub (huggingface_hub constants.py).
std::filesystem::path DefaultCacheDir();

// HF_ENDPOINT without a trailing '/', else https://huggingface.co.
std::string DefaultEndpoint();

// HF_TOKEN, else the token file $HF_HOME/token (written by `hf auth login`); "" when neither.
std::string DefaultToken();

// HF_HUB_OFFLINE (or the older TRANSFORMERS_OFFLINE) set to 1/ON/YES/TRUE.
bool OfflineFromEnvironment();

class HfCache {
 public:
  explicit HfCache(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }

  // "models--ns--name", "datasets--ns--name", "spaces--ns--name".
  static std::string RepoFolderName(core::RepoType type, std::string_view repo_id);

  std::filesystem::path RepoDir(core::RepoType type, std::string_view repo_id) const;
  std::filesystem::path LockDir(core::RepoType type, std::string_view repo_id) const;

  static std::filesystem::path BlobPath(const std::filesystem::path& repo_dir,
                                        std::string_view etag);
  static std::filesystem::path SnapshotPath(const std::filesystem::path& repo_dir,
                                            std::string_view commit, std::string_view path = {});

  // The commit `revision` points to: itself when a full sha with a snapshot, else refs/<revision>.
  static std::optional<std::string> ResolveRevision(const std::filesystem::path& repo_dir,
                                                    std::string_view revision);

  // Writes refs/<revision> = commit (atomically) unless `revision` is the commit itself.
  static core::Status WriteRef(const std::filesystem::path& repo_dir, std::string_view revision,
                               std::string_view commit);

  // snapshots/<commit>/<path> -> relative ../../blobs/<etag> (as many ../ as `path` is deep),
  // replacing whatever was there.
  static core::Status LinkSnapshot(const std::filesystem::path& repo_dir, std::string_view commit,
                                   std::string_view path, std::string_view etag);

  // Creates the empty .no_exist/<commit>/<path> marker Python writes after a 404 EntryNotFound.
  static core::Status MarkMissing(const std::filesystem::path& repo_dir, std::string_view commit,
                                  std::string_view path);

 private:
  std::filesystem::path root_;
};

// Writes `content` to `path` through a temporary file and rename, so readers never see half.
core::Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_HF_CACHE_H_
