// Who is making a request, as established from its token, and the access rules: every route's
// decision about a repo goes through the predicates below, so that a rule is written once.
//
// Two things must both allow an action: the account (its own namespace, its role in the owning
// organisation, or site admin) and the token (role "read", "write", or "fineGrained" with scopes
// that name the repo or its namespace).
#ifndef MODELHUB_HUB_CALLER_H_
#define MODELHUB_HUB_CALLER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/core/ids.h"
#include "modelhub/hub/repo_types.h"

namespace modelhub::hub {

// Roles of an organisation's members, in increasing power (hub-docs organizations-security.md):
// read sees private repos; contributor also creates repos and has write rights on those it
// created; write has write rights on every repo; admin also manages the organisation's members.
// Write rights on a repo cover its content, settings, gating and access requests, renaming and
// deletion.
enum class OrgRole { kRead = 0, kContributor = 1, kWrite = 2, kAdmin = 3 };

std::string_view OrgRoleName(OrgRole role);
std::optional<OrgRole> ParseOrgRole(std::string_view text);

struct Membership {
  int64_t org_id = 0;
  std::string org;
  std::string org_fullname;
  OrgRole role = OrgRole::kRead;
};

// One grant of a fine-grained token: a repo of a type, or every repo of a namespace.
struct TokenScope {
  enum class Kind { kRepo, kNamespace };
  Kind kind = Kind::kRepo;
  core::RepoType type = core::RepoType::kModel;  // kRepo only
  std::string name;                              // "ns/name" (kRepo) or "ns" (kNamespace)
  bool write = false;

  bool Covers(const RepoKey& key) const;
  bool CoversNamespace(std::string_view ns) const;
};

struct Caller {
  int64_t user_id = 0;  // 0 = anonymous
  std::string name;
  std::string fullname;
  std::string email;
  bool is_admin = false;
  std::vector<Membership> orgs;

  int64_t token_id = 0;            // 0 for anonymous and for work the server does itself
  std::string token_role;          // "read" | "write" | "fineGrained" | "" (anonymous)
  std::vector<TokenScope> scopes;  // fineGrained only
  std::string token_display_name;  // shown by whoami-v2
  int64_t token_created_at = 0;

  std::string address;  // the client's address, for the audit log

  bool anonymous() const { return user_id == 0; }
  // The caller's role in organisation `ns`, if a member.
  std::optional<OrgRole> RoleIn(std::string_view ns) const;
};

// The server acting on its own behalf (indexing, seeding, LFS bookkeeping): an admin with a write
// token that is no user row.
Caller SystemCaller();

// What the token allows on `key`, whatever the account may do.
bool TokenAllowsRead(const Caller& caller, const RepoKey& key);
bool TokenAllowsWrite(const Caller& caller, const RepoKey& key);

// May `caller` see the repo at all (info, listings, refs)? Public repos: everyone.
bool CanRead(const Caller& caller, const RepoKey& key, bool is_private);
// May `caller` read a gated repo's files without an accepted access request? Owners, members of
// the owning organisation and site admins may; everyone else needs a grant.
bool BypassesGate(const Caller& caller, const RepoKey& key);
// Does `caller` have write rights on the repo: content (commits, branches, tags, LFS uploads),
// settings, gating and its access requests, renaming, deletion? `created_by` is the repo's
// creator (organisation contributors have write rights on their own repos only).
bool CanWrite(const Caller& caller, const RepoKey& key, int64_t created_by);
// May `caller` create a repo in namespace `ns`? A fine-grained token needs a write scope on the
// namespace itself: a repo scope cannot name a repo that does not exist yet.
bool CanCreateIn(const Caller& caller, std::string_view ns);

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_CALLER_H_
