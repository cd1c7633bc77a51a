// RepoService: creating and deleting branches and tags.
#include "modelhub/core/ids.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/internal/indexing.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::hub {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

namespace {

core::Status ValidateShortRefName(std::string_view name, std::string_view kind) {
  if (name.starts_with("refs/")) {
    return Unexpected(ErrorCode::kBadRequest, "Give the " + std::string(kind) +
                                                  " name without 'refs/': " + std::string(name));
  }
  return core::ValidateRefName(name);
}

}  // namespace

core::Status RepoService::CreateBranch(const Caller& caller, const RepoKey& key,
                                       std::string_view branch,
                                       std::optional<std::string> starting_point, bool empty,
                                       bool overwrite) {
  MH_RETURN_IF_ERROR(ValidateShortRefName(branch, "branch"));
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, record.row_id));
  std::string ref = "refs/heads/" + std::string(branch);
  MH_ASSIGN_OR_RETURN(auto current, storage::ReadRef(*txn, record.row_id, ref));
  if (current && !overwrite) {
    return Unexpected(ErrorCode::kConflict, "Reference already exists: " + ref);
  }
  std::string target;
  if (empty) {
    auto signature = internal::SignatureOf(caller);
    MH_ASSIGN_OR_RETURN(std::string tree, git->UpdateTree("", {}));
    MH_ASSIGN_OR_RETURN(target, git->CreateCommit(tree, {}, signature, signature,
                                                  "Create empty branch " + std::string(branch)));
  } else {
    MH_ASSIGN_OR_RETURN(target, internal::ResolveRevisionIn(*txn, *git, record.row_id,
                                                            starting_point.value_or("main")));
  }
  std::optional<std::string_view> expected;
  if (current) expected = *current;
  MH_RETURN_IF_ERROR(storage::UpdateRef(*txn, record.row_id, ref, expected, target));
  if (branch == internal::kDefaultBranch) {
    // Overwriting main moves the repo's head: its row and catalogue entry follow in this txn.
    MH_RETURN_IF_ERROR(txn->Execute("UPDATE repos SET head_sha = ?, updated_at = ? WHERE id = ?",
                                    {target, core::NowMillis(), record.row_id}));
    MH_RETURN_IF_ERROR(
        internal::IndexHead(*txn, *git, blobs_, *impl_, key.type, record.row_id, target));
  }
  MH_RETURN_IF_ERROR(AppendAudit(*txn, caller, current ? "branch.overwrite" : "branch.create",
                                 AuditRepoName(record.key), "ok", ref + " " + target));
  git.reset();
  return txn->Commit();
}

core::Status RepoService::DeleteBranch(const Caller& caller, const RepoKey& key,
                                       std::string_view branch) {
  if (branch == internal::kDefaultBranch) {
    return Unexpected(ErrorCode::kForbidden, "The default branch 'main' cannot be deleted");
  }
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  std::string ref = "refs/heads/" + std::string(branch);
  MH_ASSIGN_OR_RETURN(auto current, storage::ReadRef(*txn, record.row_id, ref));
  if (!current) return Unexpected(ErrorCode::kRevisionNotFound, "Invalid rev id: " + ref);
  MH_RETURN_IF_ERROR(storage::UpdateRef(*txn, record.row_id, ref, *current, std::nullopt));
  MH_RETURN_IF_ERROR(
      AppendAudit(*txn, caller, "branch.delete", AuditRepoName(record.key), "ok", ref));
  return txn->Commit();
}

core::Status RepoService::CreateTag(const Caller& caller, const RepoKey& key, std::string_view tag,
                                    std::string_view revision, std::string_view /*message*/) {
  MH_RETURN_IF_ERROR(ValidateShortRefName(tag, "tag"));
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, record.row_id));
  MH_ASSIGN_OR_RETURN(std::string target,
                      internal::ResolveRevisionIn(*txn, *git, record.row_id, revision));
  std::string ref = "refs/tags/" + std::string(tag);
  MH_ASSIGN_OR_RETURN(auto current, storage::ReadRef(*txn, record.row_id, ref));
  if (current) return Unexpected(ErrorCode::kConflict, "Tag already exists: " + std::string(tag));
  MH_RETURN_IF_ERROR(storage::UpdateRef(*txn, record.row_id, ref, std::nullopt, target));
  MH_RETURN_IF_ERROR(
      AppendAudit(*txn, caller, "tag.create", AuditRepoName(record.key), "ok", ref + " " + target));
  git.reset();
  return txn->Commit();
}

core::Status RepoService::DeleteTag(const Caller& caller, const RepoKey& key,
                                    std::string_view tag) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  std::string ref = "refs/tags/" + std::string(tag);
  MH_ASSIGN_OR_RETURN(auto current, storage::ReadRef(*txn, record.row_id, ref));
  if (!current) return Unexpected(ErrorCode::kRevisionNotFound, "Invalid rev id: " + ref);
  MH_RETURN_IF_ERROR(storage::UpdateRef(*txn, record.row_id, ref, *current, std::nullopt));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, caller, "tag.delete", AuditRepoName(record.key), "ok", ref));
  return txn->Commit();
}

}  // namespace modelhub::hub
