#include "modelhub/hub/accounts.h"

#include "modelhub/core/ids.h"
#include "modelhub/core/random.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/internal/accounts_rows.h"
#include "modelhub/hub/internal/counters.h"
#include "modelhub/hub/internal/tokens.h"

namespace modelhub::hub {
namespace {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

core::Status NoUser(std::string_view name) {
  return Unexpected(ErrorCode::kNotFound, "No user named '" + std::string(name) + "'");
}

core::Status NoOrg(std::string_view name) {
  return Unexpected(ErrorCode::kNotFound, "No organization named '" + std::string(name) + "'");
}

core::Result<int64_t> UserId(storage::Transaction& txn, std::string_view name) {
  MH_ASSIGN_OR_RETURN(auto row,
                      txn.QueryOne("SELECT id FROM users WHERE name = ?", {std::string(name)}));
  if (!row) return Unexpected(NoUser(name).error());
  return row->Int(0);
}

core::Result<int64_t> OrgId(storage::Transaction& txn, std::string_view name) {
  MH_ASSIGN_OR_RETURN(auto row,
                      txn.QueryOne("SELECT id FROM orgs WHERE name = ?", {std::string(name)}));
  if (!row) return Unexpected(NoOrg(name).error());
  return row->Int(0);
}

core::Status ValidateAccountName(std::string_view name, std::string_view what) {
  if (core::IsValidRepoNamePart(name)) return core::Ok();
  return Unexpected(ErrorCode::kBadRequest,
                    "Invalid " + std::string(what) + " name '" + std::string(name) +
                        "': use 1-96 letters, digits, '-', '_' or '.', starting and ending with a "
                        "letter or digit");
}

}  // namespace

core::Result<TokenScope> ParseTokenScope(std::string_view text, bool write) {
  TokenScope scope;
  scope.write = write;
  std::string_view rest = text;
  for (core::RepoType type : {core::RepoType::kDataset, core::RepoType::kSpace}) {
    std::string_view prefix = core::RepoTypeUrlPrefix(type);
    if (rest.starts_with(prefix)) {
      scope.type = type;
      rest.remove_prefix(prefix.size());
      break;
    }
  }
  const bool repo = rest.find('/') != std::string_view::npos;
  if (!repo && rest.size() == text.size() && core::IsValidRepoNamePart(rest)) {
    scope.kind = TokenScope::Kind::kNamespace;
    scope.name = std::string(rest);
    return scope;
  }
  auto id = core::ParseRepoId(rest);
  if (!repo || !id) {
    return Unexpected(ErrorCode::kBadRequest,
                      "Invalid scope '" + std::string(text) +
                          "': expected a namespace (\"acme\"), a model (\"acme/bert\"), "
                          "\"datasets/acme/corpus\" or \"spaces/acme/demo\"");
  }
  scope.kind = TokenScope::Kind::kRepo;
  scope.name = id->ToString();
  return scope;
}

std::string TokenScopeName(const TokenScope& scope) {
  if (scope.kind == TokenScope::Kind::kNamespace) return scope.name;
  return std::string(core::RepoTypeUrlPrefix(scope.type)) + scope.name;
}

core::Result<UserSummary> Accounts::AddUser(std::string_view name, std::string_view fullname,
                                            std::string_view email, bool is_admin) {
  MH_RETURN_IF_ERROR(ValidateAccountName(name, "user"));
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_RETURN_IF_ERROR(internal::CheckNamespaceFree(*txn, name));
  UserSummary user;
  user.name = std::string(name);
  user.fullname = fullname.empty() ? user.name : std::string(fullname);
  user.email = std::string(email);
  user.is_admin = is_admin;
  user.created_at = core::NowMillis();
  MH_ASSIGN_OR_RETURN(user.id, txn->Insert("INSERT INTO users (name, fullname, email, is_admin, "
                                           "created_at) VALUES (?, ?, ?, ?, ?)",
                                           {user.name, user.fullname, user.email, int64_t{is_admin},
                                            user.created_at}));
  MH_RETURN_IF_ERROR(
      AppendAudit(*txn, actor_, "user.add", "", "ok", user.name + (is_admin ? " (admin)" : "")));
  MH_RETURN_IF_ERROR(txn->Commit());
  return user;
}

core::Result<std::vector<UserSummary>> Accounts::ListUsers() {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto rows, txn->Query("SELECT id, name, fullname, email, is_admin, "
                                            "created_at FROM users ORDER BY name"));
  std::vector<UserSummary> users;
  for (const storage::Row& row : rows) {
    UserSummary user{row.Int(0),      row.Text(1), row.Text(2), row.Text(3),
                     row.Int(4) != 0, row.Int(5),  {}};
    MH_ASSIGN_OR_RETURN(user.orgs, internal::ReadMemberships(*txn, user.id));
    users.push_back(std::move(user));
  }
  return users;
}

core::Status Accounts::RemoveUser(std::string_view name) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(int64_t id, UserId(*txn, name));
  MH_ASSIGN_OR_RETURN(auto owned, txn->QueryOne("SELECT count(*) FROM repos WHERE namespace = ?",
                                                {std::string(name)}));
  if (owned->Int(0) > 0) {
    return Unexpected(ErrorCode::kConflict,
                      "User '" + std::string(name) + "' still owns " +
                          std::to_string(owned->Int(0)) +
                          " repos: delete them or move them to another namespace first");
  }
  // Token rows stay, revoked and owned by no one: their ids are never handed out again, so the
  // token ids in the audit log keep naming one token each.
  MH_RETURN_IF_ERROR(
      txn->Execute("UPDATE tokens SET revoked = 1, user_id = 0 WHERE user_id = ?", {id}));
  MH_RETURN_IF_ERROR(txn->Execute("DELETE FROM org_members WHERE user_id = ?", {id}));
  MH_RETURN_IF_ERROR(txn->Execute("DELETE FROM access_requests WHERE user_id = ?", {id}));
  MH_ASSIGN_OR_RETURN(auto liked, txn->Query("SELECT repo_id FROM likes WHERE user_id = ?", {id}));
  MH_RETURN_IF_ERROR(txn->Execute("DELETE FROM likes WHERE user_id = ?", {id}));
  // Like counts and trending scores are derived from `likes`: recount the repos the user liked.
  const int64_t today = internal::DayOf(core::NowMillis());
  for (const storage::Row& row : liked) {
    MH_RETURN_IF_ERROR(internal::RefreshCounters(*txn, row.Int(0), today));
  }
  // SQLite reuses the highest freed user id: the next user must not inherit the contributor
  // rights of the repos this one created (caller.h CanWrite).
  MH_RETURN_IF_ERROR(txn->Execute("UPDATE repos SET created_by = 0 WHERE created_by = ?", {id}));
  MH_RETURN_IF_ERROR(txn->Execute("DELETE FROM users WHERE id = ?", {id}));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, actor_, "user.remove", "", "ok", std::string(name)));
  return txn->Commit();
}

core::Result<OrgSummary> Accounts::CreateOrg(std::string_view name, std::string_view fullname) {
  MH_RETURN_IF_ERROR(ValidateAccountName(name, "organization"));
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_RETURN_IF_ERROR(internal::CheckNamespaceFree(*txn, name));
  OrgSummary org;
  org.name = std::string(name);
  org.fullname = fullname.empty() ? org.name : std::string(fullname);
  org.created_at = core::NowMillis();
  MH_ASSIGN_OR_RETURN(org.id,
                      txn->Insert("INSERT INTO orgs (name, fullname, created_at) VALUES (?, ?, ?)",
                                  {org.name, org.fullname, org.created_at}));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, actor_, "org.create", "", "ok", org.name));
  MH_RETURN_IF_ERROR(txn->Commit());
  return org;
}

core::Result<std::vector<OrgSummary>> Accounts::ListOrgs() {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto rows,
                      txn->Query("SELECT id, name, fullname, created_at FROM orgs ORDER BY name"));
  std::vector<OrgSummary> orgs;
  for (const storage::Row& row : rows) {
    OrgSummary org{row.Int(0), row.Text(1), row.Text(2), row.Int(3), {}};
    MH_ASSIGN_OR_RETURN(auto members,
                        txn->Query("SELECT u.name, m.role FROM org_members m JOIN users u ON "
                                   "u.id = m.user_id WHERE m.org_id = ? ORDER BY u.name",
                                   {org.id}));
    for (const storage::Row& member : members) {
      org.members.push_back(
          {member.Text(0), ParseOrgRole(member.Text(1)).value_or(OrgRole::kRead)});
    }
    orgs.push_back(std::move(org));
  }
  return orgs;
}

core::Status Accounts::AddMember(std::string_view org, std::string_view user, OrgRole role) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(int64_t org_id, OrgId(*txn, org));
  MH_ASSIGN_OR_RETURN(int64_t user_id, UserId(*txn, user));
  MH_RETURN_IF_ERROR(
      txn->Execute("INSERT INTO org_members (org_id, user_id, role, added_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
                   {org_id, user_id, std::string(OrgRoleName(role)), core::NowMillis()}));
  MH_RETURN_IF_ERROR(AppendAudit(
      *txn, actor_, "org.add-member", "", "ok",
      std::string(org) + " " + std::string(user) + " " + std::string(OrgRoleName(role))));
  return txn->Commit();
}

core::Status Accounts::RemoveMember(std::string_view org, std::string_view user) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(int64_t org_id, OrgId(*txn, org));
  MH_ASSIGN_OR_RETURN(int64_t user_id, UserId(*txn, user));
  MH_ASSIGN_OR_RETURN(
      int64_t removed,
      txn->Execute("DELETE FROM org_members WHERE org_id = ? AND user_id = ?", {org_id, user_id}));
  if (removed == 0) {
    return Unexpected(ErrorCode::kNotFound, "User '" + std::string(user) +
                                                "' is not a member of '" + std::string(org) + "'");
  }
  MH_RETURN_IF_ERROR(AppendAudit(*txn, actor_, "org.remove-member", "", "ok",
                                 std::string(org) + " " + std::string(user)));
  return txn->Commit();
}

core::Result<NewToken> Accounts::CreateToken(const TokenRequest& request) {
  if (request.role != "read" && request.role != "write") {
    return Unexpected(ErrorCode::kBadRequest,
                      "Token role must be 'read' or 'write', not '" + request.role + "'");
  }
  const std::string stored_role = request.scopes.empty() ? request.role : "fineGrained";
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(int64_t user_id, UserId(*txn, request.user));
  NewToken created;
  created.token = core::NewAccessToken();
  std::string display_name = request.display_name.empty() ? stored_role : request.display_name;
  MH_ASSIGN_OR_RETURN(
      created.id, internal::InsertToken(*txn, user_id, created.token, stored_role, display_name));
  std::string scope_text;
  for (const TokenScope& scope : request.scopes) {
    MH_RETURN_IF_ERROR(txn->Execute(
        "INSERT INTO token_scopes (token_id, kind, repo_type, name, permission) "
        "VALUES (?, ?, ?, ?, ?)",
        {created.id, std::string(scope.kind == TokenScope::Kind::kRepo ? "repo" : "namespace"),
         std::string(scope.kind == TokenScope::Kind::kRepo ? core::RepoTypeName(scope.type) : ""),
         scope.name, std::string(scope.write ? "write" : "read")}));
    scope_text += " " + TokenScopeName(scope);
  }
  MH_RETURN_IF_ERROR(AppendAudit(
      *txn, actor_, "token.create", "", "ok",
      "#" + std::to_string(created.id) + " for " + request.user + " " + request.role + scope_text));
  MH_RETURN_IF_ERROR(txn->Commit());
  return created;
}

core::Result<std::vector<TokenSummary>> Accounts::ListTokens(std::optional<std::string_view> user) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  if (user) MH_RETURN_IF_ERROR(UserId(*txn, *user));
  std::string filter(user.value_or(""));
  MH_ASSIGN_OR_RETURN(auto rows,
                      txn->Query("SELECT t.id, u.name, t.display_name, t.role, t.created_at, "
                                 "t.last_used_at, t.revoked FROM tokens t JOIN users u ON u.id = "
                                 "t.user_id WHERE (? = '' OR u.name = ?) ORDER BY t.id DESC",
                                 {filter, filter}));
  std::vector<TokenSummary> tokens;
  for (const storage::Row& row : rows) {
    TokenSummary token{row.Int(0), row.Text(1), row.Text(2), row.Text(3),
                       {},         row.Int(4),  row.Int(5),  row.Int(6) != 0};
    MH_ASSIGN_OR_RETURN(token.scopes, internal::ReadScopes(*txn, token.id));
    tokens.push_back(std::move(token));
  }
  return tokens;
}

core::Status Accounts::RevokeToken(int64_t id) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto row, txn->QueryOne("SELECT revoked FROM tokens WHERE id = ?", {id}));
  if (!row) return Unexpected(ErrorCode::kNotFound, "No token #" + std::to_string(id));
  if (row->Int(0) != 0) return core::Ok();  // revoking twice is not an error
  MH_RETURN_IF_ERROR(txn->Execute("UPDATE tokens SET revoked = 1 WHERE id = ?", {id}));
  MH_RETURN_IF_ERROR(AppendAudit(*txn, actor_, "token.revoke", "", "ok", "#" + std::to_string(id)));
  return txn->Commit();
}

}  // namespace modelhub::hub
