// GitStore: real git objects (libgit2) whose object database is the metastore, plus refs as rows.
//
// A GitRepo is a view on one repo's objects through one metastore Transaction: every object it
// reads or writes goes through that transaction, so objects written by a commit become durable
// exactly when the transaction commits, together with the ref move and the metadata rows. Object
// ids are lowercase 40-hex git SHA-1s. A GitRepo is used by one thread and must not outlive its
// transaction. Refs are full names ("refs/heads/main", "refs/tags/v1", "refs/pr/1") moved only by
// compare-and-swap (UpdateRef), which is how stale `parentCommit`s and racing pushes are detected.
#ifndef MODELHUB_STORAGE_GITSTORE_GIT_STORE_H_
#define MODELHUB_STORAGE_GITSTORE_GIT_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/storage/metastore/metastore.h"

struct git_repository;

namespace modelhub::storage {

struct GitSignature {
  std::string name;
  std::string email;
  int64_t time_seconds = 0;  // Unix time
  int offset_minutes = 0;    // time zone offset
};

struct CommitData {
  std::string oid;
  std::string tree;
  std::vector<std::string> parents;
  GitSignature author;
  GitSignature committer;
  std::string message;  // full message; the title is its first line
};

struct TreeEntry {
  std::string path;  // full path from the repo root, no leading '/'
  bool is_directory = false;
  std::string oid;
  uint32_t mode = 0;  // git file mode (0100644, 0100755, 040000, 0120000)
  uint64_t size = 0;  // blob size; 0 for directories
};

struct TreeUpdate {
  enum class Action { kUpsert, kRemoveFile, kRemoveFolder };
  Action action = Action::kUpsert;
  std::string path;
  std::string blob_oid;     // for kUpsert
  uint32_t mode = 0100644;  // for kUpsert
};

class GitRepo {
 public:
  // Opens the view of repo `repo_id`'s objects through `transaction` (no I/O yet).
  static core::Result<std::unique_ptr<GitRepo>> Open(Transaction& transaction, int64_t repo_id);
  ~GitRepo();
  GitRepo(const GitRepo&) = delete;
  GitRepo& operator=(const GitRepo&) = delete;

  // Writes a blob; returns its id (writing an existing object is a no-op).
  core::Result<std::string> WriteBlob(std::string_view content);

  // Applies `updates` in order to the tree `base_tree` ("" = the empty tree) and writes the new
  // trees; returns the new root tree id. Removing a path that does not exist (or a file path given
  // to kRemoveFolder, or a folder given to kRemoveFile) is EntryNotFound. Upserting over a folder
  // or under a file path is BadRequest.
  core::Result<std::string> UpdateTree(std::string_view base_tree,
                                       const std::vector<TreeUpdate>& updates);

  core::Result<std::string> CreateCommit(std::string_view tree,
                                         const std::vector<std::string>& parents,
                                         const GitSignature& author, const GitSignature& committer,
                                         std::string_view message);

  // RevisionNotFound when `oid` is missing or not a commit.
  core::Result<CommitData> ReadCommit(std::string_view oid);

  // The entry at `path` in the tree `tree_oid` ("" path = the root itself, as a directory), or
  // nullopt when absent. Sizes of blobs are filled in.
  core::Result<std::optional<TreeEntry>> Lookup(std::string_view tree_oid, std::string_view path);

  // EntryNotFound when missing or not a blob.
  core::Result<std::string> ReadBlob(std::string_view oid);

  // Entries under directory `dir_path` ("" = root) of tree `tree_oid`: direct children, or with
  // `recursive` every file and directory below, in git's tree order (depth-first, sorted by name).
  // EntryNotFound when `dir_path` is missing or is a file.
  core::Result<std::vector<TreeEntry>> ListTree(std::string_view tree_oid,
                                                std::string_view dir_path, bool recursive);

  // The full id of the unique commit whose id starts with `hex_prefix` (4..40 hex), or nullopt.
  core::Result<std::optional<std::string>> ExpandCommitPrefix(std::string_view hex_prefix);

  // Commits reachable from `start`, newest first (git log order), skipping `skip`, at most `limit`.
  core::Result<std::vector<CommitData>> History(std::string_view start, size_t skip, size_t limit);

  // Number of commits reachable from `start`.
  core::Result<size_t> CountCommits(std::string_view start);

  // For each of `paths`, the newest commit reachable from `start` that changed it (the commit that
  // introduced its current content). Paths that do not exist at `start` are omitted.
  core::Result<std::map<std::string, CommitData>> LastCommits(
      std::string_view start, const std::vector<std::string>& paths);

  // The underlying libgit2 repository (for pack building); owned by this GitRepo.
  git_repository* raw() { return repository_; }

 private:
  GitRepo() = default;
  git_repository* repository_ = nullptr;
  struct Backend;
  Backend* backend_ = nullptr;  // owned by libgit2's odb once attached
};

// Current target of ref `name` in repo `repo_id`, or nullopt.
core::Result<std::optional<std::string>> ReadRef(Transaction& transaction, int64_t repo_id,
                                                 std::string_view name);

// All refs of a repo as (name, target), sorted by name.
core::Result<std::vector<std::pair<std::string, std::string>>> ListRefs(Transaction& transaction,
                                                                        int64_t repo_id);

// Compare-and-swap: moves ref `name` from `expected` (nullopt: it must not exist yet) to `target`
// (nullopt: delete it). When the current value differs from `expected`: Conflict if the ref
// exists and `expected` is nullopt, otherwise PreconditionFailed. Needs a write transaction.
core::Status UpdateRef(Transaction& transaction, int64_t repo_id, std::string_view name,
                       std::optional<std::string_view> expected,
                       std::optional<std::string_view> target);

// Removes every object and ref of a repo (repo deletion).
core::Status DeleteRepoGitData(Transaction& transaction, int64_t repo_id);

}  // namespace modelhub::storage

#endif  // MODELHUB_STORAGE_GITSTORE_GIT_STORE_H_
