#include "modelhub/hub/internal/repo_rows.h"

#include "modelhub/core/ids.h"
#include "modelhub/core/time.h"

namespace modelhub::hub::internal {
namespace {

using core::ErrorCode;
using core::Unexpected;

constexpr std::string_view kRepoColumns =
    "id, type, namespace, name, private, gated, sdk, created_at, updated_at, downloads, likes, "
    "head_sha, downloads_all_time, trending";

RepoRecord ToRecord(const storage::Row& row) {
  RepoRecord record;
  record.row_id = row.Int(0);
  record.key.type = core::ParseRepoType(row.Text(1)).value_or(core::RepoType::kModel);
  record.key.id = core::RepoId{row.Text(2), row.Text(3)};
  record.is_private = row.Int(4) != 0;
  record.gated = row.Text(5);
  record.sdk = row.Text(6);
  record.created_at = row.Int(7);
  record.updated_at = row.Int(8);
  record.downloads = row.Int(9);
  record.likes = row.Int(10);
  record.head_sha = row.Text(11);
  record.downloads_all_time = row.Int(12);
  record.trending = row.Real(13);
  return record;
}

}  // namespace

core::Status RepoNotFound() {
  return Unexpected(ErrorCode::kRepoNotFound,
                    "Repository not found. If the repo is private, make sure you are "
                    "authenticated.");
}

core::Result<RepoLookup> FindVisibleRepo(storage::Transaction& txn, const Caller& caller,
                                         const RepoKey& key) {
  std::string type(core::RepoTypeName(key.type));
  std::string sql = "SELECT " + std::string(kRepoColumns) +
                    " FROM repos WHERE type = ? AND namespace = ? AND name = ?";
  MH_ASSIGN_OR_RETURN(auto row, txn.QueryOne(sql, {type, key.id.ns, key.id.name}));
  RepoLookup lookup;
  if (!row) {
    MH_ASSIGN_OR_RETURN(auto redirect,
                        txn.QueryOne("SELECT repo_id FROM repo_redirects WHERE type = ? AND "
                                     "namespace = ? AND name = ?",
                                     {type, key.id.ns, key.id.name}));
    if (!redirect) return Unexpected(RepoNotFound().error());
    MH_ASSIGN_OR_RETURN(
        row, txn.QueryOne("SELECT " + std::string(kRepoColumns) + " FROM repos WHERE id = ?",
                          {redirect->Int(0)}));
    if (!row) return Unexpected(RepoNotFound().error());
    lookup.redirected = true;
  }
  lookup.record = ToRecord(*row);
  if (!CanRead(caller, lookup.record.key.id.ns, lookup.record.is_private)) {
    return Unexpected(RepoNotFound().error());
  }
  return lookup;
}

core::Result<RepoRecord> FindWritableRepo(storage::Transaction& txn, const Caller& caller,
                                          const RepoKey& key) {
  MH_ASSIGN_OR_RETURN(auto lookup, FindVisibleRepo(txn, caller, key));
  if (caller.anonymous()) {
    // The Hub answers 401 to anonymous writes, 403 to authenticated callers without the right.
    return Unexpected(ErrorCode::kUnauthorized,
                      "You must be authenticated to write to " + lookup.record.key.id.ToString() +
                          ": pass a write token (Authorization: Bearer hf_...)");
  }
  if (!CanWrite(caller, lookup.record.key.id.ns)) {
    return Unexpected(ErrorCode::kForbidden, "You don't have the rights to write to " +
                                                 lookup.record.key.id.ToString() +
                                                 " with this token.");
  }
  return lookup.record;
}

core::Result<std::string> ResolveRevisionIn(storage::Transaction& txn, storage::GitRepo& git,
                                            int64_t repo_id, std::string_view revision) {
  if (revision == "HEAD") revision = kDefaultBranch;
  auto not_found = [&] {
    return Unexpected(ErrorCode::kRevisionNotFound, "Invalid rev id: " + std::string(revision));
  };
  if (revision.empty()) return not_found();
  if (revision.starts_with("refs/")) {
    MH_ASSIGN_OR_RETURN(auto target, storage::ReadRef(txn, repo_id, revision));
    if (target) return *target;
    return not_found();
  }
  for (std::string_view prefix : {"refs/heads/", "refs/tags/"}) {
    MH_ASSIGN_OR_RETURN(
        auto target, storage::ReadRef(txn, repo_id, std::string(prefix) + std::string(revision)));
    if (target) return *target;
  }
  if (core::IsFullSha(revision)) {
    auto commit = git.ReadCommit(revision);
    if (commit) return std::string(revision);
    return not_found();
  }
  if (core::IsHexPrefix(revision)) {
    MH_ASSIGN_OR_RETURN(auto full, git.ExpandCommitPrefix(revision));
    if (full) return *full;
  }
  return not_found();
}

core::Result<RevisionView> OpenRevision(storage::Metastore& metastore, const Caller& caller,
                                        const RepoKey& key, std::string_view revision) {
  RevisionView view;
  MH_ASSIGN_OR_RETURN(view.transaction, metastore.Begin(storage::TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(view.lookup, FindVisibleRepo(*view.transaction, caller, key));
  const int64_t repo_id = view.lookup.record.row_id;
  MH_ASSIGN_OR_RETURN(view.git, storage::GitRepo::Open(*view.transaction, repo_id));
  MH_ASSIGN_OR_RETURN(view.sha, ResolveRevisionIn(*view.transaction, *view.git, repo_id, revision));
  MH_ASSIGN_OR_RETURN(view.commit, view.git->ReadCommit(view.sha));
  return view;
}

core::Result<std::string> BranchRefFor(storage::Transaction& txn, int64_t repo_id,
                                       std::string_view revision) {
  if (revision == "HEAD") revision = kDefaultBranch;
  std::string ref;
  if (revision.starts_with("refs/pr/") || revision.starts_with("refs/heads/")) {
    ref = std::string(revision);
  } else {
    ref = "refs/heads/" + std::string(revision);
  }
  MH_ASSIGN_OR_RETURN(auto target, storage::ReadRef(txn, repo_id, ref));
  if (!target) {
    return Unexpected(ErrorCode::kRevisionNotFound,
                      "Invalid rev id: " + std::string(revision) + " (commits go to a branch)");
  }
  return ref;
}

storage::GitSignature SignatureOf(const Caller& caller) {
  storage::GitSignature signature;
  signature.name = caller.name.empty() ? "modelhub" : caller.name;
  signature.email =
      caller.email.empty() ? signature.name + "@users.noreply.modelhub" : caller.email;
  signature.time_seconds = core::NowMillis() / 1000;
  return signature;
}

}  // namespace modelhub::hub::internal
