// Account management for operators (`modelhub admin user|org|token`): users, organisations and
// their members' roles, and access tokens, read-only ("read"), write-capable ("write"), or
// fine-grained (scoped to named repos or namespaces). Every change is one transaction with its
// audit-log entry; bad input (unknown user, taken name, bad role) changes nothing.
#ifndef MODELHUB_HUB_ACCOUNTS_H_
#define MODELHUB_HUB_ACCOUNTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/hub/caller.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub {

struct UserSummary {
  int64_t id = 0;
  std::string name;
  std::string fullname;
  std::string email;
  bool is_admin = false;
  int64_t created_at = 0;
  std::vector<Membership> orgs;
};

struct OrgMember {
  std::string user;
  OrgRole role = OrgRole::kRead;
};

struct OrgSummary {
  int64_t id = 0;
  std::string name;
  std::string fullname;
  int64_t created_at = 0;
  std::vector<OrgMember> members;
};

struct TokenRequest {
  std::string user;
  std::string role;                // "read" or "write"; with scopes, each scope's permission
  std::vector<TokenScope> scopes;  // empty: the role applies everywhere the user may act
  std::string display_name;
};

struct TokenSummary {
  int64_t id = 0;
  std::string user;
  std::string display_name;
  std::string role;  // "read", "write" or "fineGrained"
  std::vector<TokenScope> scopes;
  int64_t created_at = 0;
  int64_t last_used_at = 0;  // 0 = never
  bool revoked = false;
};

struct NewToken {
  int64_t id = 0;
  std::string token;  // shown once, never stored
};

// Parses a scope as the CLI takes it: "ns/name" (a model), "datasets/ns/name", "spaces/ns/name",
// or "ns" (every repo of a namespace, and creating repos in it). BadRequest otherwise.
core::Result<TokenScope> ParseTokenScope(std::string_view text, bool write);
// The inverse of ParseTokenScope.
std::string TokenScopeName(const TokenScope& scope);

class Accounts {
 public:
  // `actor` is who the audit log names for every change (the CLI passes the operator).
  Accounts(storage::Metastore& metastore, Caller actor)
      : metastore_(metastore), actor_(std::move(actor)) {}

  core::Result<UserSummary> AddUser(std::string_view name, std::string_view fullname,
                                    std::string_view email, bool is_admin);
  core::Result<std::vector<UserSummary>> ListUsers();
  // Revokes the user's tokens and memberships and deletes the account. Conflict while
  // the user still owns repos (nothing is deleted implicitly).
  core::Status RemoveUser(std::string_view name);

  core::Result<OrgSummary> CreateOrg(std::string_view name, std::string_view fullname);
  core::Result<std::vector<OrgSummary>> ListOrgs();
  // Adds `user` to `org` with `role`, or changes the role of a member.
  core::Status AddMember(std::string_view org, std::string_view user, OrgRole role);
  core::Status RemoveMember(std::string_view org, std::string_view user);

  core::Result<NewToken> CreateToken(const TokenRequest& request);
  // Every token, or the tokens of `user`, newest first.
  core::Result<std::vector<TokenSummary>> ListTokens(std::optional<std::string_view> user);
  core::Status RevokeToken(int64_t id);

 private:
  storage::Metastore& metastore_;
  Caller actor_;
};

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_ACCOUNTS_H_
