#include "modelhub/hub/repo_service.h"

#include "modelhub/core/encoding.h"
#include "modelhub/core/random.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/gitattributes.h"
#include "modelhub/hub/internal/indexing.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/search/catalog_index.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::hub {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

RepoService::RepoService(storage::Metastore& metastore, storage::BlobStore& blobs)
    : metastore_(metastore),
      blobs_(blobs),
      impl_(std::make_unique<internal::ServiceState>(metastore)) {}

RepoService::~RepoService() = default;

core::Result<RepoRecord> RepoService::CreateRepo(const Caller& caller, const RepoKey& key,
                                                 bool is_private, std::string_view sdk) {
  if (!core::IsValidRepoNamePart(key.id.ns) || !core::IsValidRepoNamePart(key.id.name) ||
      key.id.name.ends_with(".git")) {
    return Unexpected(core::ParseRepoId(key.id.ToString()).error());
  }
  if (caller.anonymous()) {
    return Unexpected(ErrorCode::kUnauthorized,
                      "You must be authenticated to create a repository: pass a write token");
  }
  if (!CanCreateIn(caller, key.id.ns)) {
    return Unexpected(ErrorCode::kForbidden,
                      "You don't have the rights to create a repository in namespace '" +
                          key.id.ns + "'" +
                          (caller.token_role == "read" ? " with a read token." : "."));
  }
  std::string type(core::RepoTypeName(key.type));
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto existing,
                      txn->QueryOne("SELECT id FROM repos WHERE type = ? AND namespace = ? AND "
                                    "name = ?",
                                    {type, key.id.ns, key.id.name}));
  if (existing) {
    return Unexpected(ErrorCode::kConflict,
                      "You already created this " + type + " repo: " + key.id.ToString());
  }
  int64_t now = core::NowMillis();
  MH_ASSIGN_OR_RETURN(
      int64_t row_id,
      txn->Insert("INSERT INTO repos (type, namespace, name, private, sdk, created_at, "
                  "updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  {type, key.id.ns, key.id.name, int64_t{is_private}, std::string(sdk), now, now,
                   std::max<int64_t>(caller.user_id, 0)}));
  // A name freed by a move now belongs to the new repo.
  MH_RETURN_IF_ERROR(
      txn->Execute("DELETE FROM repo_redirects WHERE type = ? AND namespace = ? AND name = ?",
                   {type, key.id.ns, key.id.name}));

  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, row_id));
  MH_ASSIGN_OR_RETURN(std::string attributes_oid, git->WriteBlob(DefaultGitattributes(key.type)));
  MH_ASSIGN_OR_RETURN(std::string tree,
                      git->UpdateTree("", {storage::TreeUpdate{storage::TreeUpdate::Action::kUpsert,
                                                               ".gitattributes", attributes_oid}}));
  auto signature = internal::SignatureOf(caller);
  MH_ASSIGN_OR_RETURN(std::string commit,
                      git->CreateCommit(tree, {}, signature, signature, "initial commit"));
  MH_RETURN_IF_ERROR(storage::UpdateRef(*txn, row_id, "refs/heads/main", std::nullopt, commit));
  MH_RETURN_IF_ERROR(txn->Execute("UPDATE repos SET head_sha = ? WHERE id = ?", {commit, row_id}));
  MH_RETURN_IF_ERROR(internal::IndexHead(*txn, *git, blobs_, *impl_, key.type, row_id, commit));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, caller, "repo.create", AuditRepoName(key), "ok",
                                 is_private ? "private" : "public"));
  git.reset();
  MH_RETURN_IF_ERROR(txn->Commit());
  return lookup.record;
}

core::Status RepoService::DeleteRepo(const Caller& caller, const RepoKey& key) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  MH_RETURN_IF_ERROR(storage::DeleteRepoGitData(*txn, record.row_id));
  MH_RETURN_IF_ERROR(txn->Execute("DELETE FROM lfs_objects WHERE repo_id = ?", {record.row_id}));
  MH_RETURN_IF_ERROR(txn->Execute("DELETE FROM repo_redirects WHERE repo_id = ?", {record.row_id}));
  MH_RETURN_IF_ERROR(txn->Execute("DELETE FROM repos WHERE id = ?", {record.row_id}));
  MH_RETURN_IF_ERROR(search::DeleteCatalogEntry(*txn, record.row_id));
  MH_RETURN_IF_ERROR(
      txn->Execute("DELETE FROM access_requests WHERE repo_id = ?", {record.row_id}));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, caller, "repo.delete", AuditRepoName(record.key)));
  return txn->Commit();
}

core::Status RepoService::MoveRepo(const Caller& caller, const RepoKey& from,
                                   const core::RepoId& to) {
  MH_RETURN_IF_ERROR(core::ParseRepoId(to.ToString()));
  if (!CanCreateIn(caller, to.ns)) {
    return Unexpected(ErrorCode::kForbidden,
                      "You don't have the rights to move a repository to '" + to.ns + "'.");
  }
  std::string type(core::RepoTypeName(from.type));
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, from));
  if (record.key.id == to) return core::Ok();
  MH_ASSIGN_OR_RETURN(auto taken,
                      txn->QueryOne("SELECT id FROM repos WHERE type = ? AND namespace = ? AND "
                                    "name = ?",
                                    {type, to.ns, to.name}));
  if (taken) {
    return Unexpected(ErrorCode::kConflict,
                      "A " + type + " repo named " + to.ToString() + " already exists");
  }
  MH_RETURN_IF_ERROR(
      txn->Execute("UPDATE repos SET namespace = ?, name = ?, updated_at = ? "
                   "WHERE id = ?",
                   {to.ns, to.name, core::NowMillis(), record.row_id}));
  MH_RETURN_IF_ERROR(
      txn->Execute("DELETE FROM repo_redirects WHERE type = ? AND namespace = ? AND name = ?",
                   {type, to.ns, to.name}));
  MH_RETURN_IF_ERROR(txn->Execute(
      "INSERT INTO repo_redirects (type, namespace, name, repo_id) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (type, namespace, name) DO UPDATE SET repo_id = excluded.repo_id",
      {type, record.key.id.ns, record.key.id.name, record.row_id}));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, caller, "repo.move", AuditRepoName(record.key), "ok",
                                 "to " + AuditRepoName(RepoKey{from.type, to})));
  return txn->Commit();
}

core::Result<RepoRecord> RepoService::UpdateSettings(const Caller& caller, const RepoKey& key,
                                                     std::optional<bool> is_private,
                                                     std::optional<std::string> gated) {
  if (gated && *gated != "" && *gated != "auto" && *gated != "manual") {
    return Unexpected(ErrorCode::kBadRequest,
                      "gated must be false, \"auto\" or \"manual\", not \"" + *gated + "\"");
  }
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  if (is_private) {
    MH_RETURN_IF_ERROR(txn->Execute("UPDATE repos SET private = ? WHERE id = ?",
                                    {int64_t{*is_private}, record.row_id}));
    record.is_private = *is_private;
  }
  if (gated) {
    MH_RETURN_IF_ERROR(
        txn->Execute("UPDATE repos SET gated = ? WHERE id = ?", {*gated, record.row_id}));
    record.gated = *gated;
  }
  std::string change;
  if (is_private) change += *is_private ? "private=true" : "private=false";
  if (gated)
    change +=
        std::string(change.empty() ? "" : " ") + "gated=" + (gated->empty() ? "false" : *gated);
  MH_RETURN_IF_ERROR(
      AppendAudit(*txn, caller, "repo.settings", AuditRepoName(record.key), "ok", change));
  MH_RETURN_IF_ERROR(txn->Commit());
  return record;
}

core::Result<RepoLookup> RepoService::FindRepo(const Caller& caller, const RepoKey& key) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  return internal::FindVisibleRepo(*txn, caller, key);
}

core::Status RepoService::RecordDenial(const Caller& caller, std::string_view repo,
                                       std::string_view outcome, std::string_view detail) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, caller, "access.denied", repo, outcome, detail));
  return txn->Commit();
}

core::Result<std::string> RepoService::SigningSecret() {
  std::lock_guard lock(impl_->secret_mutex);
  if (!impl_->signing_secret.empty()) return impl_->signing_secret;
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto row,
                      txn->QueryOne("SELECT value FROM settings WHERE key = 'signing_secret'"));
  if (row) {
    impl_->signing_secret = row->Text(0);
  } else {
    impl_->signing_secret = core::RandomHex(32);
    MH_RETURN_IF_ERROR(txn->Execute(
        "INSERT INTO settings (key, value) VALUES ('signing_secret', ?)", {impl_->signing_secret}));
    MH_RETURN_IF_ERROR(txn->Commit());
  }
  return impl_->signing_secret;
}

core::Result<std::vector<LfsObjectStatus>> RepoService::LfsBatch(
    const Caller& caller, const RepoKey& key, bool upload,
    const std::vector<LfsObjectStatus>& objects) {
  {
    MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
    if (upload) {
      MH_RETURN_IF_ERROR(internal::FindWritableRepo(*txn, caller, key));
    } else {
      MH_RETURN_IF_ERROR(internal::FindVisibleRepo(*txn, caller, key, internal::Need::kContent));
    }
  }
  std::vector<LfsObjectStatus> statuses;
  for (const auto& object : objects) {
    LfsObjectStatus status = object;
    if (object.oid.size() != 64 || !core::HexDecode(object.oid) ||
        object.oid.find_first_of("ABCDEF") != std::string::npos) {
      status.error = "Invalid object id '" + object.oid + "': expected 64 lowercase hex digits";
      statuses.push_back(std::move(status));
      continue;
    }
    MH_ASSIGN_OR_RETURN(auto size, blobs_.Stat(object.oid));
    status.present = size.has_value() && *size == object.size;
    if (!upload && !status.present) status.error = "Object does not exist";
    if (upload && size && *size != object.size) {
      status.error = "Object exists with size " + std::to_string(*size) + ", not " +
                     std::to_string(object.size);
    }
    statuses.push_back(std::move(status));
  }
  return statuses;
}

core::Status RepoService::RecordLfsObject(const RepoKey& key, std::string_view sha256,
                                          uint64_t size) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, SystemCaller(), key));
  MH_RETURN_IF_ERROR(txn->Execute(
      "INSERT INTO lfs_objects (repo_id, oid, size, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (repo_id, oid) DO NOTHING",
      {lookup.record.row_id, std::string(sha256), static_cast<int64_t>(size), core::NowMillis()}));
  return txn->Commit();
}

}  // namespace modelhub::hub
