// RepoService's counters: download counting (delegated to the DownloadCounter) and likes. A like
// changes the liked repo's likes and trending figures in the same transaction as its row.
#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/internal/counters.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/repo_service.h"

namespace modelhub::hub {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

namespace {

constexpr auto kFlushInterval = std::chrono::seconds(2);

}  // namespace

void RepoService::RecordDownload(const RepoKey& key, const ResolvedFile& file,
                                 std::string_view path, std::string_view client_address) {
  impl_->downloads.Record(file.repo_row_id, key.type, path, client_address, core::NowMillis());
}

core::Status RepoService::FlushDownloads() { return impl_->downloads.Flush(core::NowMillis()); }

void RepoService::StartBackgroundWork() { impl_->downloads.StartFlusher(kFlushInterval); }

core::Status RepoService::Like(const Caller& caller, const RepoKey& key, bool like) {
  if (caller.anonymous()) {
    return Unexpected(ErrorCode::kUnauthorized, "You must be authenticated to like a repository");
  }
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  const int64_t repo_id = lookup.record.row_id;
  const int64_t now = core::NowMillis();
  if (like) {
    MH_RETURN_IF_ERROR(
        txn->Execute("INSERT INTO likes (user_id, repo_id, created_at) VALUES (?, ?, ?) "
                     "ON CONFLICT (user_id, repo_id) DO NOTHING",
                     {caller.user_id, repo_id, now}));
  } else {
    MH_RETURN_IF_ERROR(txn->Execute("DELETE FROM likes WHERE user_id = ? AND repo_id = ?",
                                    {caller.user_id, repo_id}));
  }
  MH_RETURN_IF_ERROR(internal::RefreshCounters(*txn, repo_id, internal::DayOf(now)));
  MH_RETURN_IF_ERROR(
      AppendAudit(*txn, caller, like ? "like" : "unlike", AuditRepoName(lookup.record.key)));
  return txn->Commit();
}

core::Result<std::vector<Liker>> RepoService::ListLikers(const Caller& caller, const RepoKey& key) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto rows, txn->Query("SELECT u.name, u.fullname FROM likes l JOIN users u "
                                            "ON u.id = l.user_id WHERE l.repo_id = ? "
                                            "ORDER BY l.created_at DESC, u.id DESC",
                                            {lookup.record.row_id}));
  std::vector<Liker> likers;
  likers.reserve(rows.size());
  for (const storage::Row& row : rows) likers.push_back({row.Text(0), row.Text(1)});
  return likers;
}

core::Result<std::vector<LikedRepo>> RepoService::ListLikes(const Caller& caller,
                                                            std::string_view user) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto found,
                      txn->QueryOne("SELECT id FROM users WHERE name = ?", {std::string(user)}));
  if (!found) return Unexpected(ErrorCode::kNotFound, "User '" + std::string(user) + "' not found");
  MH_ASSIGN_OR_RETURN(auto rows,
                      txn->Query("SELECT r.type, r.namespace, r.name, r.private, l.created_at "
                                 "FROM likes l JOIN repos r ON r.id = l.repo_id "
                                 "WHERE l.user_id = ? ORDER BY l.created_at DESC, r.id DESC",
                                 {found->Int(0)}));
  std::vector<LikedRepo> liked;
  for (const storage::Row& row : rows) {
    auto type = core::ParseRepoType(row.Text(0));
    if (!type) continue;
    RepoKey key{*type, core::RepoId{row.Text(1), row.Text(2)}};
    // The one visibility predicate: a like of a private repo shows only to who may see it.
    if (!CanRead(caller, key, row.Int(3) != 0)) continue;
    liked.push_back({std::move(key), row.Int(4)});
  }
  return liked;
}

}  // namespace modelhub::hub
