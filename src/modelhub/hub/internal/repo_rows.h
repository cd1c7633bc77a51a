// Reading and locating repo rows inside a transaction; shared by the RepoService files.
#ifndef MODELHUB_HUB_INTERNAL_REPO_ROWS_H_
#define MODELHUB_HUB_INTERNAL_REPO_ROWS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"
#include "modelhub/hub/caller.h"
#include "modelhub/hub/repo_types.h"
#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub::internal {

inline constexpr std::string_view kDefaultBranch = "main";

// What a read needs: the repo's metadata (info, refs, commits, likes) is visible to whoever may
// see the repo; its files (resolve, tree, paths-info, LFS downloads) also pass a gated repo's gate.
enum class Need { kMetadata, kContent };

// The repo named by `key` (following renames) that `caller` may see; RepoNotFound otherwise. With
// kContent, GatedRepo when the repo is gated and `caller` has no accepted access request.
core::Result<RepoLookup> FindVisibleRepo(storage::Transaction& txn, const Caller& caller,
                                         const RepoKey& key, Need need = Need::kMetadata);

// Like FindVisibleRepo, then Unauthorized (anonymous) or Forbidden unless `caller` has write
// rights on the repo (CanWrite).
core::Result<RepoRecord> FindWritableRepo(storage::Transaction& txn, const Caller& caller,
                                          const RepoKey& key);

// GatedRepo unless `caller` may read the files of `record` (not gated, BypassesGate, or an
// accepted access request).
core::Status CheckGate(storage::Transaction& txn, const Caller& caller, const RepoRecord& record);

// The status of `user_id`'s access request to repo `repo_id` ("pending", "accepted",
// "rejected"), or "" when there is none.
core::Result<std::string> AccessRequestStatus(storage::Transaction& txn, int64_t repo_id,
                                              int64_t user_id);

// The commit `revision` names in the repo (see RepoService::ResolveRevision).
core::Result<std::string> ResolveRevisionIn(storage::Transaction& txn, storage::GitRepo& git,
                                            int64_t repo_id, std::string_view revision);

// One consistent read of a revision: its transaction, the visible repo, a git view and the
// resolved commit. Members are ordered so that `git` is destroyed before `transaction`.
struct RevisionView {
  std::unique_ptr<storage::Transaction> transaction;
  RepoLookup lookup;
  std::unique_ptr<storage::GitRepo> git;
  std::string sha;
  storage::CommitData commit;
};

// Opens a read transaction and resolves `revision` of the repo whose files `caller` may read.
core::Result<RevisionView> OpenRevision(storage::Metastore& metastore, const Caller& caller,
                                        const RepoKey& key, std::string_view revision);

// The full ref name a commit to `revision` moves: refs/heads/<b> or refs/pr/N (must exist).
core::Result<std::string> BranchRefFor(storage::Transaction& txn, int64_t repo_id,
                                       std::string_view revision);

// The signature of the caller for commits ("name <name@users.noreply.modelhub>" when no email).
storage::GitSignature SignatureOf(const Caller& caller);

core::Status RepoNotFound();

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_REPO_ROWS_H_
