#include "modelhub/hub/caller.h"

#include <array>

namespace modelhub::hub {
namespace {

constexpr std::array<std::string_view, 4> kRoleNames = {"read", "contributor", "write", "admin"};

// The account's own rights on namespace `ns`, before the token is considered.
bool OwnsNamespace(const Caller& caller, std::string_view ns) {
  return !caller.anonymous() && (caller.is_admin || caller.name == ns);
}

bool HasRole(const Caller& caller, std::string_view ns, OrgRole at_least) {
  auto role = caller.RoleIn(ns);
  return role && *role >= at_least;
}

}  // namespace

std::string_view OrgRoleName(OrgRole role) { return kRoleNames[static_cast<size_t>(role)]; }

std::optional<OrgRole> ParseOrgRole(std::string_view text) {
  for (size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == text) return static_cast<OrgRole>(i);
  }
  return std::nullopt;
}

bool TokenScope::Covers(const RepoKey& key) const {
  if (kind == Kind::kNamespace) return name == key.id.ns;
  return type == key.type && name == key.id.ToString();
}

bool TokenScope::CoversNamespace(std::string_view ns) const {
  return kind == Kind::kNamespace && name == ns;
}

Caller SystemCaller() {
  Caller caller;
  caller.user_id = -1;
  caller.name = "modelhub";
  caller.is_admin = true;
  caller.token_role = "write";
  return caller;
}

std::optional<OrgRole> Caller::RoleIn(std::string_view ns) const {
  for (const Membership& membership : orgs) {
    if (membership.org == ns) return membership.role;
  }
  return std::nullopt;
}

bool TokenAllowsRead(const Caller& caller, const RepoKey& key) {
  if (caller.token_role == "read" || caller.token_role == "write") return true;
  if (caller.token_role != "fineGrained") return false;
  for (const TokenScope& scope : caller.scopes) {
    if (scope.Covers(key)) return true;
  }
  return false;
}

bool TokenAllowsWrite(const Caller& caller, const RepoKey& key) {
  if (caller.token_role == "write") return true;
  if (caller.token_role != "fineGrained") return false;
  for (const TokenScope& scope : caller.scopes) {
    if (scope.write && scope.Covers(key)) return true;
  }
  return false;
}

bool CanRead(const Caller& caller, const RepoKey& key, bool is_private) {
  if (!is_private) return true;
  if (caller.anonymous() || !TokenAllowsRead(caller, key)) return false;
  return OwnsNamespace(caller, key.id.ns) || caller.RoleIn(key.id.ns).has_value();
}

bool BypassesGate(const Caller& caller, const RepoKey& key) {
  return OwnsNamespace(caller, key.id.ns) || caller.RoleIn(key.id.ns).has_value();
}

bool CanWrite(const Caller& caller, const RepoKey& key, int64_t created_by) {
  if (caller.anonymous() || !TokenAllowsWrite(caller, key)) return false;
  if (OwnsNamespace(caller, key.id.ns) || HasRole(caller, key.id.ns, OrgRole::kWrite)) return true;
  return created_by == caller.user_id && HasRole(caller, key.id.ns, OrgRole::kContributor);
}

bool CanCreateIn(const Caller& caller, std::string_view ns) {
  if (caller.anonymous()) return false;
  bool token_allows = caller.token_role == "write";
  if (caller.token_role == "fineGrained") {
    for (const TokenScope& scope : caller.scopes) {
      if (scope.write && scope.CoversNamespace(ns)) token_allows = true;
    }
  }
  if (!token_allows) return false;
  return OwnsNamespace(caller, ns) || HasRole(caller, ns, OrgRole::kContributor);
}

}  // namespace modelhub::hub
