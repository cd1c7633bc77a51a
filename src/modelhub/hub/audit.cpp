#include "modelhub/hub/audit.h"

#include "modelhub/core/time.h"

namespace modelhub::hub {

std::string AuditRepoName(const RepoKey& key) {
  return std::string(core::RepoTypeUrlPrefix(key.type)) + key.id.ToString();
}

core::Status AppendAudit(storage::Transaction& txn, const Caller& caller, std::string_view action,
                         std::string_view repo, std::string_view outcome, std::string_view detail) {
  MH_RETURN_IF_ERROR(txn.Insert(
      "INSERT INTO audit_log (at, actor, token_id, address, action, repo, outcome, detail) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {core::NowMillis(), caller.anonymous() ? std::string() : caller.name, caller.token_id,
       caller.address, std::string(action), std::string(repo), std::string(outcome),
       std::string(detail)}));
  return core::Ok();
}

core::Result<std::vector<AuditEntry>> ReadAudit(storage::Metastore& metastore,
                                                const AuditQuery& query) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore.Begin(storage::TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(
      auto rows,
      txn->Query("SELECT id, at, actor, token_id, address, action, repo, outcome, detail "
                 "FROM audit_log WHERE at >= ? AND (? = '' OR repo = ?) AND (? = '' OR actor = ?) "
                 "ORDER BY id DESC LIMIT ?",
                 {query.since_ms, query.repo, query.repo, query.user, query.user,
                  static_cast<int64_t>(query.limit)}));
  std::vector<AuditEntry> entries;
  entries.reserve(rows.size());
  for (const storage::Row& row : rows) {
    entries.push_back(AuditEntry{row.Int(0), row.Int(1), row.Text(2), row.Int(3), row.Text(4),
                                 row.Text(5), row.Text(6), row.Text(7), row.Text(8)});
  }
  return entries;
}

}  // namespace modelhub::hub
