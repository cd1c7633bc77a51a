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

// The repo named by `key` (following renames) that `caller` may see; RepoNotFound otherwise.
core::Result<RepoLookup> FindVisibleRepo(storage::Transaction& txn, const Caller& caller,
                                         const RepoKey& key);

// Like FindVisibleRepo, then Forbidden unless `caller` may write to the repo's namespace.
core::Result<RepoRecord> FindWritableRepo(storage::Transaction& txn, const Caller& caller,
                                          const RepoKey& key);

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

// Opens a read transaction and resolves `revision` of the repo `caller` may see.
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
