// RepoService's gated repos (spec §7): users' access requests and the decisions of those with
// write rights on the repo. The gate itself (who may read a gated repo's files) is CheckGate in
// internal/repo_rows.h. Every request and decision is written with its audit-log entry.
#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/internal/gated_fields.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/repo_service.h"

namespace modelhub::hub {
namespace {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

core::Status NotGated(const RepoRecord& record) {
  return Unexpected(ErrorCode::kBadRequest, "Repo " + record.key.id.ToString() +
                                                " is not gated: there is nothing to "
                                                "request or grant");
}

core::Status CheckStatus(std::string_view status) {
  if (status == "pending" || status == "accepted" || status == "rejected") return core::Ok();
  return Unexpected(ErrorCode::kBadRequest,
                    "status must be 'pending', 'accepted' or "
                    "'rejected', not '" +
                        std::string(status) + "'");
}

// The card's metadata as the index stored it (catalog_rows.card_data), or an empty object.
core::Result<nlohmann::json> CardData(storage::Transaction& txn, int64_t repo_id) {
  MH_ASSIGN_OR_RETURN(auto row, txn.QueryOne("SELECT card_data FROM catalog_rows WHERE "
                                             "repo_id = ?",
                                             {repo_id}));
  if (!row || row->IsNull(0)) return nlohmann::json::object();
  auto card = nlohmann::json::parse(row->Text(0), nullptr, /*allow_exceptions=*/false);
  return card.is_object() ? card : nlohmann::json::object();
}

// The card's form: its extra_gated_fields, or null.
core::Result<nlohmann::json> GatedForm(storage::Transaction& txn, int64_t repo_id) {
  MH_ASSIGN_OR_RETURN(auto card, CardData(txn, repo_id));
  return card.value("extra_gated_fields", nlohmann::json());
}

struct UserRow {
  int64_t id = 0;
  std::string name;
};

core::Result<UserRow> FindUser(storage::Transaction& txn, std::string_view name) {
  MH_ASSIGN_OR_RETURN(
      auto row, txn.QueryOne("SELECT id, name FROM users WHERE name = ?", {std::string(name)}));
  if (!row) {
    return Unexpected(ErrorCode::kNotFound, "User '" + std::string(name) + "' does not exist");
  }
  return UserRow{row->Int(0), row->Text(1)};
}

// What a decision on `user`'s access to a gated repo works on: the repo (the caller needs write
// rights on it), the user, and the current status of its request ("" for none).
struct Decision {
  RepoRecord record;
  UserRow user;
  std::string status;
};

core::Result<Decision> OpenDecision(storage::Transaction& txn, const Caller& caller,
                                    const RepoKey& key, std::string_view user) {
  Decision decision;
  MH_ASSIGN_OR_RETURN(decision.record, internal::FindWritableRepo(txn, caller, key));
  if (decision.record.gated.empty()) return Unexpected(NotGated(decision.record).error());
  MH_ASSIGN_OR_RETURN(decision.user, FindUser(txn, user));
  MH_ASSIGN_OR_RETURN(decision.status,
                      internal::AccessRequestStatus(txn, decision.record.row_id, decision.user.id));
  return decision;
}

}  // namespace

core::Result<std::string> RepoService::RequestAccess(const Caller& caller, const RepoKey& key,
                                                     const nlohmann::json& fields) {
  if (caller.anonymous()) {
    return Unexpected(ErrorCode::kUnauthorized,
                      "You must be authenticated to ask for access to a gated repo");
  }
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  const RepoRecord& record = lookup.record;
  if (record.gated.empty()) return Unexpected(NotGated(record).error());
  MH_ASSIGN_OR_RETURN(auto form, GatedForm(*txn, record.row_id));
  MH_ASSIGN_OR_RETURN(auto answers, internal::CheckGatedAnswers(form, fields));
  MH_ASSIGN_OR_RETURN(std::string existing,
                      internal::AccessRequestStatus(*txn, record.row_id, caller.user_id));
  // A decision stands: asking again neither re-opens a rejection nor downgrades an acceptance.
  if (!existing.empty() && existing != "pending") return existing;
  const std::string status = record.gated == "auto" ? "accepted" : "pending";
  const int64_t now = core::NowMillis();
  MH_RETURN_IF_ERROR(txn->Execute(
      "INSERT INTO access_requests (repo_id, user_id, status, fields, requested_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (repo_id, user_id) DO UPDATE SET "
      "status = excluded.status, fields = excluded.fields, updated_at = excluded.updated_at",
      {record.row_id, caller.user_id, status, answers.dump(), now, now}));
  MH_RETURN_IF_ERROR(
      AppendAudit(*txn, caller, "access.request", AuditRepoName(record.key), status));
  MH_RETURN_IF_ERROR(txn->Commit());
  return status;
}

core::Result<AccessForm> RepoService::GetAccessForm(const Caller& caller, const RepoKey& key) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  const RepoRecord& record = lookup.record;
  if (record.gated.empty()) return Unexpected(NotGated(record).error());
  MH_ASSIGN_OR_RETURN(auto card, CardData(*txn, record.row_id));
  AccessForm form;
  form.gated = record.gated;
  form.prompt = card.value("extra_gated_prompt", nlohmann::json());
  form.fields = card.value("extra_gated_fields", nlohmann::json());
  if (!caller.anonymous()) {
    MH_ASSIGN_OR_RETURN(form.status,
                        internal::AccessRequestStatus(*txn, record.row_id, caller.user_id));
  }
  return form;
}

core::Result<std::vector<AccessRequest>> RepoService::ListAccessRequests(const Caller& caller,
                                                                         const RepoKey& key,
                                                                         std::string_view status) {
  MH_RETURN_IF_ERROR(CheckStatus(status));
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  if (record.gated.empty()) return Unexpected(NotGated(record).error());
  MH_ASSIGN_OR_RETURN(
      auto rows,
      txn->Query("SELECT u.name, u.fullname, u.email, a.status, a.requested_at, a.fields, "
                 "a.reason FROM access_requests a JOIN users u ON u.id = a.user_id "
                 "WHERE a.repo_id = ? AND a.status = ? ORDER BY a.requested_at, u.id",
                 {record.row_id, std::string(status)}));
  std::vector<AccessRequest> requests;
  requests.reserve(rows.size());
  for (const storage::Row& row : rows) {
    AccessRequest request;
    request.user = row.Text(0);
    request.fullname = row.Text(1);
    request.email = row.Text(2);
    request.status = row.Text(3);
    request.timestamp = row.Int(4);
    request.fields = nlohmann::json::parse(row.Text(5), nullptr, false);
    if (!request.fields.is_object()) request.fields = nlohmann::json::object();
    request.rejection_reason = row.Text(6);
    requests.push_back(std::move(request));
  }
  return requests;
}

core::Status RepoService::HandleAccessRequest(const Caller& caller, const RepoKey& key,
                                              std::string_view user, std::string_view status,
                                              std::string_view rejection_reason) {
  MH_RETURN_IF_ERROR(CheckStatus(status));
  if (rejection_reason.size() > 200) {
    return Unexpected(ErrorCode::kBadRequest, "rejectionReason is limited to 200 characters");
  }
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto decision, OpenDecision(*txn, caller, key, user));
  const RepoRecord& record = decision.record;
  const UserRow& target = decision.user;
  if (decision.status.empty()) {
    return Unexpected(ErrorCode::kNotFound, "No access request from '" + target.name + "' to " +
                                                record.key.id.ToString());
  }
  if (decision.status == status) {
    return Unexpected(ErrorCode::kNotFound, "The access request of '" + target.name +
                                                "' is already in the " + std::string(status) +
                                                " list");
  }
  MH_RETURN_IF_ERROR(txn->Execute(
      "UPDATE access_requests SET status = ?, reason = ?, updated_at = ? WHERE repo_id = ? AND "
      "user_id = ?",
      {std::string(status), std::string(status == "rejected" ? rejection_reason : ""),
       core::NowMillis(), record.row_id, target.id}));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, caller, "access.handle", AuditRepoName(record.key),
                                 std::string(status), target.name));
  return txn->Commit();
}

core::Status RepoService::GrantAccess(const Caller& caller, const RepoKey& key,
                                      std::string_view user) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto decision, OpenDecision(*txn, caller, key, user));
  const RepoRecord& record = decision.record;
  const UserRow& target = decision.user;
  if (decision.status == "accepted") {
    return Unexpected(ErrorCode::kBadRequest, "User '" + target.name + "' already has access to " +
                                                  record.key.id.ToString());
  }
  const int64_t now = core::NowMillis();
  MH_RETURN_IF_ERROR(txn->Execute(
      "INSERT INTO access_requests (repo_id, user_id, status, requested_at, updated_at) "
      "VALUES (?, ?, 'accepted', ?, ?) ON CONFLICT (repo_id, user_id) DO UPDATE SET "
      "status = 'accepted', reason = '', updated_at = excluded.updated_at",
      {record.row_id, target.id, now, now}));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, caller, "access.grant", AuditRepoName(record.key),
                                 "accepted", target.name));
  return txn->Commit();
}

}  // namespace modelhub::hub
