#include "modelhub/hub/internal/repo_rows.h"

#include "modelhub/core/ids.h"
#include "modelhub/core/time.h"

namespace modelhub::hub::internal {
namespace {

using core::ErrorCode;
using core::Unexpected;

constexpr std::string_view kRepoColumns =
    "id, type, namespace, name, private, gated, sdk, created_at, updated_at, downloads, likes, "
    "head_sha, downloads_all_time, trending, created_by";

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
  record.created_by = row.Int(14);
  return record;
}

}  // namespace

core::Status RepoNotFound() {
  return Unexpected(ErrorCode::kRepoNotFound,
                    "Repository not found. If the repo is private, make sure you are "
                    "authenticated.");
}

core::Result<RepoLookup> FindVisibleRepo(storage::Transaction& txn, const Caller& caller,
                                         const RepoKey& key, Need need) {
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
  if (!CanRead(caller, lookup.record.key, lookup.record.is_private)) {
    return Unexpected(RepoNotFound().error());
  }
  if (need == Need::kContent) MH_RETURN_IF_ERROR(CheckGate(txn, caller, lookup.record));
  return lookup;
}

core::Status CheckGate(storage::Transaction& txn, const Caller& caller, const RepoRecord& record) {
  if (record.gated.empty() || BypassesGate(caller, record.key)) return core::Ok();
  const std::string what =
      std::string(core::RepoTypeName(record.key.type)) + " " + record.key.id.ToString();
  if (caller.anonymous()) {
    return Unexpected(ErrorCode::kGatedRepo,
                      "Access to " + what +
                          " is restricted. You must have access to it and be authenticated to "
                          "access it. Please log in.");
  }
  MH_ASSIGN_OR_RETURN(std::string status, AccessRequestStatus(txn, record.row_id, caller.user_id));
  if (status == "accepted") return core::Ok();
  // The Hub's own wording for each state of the request (spec §7).
  if (status == "pending") {
    return Unexpected(ErrorCode::kGatedRepo, "Your request to access " + what +
                                                 " is awaiting a review from the repo authors.");
  }
  if (status == "rejected") {
    return Unexpected(ErrorCode::kGatedRepo, "Your request to access " + what +
                                                 " has been rejected by the repo's authors.");
  }
  std::string page =
      "/" + std::string(core::RepoTypeUrlPrefix(record.key.type)) + record.key.id.ToString();
  return Unexpected(ErrorCode::kGatedRepo,
                    "Access to " + what +
                        " is restricted and you are not in the authorized list. Visit " + page +
                        " to ask for access.");
}

core::Result<std::string> AccessRequestStatus(storage::Transaction& txn, int64_t repo_id,
                                              int64_t user_id) {
  MH_ASSIGN_OR_RETURN(auto row, txn.QueryOne("SELECT status FROM access_requests WHERE repo_id = "
                                             "? AND user_id = ?",
                                             {repo_id, user_id}));
  return row ? row->Text(0) : std::string();
}

namespace {

core::Status Unauthenticated(const RepoRecord& record) {
  // The Hub answers 401 to anonymous writes, 403 to authenticated callers without the right.
  return Unexpected(ErrorCode::kUnauthorized,
                    "You must be authenticated to write to " + record.key.id.ToString() +
                        ": pass a write token (Authorization: Bearer hf_...)");
}

core::Status NoWriteRight(const Caller& caller, const RepoRecord& record) {
  // Name the token only when it is what stands in the way: the account itself has the right.
  Caller with_write_token = caller;
  with_write_token.token_role = "write";
  const bool token_in_the_way = CanWrite(with_write_token, record.key, record.created_by);
  std::string why = !token_in_the_way
                        ? ""
                        : " (the token used is " +
                              (caller.token_role == "fineGrained"
                                   ? std::string("fine-grained and has no write scope on it")
                                   : "a " + caller.token_role + " token") +
                              ")";
  return Unexpected(ErrorCode::kForbidden, "You don't have the rights to write to " +
                                               record.key.id.ToString() + why + ".");
}

}  // namespace

core::Result<RepoRecord> FindWritableRepo(storage::Transaction& txn, const Caller& caller,
                                          const RepoKey& key) {
  MH_ASSIGN_OR_RETURN(auto lookup, FindVisibleRepo(txn, caller, key));
  if (caller.anonymous()) return Unexpected(Unauthenticated(lookup.record).error());
  if (!CanWrite(caller, lookup.record.key, lookup.record.created_by)) {
    return Unexpected(NoWriteRight(caller, lookup.record).error());
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
  MH_ASSIGN_OR_RETURN(view.lookup, FindVisibleRepo(*view.transaction, caller, key, Need::kContent));
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
