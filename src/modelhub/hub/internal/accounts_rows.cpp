#include "modelhub/hub/internal/accounts_rows.h"

#include <string>

namespace modelhub::hub::internal {

core::Result<std::vector<Membership>> ReadMemberships(storage::Transaction& txn, int64_t user_id) {
  MH_ASSIGN_OR_RETURN(auto rows,
                      txn.Query("SELECT o.id, o.name, o.fullname, m.role FROM org_members m "
                                "JOIN orgs o ON o.id = m.org_id WHERE m.user_id = ? "
                                "ORDER BY o.name",
                                {user_id}));
  std::vector<Membership> memberships;
  memberships.reserve(rows.size());
  for (const storage::Row& row : rows) {
    auto role = ParseOrgRole(row.Text(3));
    if (!role) continue;  // written only through AddMember, which validates
    memberships.push_back(Membership{row.Int(0), row.Text(1), row.Text(2), *role});
  }
  return memberships;
}

core::Result<std::vector<TokenScope>> ReadScopes(storage::Transaction& txn, int64_t token_id) {
  MH_ASSIGN_OR_RETURN(auto rows, txn.Query("SELECT kind, repo_type, name, permission FROM "
                                           "token_scopes WHERE token_id = ? ORDER BY rowid",
                                           {token_id}));
  std::vector<TokenScope> scopes;
  scopes.reserve(rows.size());
  for (const storage::Row& row : rows) {
    TokenScope scope;
    scope.kind =
        row.Text(0) == "namespace" ? TokenScope::Kind::kNamespace : TokenScope::Kind::kRepo;
    scope.type = core::ParseRepoType(row.Text(1)).value_or(core::RepoType::kModel);
    scope.name = row.Text(2);
    scope.write = row.Text(3) == "write";
    scopes.push_back(std::move(scope));
  }
  return scopes;
}

core::Status CheckNamespaceFree(storage::Transaction& txn, std::string_view name) {
  MH_ASSIGN_OR_RETURN(auto user,
                      txn.QueryOne("SELECT 1 FROM users WHERE name = ?", {std::string(name)}));
  if (user) {
    return core::Unexpected(core::ErrorCode::kConflict,
                            "A user named '" + std::string(name) + "' already exists");
  }
  MH_ASSIGN_OR_RETURN(auto org,
                      txn.QueryOne("SELECT 1 FROM orgs WHERE name = ?", {std::string(name)}));
  if (org) {
    return core::Unexpected(core::ErrorCode::kConflict,
                            "An organization named '" + std::string(name) + "' already exists");
  }
  return core::Ok();
}

}  // namespace modelhub::hub::internal
