// The access predicates of caller.h, one rule at a time: what each token role allows, what the
// account allows (own namespace, site admin, each organisation role), and both together.
#include "modelhub/hub/caller.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace modelhub::hub {
namespace {

using core::RepoType;

constexpr int64_t kAliceId = 10;
constexpr int64_t kBobId = 11;

RepoKey Model(std::string ns, std::string name) {
  return {RepoType::kModel, core::RepoId{std::move(ns), std::move(name)}};
}

RepoKey Dataset(std::string ns, std::string name) {
  return {RepoType::kDataset, core::RepoId{std::move(ns), std::move(name)}};
}

TokenScope RepoScope(const RepoKey& key, bool write) {
  TokenScope scope;
  scope.kind = TokenScope::Kind::kRepo;
  scope.type = key.type;
  scope.name = key.id.ToString();
  scope.write = write;
  return scope;
}

TokenScope NamespaceScope(std::string ns, bool write) {
  TokenScope scope;
  scope.kind = TokenScope::Kind::kNamespace;
  scope.name = std::move(ns);
  scope.write = write;
  return scope;
}

// User "alice" (id 10) holding a token of `token_role`.
Caller Alice(std::string token_role = "write", std::vector<TokenScope> scopes = {}) {
  Caller caller;
  caller.user_id = kAliceId;
  caller.name = "alice";
  caller.token_id = 1;
  caller.token_role = std::move(token_role);
  caller.scopes = std::move(scopes);
  return caller;
}

// User "bob" (id 11), a member of organisation "acme" with `role`, holding a write token.
Caller AcmeMember(OrgRole role, std::string token_role = "write",
                  std::vector<TokenScope> scopes = {}) {
  Caller caller;
  caller.user_id = kBobId;
  caller.name = "bob";
  caller.orgs.push_back(Membership{1, "acme", "Acme Corp", role});
  caller.token_id = 2;
  caller.token_role = std::move(token_role);
  caller.scopes = std::move(scopes);
  return caller;
}

Caller SiteAdmin(std::string token_role = "write") {
  Caller caller;
  caller.user_id = 1;
  caller.name = "root";
  caller.is_admin = true;
  caller.token_id = 3;
  caller.token_role = std::move(token_role);
  return caller;
}

const Caller kAnonymous;
const RepoKey kAliceModel = Model("alice", "bert");
const RepoKey kAcmeModel = Model("acme", "gpt");

// ---- Organisation roles ----

TEST(OrgRoleTest, NamesRoundTrip) {
  for (OrgRole role : {OrgRole::kRead, OrgRole::kContributor, OrgRole::kWrite, OrgRole::kAdmin}) {
    auto parsed = ParseOrgRole(OrgRoleName(role));
    ASSERT_TRUE(parsed.has_value()) << OrgRoleName(role);
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_EQ(OrgRoleName(OrgRole::kRead), "read");
  EXPECT_EQ(OrgRoleName(OrgRole::kContributor), "contributor");
  EXPECT_EQ(OrgRoleName(OrgRole::kWrite), "write");
  EXPECT_EQ(OrgRoleName(OrgRole::kAdmin), "admin");
}

TEST(OrgRoleTest, UnknownNamesDoNotParse) {
  for (std::string_view text : {"", "owner", "Write", "ADMIN", "read ", "fineGrained"}) {
    EXPECT_FALSE(ParseOrgRole(text).has_value()) << text;
  }
}

TEST(OrgRoleTest, RolesAreOrderedByPower) {
  EXPECT_LT(OrgRole::kRead, OrgRole::kContributor);
  EXPECT_LT(OrgRole::kContributor, OrgRole::kWrite);
  EXPECT_LT(OrgRole::kWrite, OrgRole::kAdmin);
}

TEST(CallerTest, RoleInNamesTheMembershipOnly) {
  Caller member = AcmeMember(OrgRole::kContributor);
  EXPECT_EQ(member.RoleIn("acme"), OrgRole::kContributor);
  EXPECT_FALSE(member.RoleIn("other").has_value());
  EXPECT_FALSE(member.RoleIn("bob").has_value());  // one's own namespace is no membership
}

TEST(CallerTest, DefaultCallerIsAnonymous) {
  EXPECT_TRUE(kAnonymous.anonymous());
  EXPECT_FALSE(Alice().anonymous());
}

// ---- Token scopes ----

TEST(TokenScopeTest, RepoScopeCoversThatRepoOfThatTypeOnly) {
  TokenScope scope = RepoScope(kAliceModel, false);
  EXPECT_TRUE(scope.Covers(kAliceModel));
  EXPECT_FALSE(scope.Covers(Model("alice", "other")));
  EXPECT_FALSE(scope.Covers(Dataset("alice", "bert")));
  EXPECT_FALSE(scope.CoversNamespace("alice"));
}

TEST(TokenScopeTest, NamespaceScopeCoversEveryRepoOfTheNamespace) {
  TokenScope scope = NamespaceScope("alice", false);
  EXPECT_TRUE(scope.Covers(kAliceModel));
  EXPECT_TRUE(scope.Covers(Dataset("alice", "corpus")));
  EXPECT_FALSE(scope.Covers(kAcmeModel));
  EXPECT_TRUE(scope.CoversNamespace("alice"));
  EXPECT_FALSE(scope.CoversNamespace("acme"));
}

// ---- What the token allows ----

TEST(TokenAllowsTest, ReadTokenReadsEverywhereAndWritesNowhere) {
  EXPECT_TRUE(TokenAllowsRead(Alice("read"), kAliceModel));
  EXPECT_TRUE(TokenAllowsRead(Alice("read"), kAcmeModel));
  EXPECT_FALSE(TokenAllowsWrite(Alice("read"), kAliceModel));
}

TEST(TokenAllowsTest, WriteTokenReadsAndWritesEverywhere) {
  EXPECT_TRUE(TokenAllowsRead(Alice("write"), kAcmeModel));
  EXPECT_TRUE(TokenAllowsWrite(Alice("write"), kAliceModel));
  EXPECT_TRUE(TokenAllowsWrite(Alice("write"), kAcmeModel));
}

TEST(TokenAllowsTest, NoTokenAllowsNothing) {
  EXPECT_FALSE(TokenAllowsRead(kAnonymous, kAliceModel));
  EXPECT_FALSE(TokenAllowsWrite(kAnonymous, kAliceModel));
  EXPECT_FALSE(TokenAllowsRead(Alice("admin"), kAliceModel));  // an unknown role is no role
}

TEST(TokenAllowsTest, FineGrainedWithoutScopesAllowsNothing) {
  EXPECT_FALSE(TokenAllowsRead(Alice("fineGrained"), kAliceModel));
  EXPECT_FALSE(TokenAllowsWrite(Alice("fineGrained"), kAliceModel));
}

TEST(TokenAllowsTest, FineGrainedReadScopeOnRepoReadsThatRepoOnly) {
  Caller caller = Alice("fineGrained", {RepoScope(kAliceModel, false)});
  EXPECT_TRUE(TokenAllowsRead(caller, kAliceModel));
  EXPECT_FALSE(TokenAllowsWrite(caller, kAliceModel));
  EXPECT_FALSE(TokenAllowsRead(caller, Model("alice", "other")));
  EXPECT_FALSE(TokenAllowsRead(caller, Dataset("alice", "bert")));
}

TEST(TokenAllowsTest, FineGrainedWriteScopeOnRepoWritesThatRepoOnly) {
  Caller caller = Alice("fineGrained", {RepoScope(kAliceModel, true)});
  EXPECT_TRUE(TokenAllowsRead(caller, kAliceModel));
  EXPECT_TRUE(TokenAllowsWrite(caller, kAliceModel));
  EXPECT_FALSE(TokenAllowsWrite(caller, Model("alice", "other")));
}

TEST(TokenAllowsTest, FineGrainedNamespaceScopeCoversTheWholeNamespace) {
  Caller reader = Alice("fineGrained", {NamespaceScope("acme", false)});
  EXPECT_TRUE(TokenAllowsRead(reader, kAcmeModel));
  EXPECT_TRUE(TokenAllowsRead(reader, Dataset("acme", "corpus")));
  EXPECT_FALSE(TokenAllowsWrite(reader, kAcmeModel));
  EXPECT_FALSE(TokenAllowsRead(reader, kAliceModel));

  Caller writer = Alice("fineGrained", {NamespaceScope("acme", true)});
  EXPECT_TRUE(TokenAllowsWrite(writer, kAcmeModel));
  EXPECT_FALSE(TokenAllowsWrite(writer, kAliceModel));
}

TEST(TokenAllowsTest, FineGrainedScopesAddUp) {
  Caller caller =
      Alice("fineGrained", {RepoScope(kAliceModel, false), NamespaceScope("acme", true)});
  EXPECT_TRUE(TokenAllowsRead(caller, kAliceModel));
  EXPECT_FALSE(TokenAllowsWrite(caller, kAliceModel));
  EXPECT_TRUE(TokenAllowsWrite(caller, kAcmeModel));
}

// ---- Reading ----

TEST(CanReadTest, PublicReposAreReadableByEveryone) {
  EXPECT_TRUE(CanRead(kAnonymous, kAliceModel, false));
  EXPECT_TRUE(CanRead(AcmeMember(OrgRole::kRead), kAliceModel, false));
  EXPECT_TRUE(CanRead(Alice("read"), kAcmeModel, false));
  // A fine-grained token scoped elsewhere still reads public repos.
  EXPECT_TRUE(CanRead(Alice("fineGrained", {NamespaceScope("zzz", false)}), kAcmeModel, false));
}

TEST(CanReadTest, PrivateRepoIsReadableByItsOwnerWithAnyTokenRole) {
  EXPECT_TRUE(CanRead(Alice("read"), kAliceModel, true));
  EXPECT_TRUE(CanRead(Alice("write"), kAliceModel, true));
  EXPECT_TRUE(CanRead(Alice("fineGrained", {RepoScope(kAliceModel, false)}), kAliceModel, true));
  EXPECT_TRUE(CanRead(Alice("fineGrained", {NamespaceScope("alice", false)}), kAliceModel, true));
}

TEST(CanReadTest, PrivateRepoNeedsATokenThatCoversIt) {
  EXPECT_FALSE(CanRead(Alice("fineGrained"), kAliceModel, true));
  EXPECT_FALSE(
      CanRead(Alice("fineGrained", {RepoScope(Model("alice", "x"), true)}), kAliceModel, true));
  EXPECT_FALSE(CanRead(Alice(""), kAliceModel, true));
}

TEST(CanReadTest, PrivateRepoIsInvisibleToAnonymousAndOutsiders) {
  EXPECT_FALSE(CanRead(kAnonymous, kAliceModel, true));
  EXPECT_FALSE(CanRead(AcmeMember(OrgRole::kAdmin), kAliceModel, true));
  EXPECT_FALSE(CanRead(Alice("write"), kAcmeModel, true));
}

TEST(CanReadTest, SiteAdminReadsEveryPrivateRepo) {
  EXPECT_TRUE(CanRead(SiteAdmin(), kAliceModel, true));
  EXPECT_TRUE(CanRead(SiteAdmin("read"), kAcmeModel, true));
}

TEST(CanReadTest, AnonymousIsNeverTheOwnerOfAnEmptyNamespace) {
  // An anonymous caller's empty name must not match anything.
  EXPECT_FALSE(CanRead(kAnonymous, Model("", "x"), true));
  EXPECT_FALSE(CanWrite(kAnonymous, Model("", "x"), 0));
}

// ---- Gates ----

TEST(BypassesGateTest, OwnerAdminAndEveryOrgRoleBypass) {
  EXPECT_TRUE(BypassesGate(Alice(), kAliceModel));
  EXPECT_TRUE(BypassesGate(SiteAdmin(), kAliceModel));
  for (OrgRole role : {OrgRole::kRead, OrgRole::kContributor, OrgRole::kWrite, OrgRole::kAdmin}) {
    EXPECT_TRUE(BypassesGate(AcmeMember(role, "read"), kAcmeModel)) << OrgRoleName(role);
  }
}

TEST(BypassesGateTest, AnonymousAndOutsidersDoNot) {
  EXPECT_FALSE(BypassesGate(kAnonymous, kAliceModel));
  EXPECT_FALSE(BypassesGate(Alice(), kAcmeModel));
  EXPECT_FALSE(BypassesGate(AcmeMember(OrgRole::kAdmin), kAliceModel));
}

// ---- Writing ----

TEST(CanWriteTest, OwnerWritesWithAWriteCapableToken) {
  EXPECT_TRUE(CanWrite(Alice("write"), kAliceModel, 0));
  EXPECT_TRUE(CanWrite(Alice("fineGrained", {RepoScope(kAliceModel, true)}), kAliceModel, 0));
  EXPECT_TRUE(CanWrite(Alice("fineGrained", {NamespaceScope("alice", true)}), kAliceModel, 0));
}

TEST(CanWriteTest, OwnerCannotWriteWithAReadOnlyToken) {
  EXPECT_FALSE(CanWrite(Alice("read"), kAliceModel, kAliceId));
  EXPECT_FALSE(CanWrite(Alice("fineGrained", {RepoScope(kAliceModel, false)}), kAliceModel, 0));
  EXPECT_FALSE(CanWrite(Alice("fineGrained", {NamespaceScope("alice", false)}), kAliceModel, 0));
  EXPECT_FALSE(
      CanWrite(Alice("fineGrained", {RepoScope(Model("alice", "x"), true)}), kAliceModel, 0));
}

TEST(CanWriteTest, AnonymousAndOutsidersCannotWrite) {
  EXPECT_FALSE(CanWrite(kAnonymous, kAliceModel, 0));
  EXPECT_FALSE(CanWrite(Alice("write"), kAcmeModel, 0));
  // Being a repo's creator gives no right outside an organisation one contributes to.
  EXPECT_FALSE(CanWrite(Alice("write"), kAcmeModel, kAliceId));
}

TEST(CanWriteTest, SiteAdminWritesEverywhereWithAWriteToken) {
  EXPECT_TRUE(CanWrite(SiteAdmin(), kAliceModel, 0));
  EXPECT_TRUE(CanWrite(SiteAdmin(), kAcmeModel, 0));
  EXPECT_FALSE(CanWrite(SiteAdmin("read"), kAcmeModel, 0));
}

TEST(CanWriteTest, OrgReadMemberCannotWrite) {
  EXPECT_FALSE(CanWrite(AcmeMember(OrgRole::kRead), kAcmeModel, 0));
  EXPECT_FALSE(CanWrite(AcmeMember(OrgRole::kRead), kAcmeModel, kBobId));
}

TEST(CanWriteTest, OrgContributorWritesOnlyReposItCreated) {
  EXPECT_TRUE(CanWrite(AcmeMember(OrgRole::kContributor), kAcmeModel, kBobId));
  EXPECT_FALSE(CanWrite(AcmeMember(OrgRole::kContributor), kAcmeModel, kAliceId));
  EXPECT_FALSE(CanWrite(AcmeMember(OrgRole::kContributor), kAcmeModel, 0));
  EXPECT_FALSE(CanWrite(AcmeMember(OrgRole::kContributor, "read"), kAcmeModel, kBobId));
}

TEST(CanWriteTest, OrgWriteAndAdminMembersWriteEveryRepo) {
  for (OrgRole role : {OrgRole::kWrite, OrgRole::kAdmin}) {
    EXPECT_TRUE(CanWrite(AcmeMember(role), kAcmeModel, kAliceId)) << OrgRoleName(role);
    EXPECT_TRUE(CanWrite(AcmeMember(role), kAcmeModel, 0)) << OrgRoleName(role);
    EXPECT_FALSE(CanWrite(AcmeMember(role, "read"), kAcmeModel, 0)) << OrgRoleName(role);
    EXPECT_FALSE(CanWrite(AcmeMember(role), kAliceModel, 0)) << OrgRoleName(role);
  }
}

TEST(CanWriteTest, OrgMemberNeedsATokenScopeCoveringTheRepo) {
  EXPECT_TRUE(CanWrite(AcmeMember(OrgRole::kWrite, "fineGrained", {NamespaceScope("acme", true)}),
                       kAcmeModel, 0));
  EXPECT_TRUE(CanWrite(AcmeMember(OrgRole::kWrite, "fineGrained", {RepoScope(kAcmeModel, true)}),
                       kAcmeModel, 0));
  EXPECT_FALSE(CanWrite(AcmeMember(OrgRole::kWrite, "fineGrained", {NamespaceScope("acme", false)}),
                        kAcmeModel, 0));
  EXPECT_FALSE(CanWrite(AcmeMember(OrgRole::kWrite, "fineGrained", {NamespaceScope("bob", true)}),
                        kAcmeModel, 0));
}

// ---- Creating ----

TEST(CanCreateInTest, OwnNamespaceNeedsAWriteToken) {
  EXPECT_TRUE(CanCreateIn(Alice("write"), "alice"));
  EXPECT_FALSE(CanCreateIn(Alice("read"), "alice"));
  EXPECT_FALSE(CanCreateIn(kAnonymous, "alice"));
  EXPECT_FALSE(CanCreateIn(kAnonymous, ""));
}

TEST(CanCreateInTest, FineGrainedTokenNeedsANamespaceWriteScope) {
  EXPECT_TRUE(CanCreateIn(Alice("fineGrained", {NamespaceScope("alice", true)}), "alice"));
  EXPECT_FALSE(CanCreateIn(Alice("fineGrained", {NamespaceScope("alice", false)}), "alice"));
  // A repo scope cannot name a repo that does not exist yet.
  EXPECT_FALSE(CanCreateIn(Alice("fineGrained", {RepoScope(kAliceModel, true)}), "alice"));
  EXPECT_FALSE(CanCreateIn(Alice("fineGrained", {NamespaceScope("acme", true)}), "alice"));
  EXPECT_FALSE(CanCreateIn(Alice("fineGrained"), "alice"));
}

TEST(CanCreateInTest, OtherNamespacesAreClosedToUsers) {
  EXPECT_FALSE(CanCreateIn(Alice("write"), "acme"));
  EXPECT_FALSE(CanCreateIn(Alice("write"), "bob"));
  // A scope on a namespace gives no right the account does not have.
  EXPECT_FALSE(CanCreateIn(Alice("fineGrained", {NamespaceScope("acme", true)}), "acme"));
}

TEST(CanCreateInTest, OrgNeedsContributorOrAbove) {
  EXPECT_FALSE(CanCreateIn(AcmeMember(OrgRole::kRead), "acme"));
  for (OrgRole role : {OrgRole::kContributor, OrgRole::kWrite, OrgRole::kAdmin}) {
    EXPECT_TRUE(CanCreateIn(AcmeMember(role), "acme")) << OrgRoleName(role);
    EXPECT_FALSE(CanCreateIn(AcmeMember(role, "read"), "acme")) << OrgRoleName(role);
    EXPECT_FALSE(CanCreateIn(AcmeMember(role), "other")) << OrgRoleName(role);
  }
}

TEST(CanCreateInTest, OrgMemberWithFineGrainedTokenNeedsTheOrgNamespaceScope) {
  EXPECT_TRUE(CanCreateIn(
      AcmeMember(OrgRole::kContributor, "fineGrained", {NamespaceScope("acme", true)}), "acme"));
  EXPECT_FALSE(CanCreateIn(
      AcmeMember(OrgRole::kContributor, "fineGrained", {NamespaceScope("bob", true)}), "acme"));
  EXPECT_FALSE(CanCreateIn(
      AcmeMember(OrgRole::kRead, "fineGrained", {NamespaceScope("acme", true)}), "acme"));
}

TEST(CanCreateInTest, SiteAdminCreatesAnywhereWithAWriteToken) {
  EXPECT_TRUE(CanCreateIn(SiteAdmin(), "alice"));
  EXPECT_TRUE(CanCreateIn(SiteAdmin(), "acme"));
  EXPECT_FALSE(CanCreateIn(SiteAdmin("read"), "acme"));
}

// ---- The server itself ----

TEST(SystemCallerTest, IsAnAdminWithAWriteTokenAndNoTokenRow) {
  Caller system = SystemCaller();
  EXPECT_FALSE(system.anonymous());
  EXPECT_TRUE(system.is_admin);
  EXPECT_EQ(system.token_role, "write");
  EXPECT_EQ(system.token_id, 0);
  EXPECT_TRUE(CanRead(system, kAliceModel, true));
  EXPECT_TRUE(CanWrite(system, kAcmeModel, 0));
  EXPECT_TRUE(CanCreateIn(system, "anyone"));
  EXPECT_TRUE(BypassesGate(system, kAcmeModel));
}

// ---- The whole matrix for an organisation's repos ----

struct OrgRoleCase {
  OrgRole role;
  bool reads_private;
  bool writes_others_repos;
  bool writes_own_repos;
  bool creates;
};

class OrgRoleMatrixTest : public ::testing::TestWithParam<OrgRoleCase> {};

TEST_P(OrgRoleMatrixTest, WithAWriteToken) {
  const OrgRoleCase& c = GetParam();
  Caller member = AcmeMember(c.role);
  EXPECT_EQ(CanRead(member, kAcmeModel, true), c.reads_private);
  EXPECT_EQ(CanWrite(member, kAcmeModel, kAliceId), c.writes_others_repos);
  EXPECT_EQ(CanWrite(member, kAcmeModel, kBobId), c.writes_own_repos);
  EXPECT_EQ(CanCreateIn(member, "acme"), c.creates);
  EXPECT_TRUE(BypassesGate(member, kAcmeModel));
}

TEST_P(OrgRoleMatrixTest, WithAReadTokenOnlyReads) {
  const OrgRoleCase& c = GetParam();
  Caller member = AcmeMember(c.role, "read");
  EXPECT_EQ(CanRead(member, kAcmeModel, true), c.reads_private);
  EXPECT_FALSE(CanWrite(member, kAcmeModel, kBobId));
  EXPECT_FALSE(CanCreateIn(member, "acme"));
}

TEST_P(OrgRoleMatrixTest, WithARepoReadScopeOnlyReadsThatRepo) {
  const OrgRoleCase& c = GetParam();
  Caller member = AcmeMember(c.role, "fineGrained", {RepoScope(kAcmeModel, false)});
  EXPECT_EQ(CanRead(member, kAcmeModel, true), c.reads_private);
  EXPECT_FALSE(CanRead(member, Model("acme", "other"), true));
  EXPECT_FALSE(CanWrite(member, kAcmeModel, kBobId));
  EXPECT_FALSE(CanCreateIn(member, "acme"));
}

TEST_P(OrgRoleMatrixTest, WithARepoWriteScopeWritesThatRepoAsTheRoleAllows) {
  const OrgRoleCase& c = GetParam();
  Caller member = AcmeMember(c.role, "fineGrained", {RepoScope(kAcmeModel, true)});
  EXPECT_EQ(CanWrite(member, kAcmeModel, kAliceId), c.writes_others_repos);
  EXPECT_EQ(CanWrite(member, kAcmeModel, kBobId), c.writes_own_repos);
  EXPECT_FALSE(CanWrite(member, Model("acme", "other"), kBobId));
  EXPECT_FALSE(CanCreateIn(member, "acme"));
}

TEST_P(OrgRoleMatrixTest, WithANamespaceWriteScopeActsAsTheRoleAllows) {
  const OrgRoleCase& c = GetParam();
  Caller member = AcmeMember(c.role, "fineGrained", {NamespaceScope("acme", true)});
  EXPECT_EQ(CanRead(member, kAcmeModel, true), c.reads_private);
  EXPECT_EQ(CanWrite(member, kAcmeModel, kAliceId), c.writes_others_repos);
  EXPECT_EQ(CanWrite(member, kAcmeModel, kBobId), c.writes_own_repos);
  EXPECT_EQ(CanCreateIn(member, "acme"), c.creates);
}

INSTANTIATE_TEST_SUITE_P(Roles, OrgRoleMatrixTest,
                         ::testing::Values(OrgRoleCase{OrgRole::kRead, true, false, false, false},
                                           OrgRoleCase{OrgRole::kContributor, true, false, true,
                                                       true},
                                           OrgRoleCase{OrgRole::kWrite, true, true, true, true},
                                           OrgRoleCase{OrgRole::kAdmin, true, true, true, true}),
                         [](const ::testing::TestParamInfo<OrgRoleCase>& param_info) {
                           return std::string(OrgRoleName(param_info.param.role));
                         });

}  // namespace
}  // namespace modelhub::hub
