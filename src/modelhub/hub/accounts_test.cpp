// Accounts and Access against a real SQLite metastore: users and organisations sharing
// namespaces, memberships, tokens (read, write, fine-grained) as Authenticate sees them, removal
// rules, token scopes as the CLI writes them, and the audit entry each change leaves.
#include "modelhub/hub/accounts.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "modelhub/core/encoding.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/access.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/hub_test_fixture.h"

namespace modelhub::hub {
namespace {

using core::ErrorCode;
using core::RepoType;
using ::testing::HasSubstr;

AuditQuery RepoIs(std::string repo) {
  AuditQuery query;
  query.repo = std::move(repo);
  return query;
}

AuditQuery UserIs(std::string user) {
  AuditQuery query;
  query.user = std::move(user);
  return query;
}

AuditQuery Since(int64_t since_ms) {
  AuditQuery query;
  query.since_ms = since_ms;
  return query;
}

AuditQuery Newest(size_t limit) {
  AuditQuery query;
  query.limit = limit;
  return query;
}

class AccountsTest : public HubFixture {
 protected:
  size_t UserCount() { return accounts_->ListUsers()->size(); }
  size_t OrgCount() { return accounts_->ListOrgs()->size(); }

  // The stored token row as ListTokens reports it.
  TokenSummary TokenRow(int64_t id) {
    auto tokens = accounts_->ListTokens(std::nullopt);
    EXPECT_TRUE(tokens.has_value());
    for (const TokenSummary& token : *tokens) {
      if (token.id == id) return token;
    }
    ADD_FAILURE() << "no token #" << id;
    return {};
  }

  void SetLastUsedAt(int64_t token_id, int64_t at) {
    auto txn = std::move(*metastore_->Begin(storage::TransactionMode::kWrite));
    ASSERT_TRUE(txn->Execute("UPDATE tokens SET last_used_at = ? WHERE id = ?", {at, token_id})
                    .has_value());
    ASSERT_TRUE(txn->Commit().has_value());
  }

  static TokenScope Scope(std::string_view text, bool write) {
    auto scope = ParseTokenScope(text, write);
    EXPECT_TRUE(scope.has_value()) << text;
    return scope ? *scope : TokenScope{};
  }

  const RepoKey alice_bert_{RepoType::kModel, core::RepoId{"alice", "bert"}};
};

// ---- Users and organisations share namespaces ----

TEST_F(AccountsTest, AddUserFillsDefaultsAndIsListed) {
  auto user = accounts_->AddUser("alice", "", "alice@example.com", false);
  ASSERT_TRUE(user.has_value()) << user.error().message;
  EXPECT_GT(user->id, 0);
  EXPECT_EQ(user->fullname, "alice");  // defaults to the name
  EXPECT_GT(user->created_at, 0);
  ASSERT_TRUE(accounts_->AddUser("root", "Root User", "", true).has_value());

  auto users = accounts_->ListUsers();
  ASSERT_TRUE(users.has_value());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "alice");  // by name
  EXPECT_EQ((*users)[0].email, "alice@example.com");
  EXPECT_FALSE((*users)[0].is_admin);
  EXPECT_EQ((*users)[1].name, "root");
  EXPECT_EQ((*users)[1].fullname, "Root User");
  EXPECT_TRUE((*users)[1].is_admin);
}

TEST_F(AccountsTest, AddUserTwiceIsConflict) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto again = accounts_->AddUser("alice", "Other", "", false);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(ErrorOf(again), ErrorCode::kConflict);
  EXPECT_EQ(UserCount(), 1u);
}

TEST_F(AccountsTest, AddUserWithTheNameOfAnOrgIsConflict) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "Acme Corp").has_value());
  auto user = accounts_->AddUser("acme", "", "", false);
  ASSERT_FALSE(user.has_value());
  EXPECT_EQ(ErrorOf(user), ErrorCode::kConflict);
  EXPECT_THAT(user.error().message, HasSubstr("organization named 'acme'"));
  EXPECT_EQ(UserCount(), 0u);
}

TEST_F(AccountsTest, CreateOrgWithTheNameOfAUserIsConflict) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto org = accounts_->CreateOrg("alice", "");
  ASSERT_FALSE(org.has_value());
  EXPECT_EQ(ErrorOf(org), ErrorCode::kConflict);
  EXPECT_THAT(org.error().message, HasSubstr("user named 'alice'"));
  EXPECT_EQ(OrgCount(), 0u);
}

TEST_F(AccountsTest, CreateOrgTwiceIsConflict) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  EXPECT_EQ(ErrorOf(accounts_->CreateOrg("acme", "")), ErrorCode::kConflict);
  EXPECT_EQ(OrgCount(), 1u);
}

TEST_F(AccountsTest, EnsureAdminWithTheNameOfAnOrgIsConflict) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  auto admin = access_->EnsureAdmin("acme", std::nullopt);
  ASSERT_FALSE(admin.has_value());
  EXPECT_EQ(ErrorOf(admin), ErrorCode::kConflict);
  EXPECT_EQ(UserCount(), 0u);
}

TEST_F(AccountsTest, OrgNameIsTakenByEnsureAdmin) {
  ASSERT_TRUE(access_->EnsureAdmin("root", std::nullopt).has_value());
  EXPECT_EQ(ErrorOf(accounts_->CreateOrg("root", "")), ErrorCode::kConflict);
}

TEST_F(AccountsTest, EnsureAdminPromotesAnExistingUser) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  ASSERT_TRUE(access_->EnsureAdmin("alice", std::string_view("hf_alice_admin")).has_value());
  Caller alice = Authenticate("hf_alice_admin");
  EXPECT_EQ(alice.name, "alice");
  EXPECT_TRUE(alice.is_admin);
  EXPECT_EQ(alice.token_role, "write");
  EXPECT_EQ(UserCount(), 1u);
}

TEST_F(AccountsTest, EnsureAdminRefusesAnotherUsersToken) {
  ASSERT_TRUE(access_->EnsureAdmin("root", std::string_view("hf_shared_token")).has_value());
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto taken = access_->EnsureAdmin("alice", std::string_view("hf_shared_token"));
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(ErrorOf(taken), ErrorCode::kConflict);
  EXPECT_EQ(Authenticate("hf_shared_token").name, "root");
}

TEST_F(AccountsTest, EnsureAdminRejectsBadNamesAndTokens) {
  EXPECT_EQ(ErrorOf(access_->EnsureAdmin("-root", std::nullopt)), ErrorCode::kBadRequest);
  EXPECT_EQ(ErrorOf(access_->EnsureAdmin("root", std::string_view("token123"))),
            ErrorCode::kBadRequest);
  EXPECT_EQ(ErrorOf(access_->EnsureAdmin("root", std::string_view("hf_1"))),
            ErrorCode::kBadRequest);
  EXPECT_EQ(UserCount(), 0u);
}

TEST_F(AccountsTest, InvalidUserNamesAreBadRequestAndWriteNothing) {
  for (std::string name : {std::string(), std::string("-alice"), std::string("alice-"),
                           std::string("a b"), std::string("a/b"), std::string(97, 'a')}) {
    auto user = accounts_->AddUser(name, "", "", false);
    ASSERT_FALSE(user.has_value()) << name;
    EXPECT_EQ(ErrorOf(user), ErrorCode::kBadRequest) << name;
  }
  EXPECT_EQ(UserCount(), 0u);
  EXPECT_TRUE(Audit().empty());
}

TEST_F(AccountsTest, InvalidOrgNamesAreBadRequestAndWriteNothing) {
  for (std::string name : {std::string(), std::string(".acme"), std::string("ac me"),
                           std::string("acme/x"), std::string(97, 'x')}) {
    auto org = accounts_->CreateOrg(name, "");
    ASSERT_FALSE(org.has_value()) << name;
    EXPECT_EQ(ErrorOf(org), ErrorCode::kBadRequest) << name;
  }
  EXPECT_EQ(OrgCount(), 0u);
  EXPECT_TRUE(Audit().empty());
}

// ---- Memberships ----

TEST_F(AccountsTest, AddMemberShowsInOrgsAndUsers) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "Acme Corp").has_value());
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  ASSERT_TRUE(accounts_->AddMember("acme", "alice", OrgRole::kContributor).has_value());

  auto orgs = accounts_->ListOrgs();
  ASSERT_TRUE(orgs.has_value());
  ASSERT_EQ(orgs->size(), 1u);
  EXPECT_EQ((*orgs)[0].fullname, "Acme Corp");
  ASSERT_EQ((*orgs)[0].members.size(), 1u);
  EXPECT_EQ((*orgs)[0].members[0].user, "alice");
  EXPECT_EQ((*orgs)[0].members[0].role, OrgRole::kContributor);

  auto users = accounts_->ListUsers();
  ASSERT_EQ((*users)[0].orgs.size(), 1u);
  EXPECT_EQ((*users)[0].orgs[0].org, "acme");
  EXPECT_EQ((*users)[0].orgs[0].org_fullname, "Acme Corp");
  EXPECT_EQ((*users)[0].orgs[0].role, OrgRole::kContributor);
}

TEST_F(AccountsTest, AddMemberAgainChangesTheRole) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  ASSERT_TRUE(accounts_->AddMember("acme", "alice", OrgRole::kRead).has_value());
  ASSERT_TRUE(accounts_->AddMember("acme", "alice", OrgRole::kAdmin).has_value());
  auto orgs = accounts_->ListOrgs();
  ASSERT_EQ((*orgs)[0].members.size(), 1u);
  EXPECT_EQ((*orgs)[0].members[0].role, OrgRole::kAdmin);
}

TEST_F(AccountsTest, AddMemberOfUnknownOrgOrUserIsNotFound) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  EXPECT_EQ(ErrorOf(accounts_->AddMember("nope", "alice", OrgRole::kRead)), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf(accounts_->AddMember("acme", "nobody", OrgRole::kRead)), ErrorCode::kNotFound);
  // An organisation is no user: it cannot be a member.
  ASSERT_TRUE(accounts_->CreateOrg("other", "").has_value());
  EXPECT_EQ(ErrorOf(accounts_->AddMember("acme", "other", OrgRole::kRead)), ErrorCode::kNotFound);
  EXPECT_TRUE((*accounts_->ListOrgs())[0].members.empty());
}

TEST_F(AccountsTest, RemoveMemberEndsTheMembership) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  std::string token = NewToken("alice");
  ASSERT_TRUE(accounts_->AddMember("acme", "alice", OrgRole::kWrite).has_value());
  ASSERT_EQ(Authenticate(token).RoleIn("acme"), OrgRole::kWrite);
  ASSERT_TRUE(accounts_->RemoveMember("acme", "alice").has_value());
  EXPECT_TRUE((*accounts_->ListOrgs())[0].members.empty());
  EXPECT_TRUE(Authenticate(token).orgs.empty());
}

TEST_F(AccountsTest, RemoveMemberOfANonMemberIsNotFound) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto removed = accounts_->RemoveMember("acme", "alice");
  ASSERT_FALSE(removed.has_value());
  EXPECT_EQ(ErrorOf(removed), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf(accounts_->RemoveMember("nope", "alice")), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf(accounts_->RemoveMember("acme", "nobody")), ErrorCode::kNotFound);
  EXPECT_TRUE(AuditOf("org.remove-member").empty());
}

// ---- Removing users ----

TEST_F(AccountsTest, RemoveUserIsRefusedWhileTheUserOwnsARepo) {
  Caller alice = AddUser("alice");
  ASSERT_TRUE(service_->CreateRepo(alice, alice_bert_, false, "").has_value());
  auto removed = accounts_->RemoveUser("alice");
  ASSERT_FALSE(removed.has_value());
  EXPECT_EQ(ErrorOf(removed), ErrorCode::kConflict);
  EXPECT_THAT(removed.error().message, HasSubstr("still owns 1 repos"));
  EXPECT_EQ(UserCount(), 1u);
  EXPECT_TRUE(AuditOf("user.remove").empty());

  ASSERT_TRUE(service_->DeleteRepo(alice, alice_bert_).has_value());
  ASSERT_TRUE(accounts_->RemoveUser("alice").has_value());
  EXPECT_EQ(UserCount(), 0u);
}

TEST_F(AccountsTest, RemoveUserRevokesItsTokens) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  std::string write_token = NewToken("alice", "write");
  std::string scoped_token = NewToken("alice", "read", {Scope("alice", false)});
  const int64_t last_id = accounts_->ListTokens(std::nullopt)->front().id;  // newest first
  ASSERT_TRUE(accounts_->RemoveUser("alice").has_value());
  for (const std::string& token : {write_token, scoped_token}) {
    auto caller = access_->Authenticate("Bearer " + token);
    ASSERT_FALSE(caller.has_value());
    EXPECT_EQ(ErrorOf(caller), ErrorCode::kUnauthorized);
    EXPECT_EQ(caller.error().message, "Invalid credentials in Authorization header");
  }
  EXPECT_TRUE(accounts_->ListTokens(std::nullopt)->empty());
  // The removed user's token ids are never given to another token (the audit log names them).
  ASSERT_TRUE(accounts_->AddUser("bob", "", "", false).has_value());
  auto next = accounts_->CreateToken({"bob", "read", {}, ""});
  ASSERT_TRUE(next.has_value());
  EXPECT_GT(next->id, last_id);
  EXPECT_EQ(accounts_->ListTokens(std::nullopt)->size(), 1u);
}

TEST_F(AccountsTest, RemoveUserEndsItsMemberships) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  ASSERT_TRUE(accounts_->AddMember("acme", "alice", OrgRole::kAdmin).has_value());
  ASSERT_TRUE(accounts_->RemoveUser("alice").has_value());
  EXPECT_TRUE((*accounts_->ListOrgs())[0].members.empty());
  // The name is free again, with none of the old rights.
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  EXPECT_TRUE(Authenticate(NewToken("alice")).orgs.empty());
}

TEST_F(AccountsTest, RemoveUserTakesItsLikesOffTheCounts) {
  Caller alice = AddUser("alice");
  Caller bob = AddUser("bob");
  ASSERT_TRUE(service_->CreateRepo(alice, alice_bert_, false, "").has_value());
  ASSERT_TRUE(service_->Like(bob, alice_bert_, true).has_value());
  ASSERT_EQ(service_->FindRepo(alice, alice_bert_)->record.likes, 1);
  ASSERT_TRUE(accounts_->RemoveUser("bob").has_value());
  EXPECT_TRUE(service_->ListLikers(alice, alice_bert_)->empty());
  EXPECT_EQ(service_->FindRepo(alice, alice_bert_)->record.likes, 0);
}

TEST_F(AccountsTest, RemovedContributorsRightsDoNotPassToTheNextUser) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  ASSERT_TRUE(accounts_->AddUser("erin", "", "", false).has_value());
  ASSERT_TRUE(accounts_->AddMember("acme", "erin", OrgRole::kContributor).has_value());
  Caller erin = Authenticate(NewToken("erin"));
  const RepoKey erins{RepoType::kModel, {"acme", "erins"}};
  ASSERT_TRUE(service_->CreateRepo(erin, erins, false, "").has_value());
  ASSERT_TRUE(service_->UpdateSettings(erin, erins, true, std::nullopt).has_value());
  ASSERT_TRUE(accounts_->RemoveUser("erin").has_value());

  // SQLite hands the highest freed user id to the next user: a contributor of the same org must
  // not inherit write rights on the repos erin created.
  ASSERT_TRUE(accounts_->AddUser("mallory", "", "", false).has_value());
  ASSERT_TRUE(accounts_->AddMember("acme", "mallory", OrgRole::kContributor).has_value());
  Caller mallory = Authenticate(NewToken("mallory"));
  EXPECT_EQ(ErrorOf(service_->UpdateSettings(mallory, erins, false, std::nullopt)),
            ErrorCode::kForbidden);
  EXPECT_TRUE(service_->FindRepo(mallory, erins)->record.is_private);
}

TEST_F(AccountsTest, RemoveUnknownUserIsNotFound) {
  EXPECT_EQ(ErrorOf(accounts_->RemoveUser("nobody")), ErrorCode::kNotFound);
}

// ---- Tokens ----

TEST_F(AccountsTest, ReadTokenAuthenticatesWithTheReadRole) {
  ASSERT_TRUE(accounts_->AddUser("alice", "Alice A.", "alice@example.com", false).has_value());
  TokenRequest request{"alice", "read", {}, ""};
  auto created = accounts_->CreateToken(request);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_TRUE(created->token.starts_with("hf_"));

  Caller alice = Authenticate(created->token);
  EXPECT_EQ(alice.name, "alice");
  EXPECT_EQ(alice.fullname, "Alice A.");
  EXPECT_EQ(alice.email, "alice@example.com");
  EXPECT_FALSE(alice.is_admin);
  EXPECT_EQ(alice.token_role, "read");
  EXPECT_EQ(alice.token_id, created->id);
  EXPECT_EQ(alice.token_display_name, "read");  // defaults to the role
  EXPECT_GT(alice.token_created_at, 0);
  EXPECT_TRUE(alice.scopes.empty());
}

TEST_F(AccountsTest, WriteTokenAuthenticatesWithTheWriteRoleAndItsName) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto created = accounts_->CreateToken({"alice", "write", {}, "laptop"});
  ASSERT_TRUE(created.has_value());
  Caller alice = Authenticate(created->token);
  EXPECT_EQ(alice.token_role, "write");
  EXPECT_EQ(alice.token_display_name, "laptop");
  TokenSummary row = TokenRow(created->id);
  EXPECT_EQ(row.user, "alice");
  EXPECT_EQ(row.role, "write");
  EXPECT_EQ(row.display_name, "laptop");
  EXPECT_FALSE(row.revoked);
}

TEST_F(AccountsTest, TokenWithScopesIsFineGrainedAndItsScopesRoundTrip) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  std::vector<TokenScope> scopes = {Scope("alice/bert", true), Scope("datasets/acme/corpus", false),
                                    Scope("spaces/acme/demo", true), Scope("acme", false)};
  auto created = accounts_->CreateToken({"alice", "read", scopes, ""});
  ASSERT_TRUE(created.has_value()) << created.error().message;

  auto same = [](const std::vector<TokenScope>& got, const std::vector<TokenScope>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(TokenScopeName(got[i]), TokenScopeName(want[i])) << i;
      EXPECT_EQ(got[i].kind, want[i].kind) << i;
      EXPECT_EQ(got[i].write, want[i].write) << i;
      if (want[i].kind == TokenScope::Kind::kRepo) {
        EXPECT_EQ(got[i].type, want[i].type) << i;
      }
    }
  };
  Caller alice = Authenticate(created->token);
  EXPECT_EQ(alice.token_role, "fineGrained");
  EXPECT_EQ(alice.token_display_name, "fineGrained");
  same(alice.scopes, scopes);

  TokenSummary row = TokenRow(created->id);
  EXPECT_EQ(row.role, "fineGrained");
  same(row.scopes, scopes);

  // The scopes decide: the token writes alice/bert and reads acme's repos, nothing more.
  EXPECT_TRUE(TokenAllowsWrite(alice, alice_bert_));
  EXPECT_TRUE(TokenAllowsRead(alice, {RepoType::kModel, {"acme", "gpt"}}));
  EXPECT_FALSE(TokenAllowsWrite(alice, {RepoType::kDataset, {"acme", "corpus"}}));
  EXPECT_TRUE(TokenAllowsWrite(alice, {RepoType::kSpace, {"acme", "demo"}}));
  EXPECT_FALSE(TokenAllowsRead(alice, {RepoType::kModel, {"bob", "x"}}));
}

TEST_F(AccountsTest, TokenWithABadRoleIsBadRequestAndWritesNothing) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  for (std::string role : {"", "admin", "fineGrained", "Write"}) {
    auto created = accounts_->CreateToken({"alice", role, {}, ""});
    ASSERT_FALSE(created.has_value()) << role;
    EXPECT_EQ(ErrorOf(created), ErrorCode::kBadRequest) << role;
  }
  EXPECT_TRUE(accounts_->ListTokens(std::nullopt)->empty());
  EXPECT_TRUE(AuditOf("token.create").empty());
}

TEST_F(AccountsTest, TokenForAnUnknownUserIsNotFound) {
  auto created = accounts_->CreateToken({"nobody", "read", {}, ""});
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(ErrorOf(created), ErrorCode::kNotFound);
  EXPECT_TRUE(accounts_->ListTokens(std::nullopt)->empty());
}

TEST_F(AccountsTest, RevokedTokenNoLongerAuthenticates) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto created = accounts_->CreateToken({"alice", "write", {}, ""});
  auto other = accounts_->CreateToken({"alice", "read", {}, ""});
  ASSERT_TRUE(created.has_value() && other.has_value());
  ASSERT_TRUE(accounts_->RevokeToken(created->id).has_value());

  auto caller = access_->Authenticate("Bearer " + created->token);
  ASSERT_FALSE(caller.has_value());
  EXPECT_EQ(ErrorOf(caller), ErrorCode::kUnauthorized);
  EXPECT_EQ(caller.error().message, kInvalidCredentials);
  EXPECT_TRUE(TokenRow(created->id).revoked);
  // The user's other tokens are untouched.
  EXPECT_EQ(Authenticate(other->token).name, "alice");
  EXPECT_FALSE(TokenRow(other->id).revoked);
}

TEST_F(AccountsTest, RevokingTwiceIsFineAndUnknownTokensAreNotFound) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto created = accounts_->CreateToken({"alice", "write", {}, ""});
  ASSERT_TRUE(accounts_->RevokeToken(created->id).has_value());
  EXPECT_TRUE(accounts_->RevokeToken(created->id).has_value());
  EXPECT_EQ(AuditOf("token.revoke").size(), 1u);
  EXPECT_EQ(ErrorOf(accounts_->RevokeToken(created->id + 100)), ErrorCode::kNotFound);
}

TEST_F(AccountsTest, ListTokensFiltersByUserNewestFirst) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  ASSERT_TRUE(accounts_->AddUser("bob", "", "", false).has_value());
  auto first = accounts_->CreateToken({"alice", "read", {}, "one"});
  auto second = accounts_->CreateToken({"bob", "read", {}, "two"});
  auto third = accounts_->CreateToken({"alice", "write", {}, "three"});
  ASSERT_TRUE(first && second && third);

  auto all = accounts_->ListTokens(std::nullopt);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, third->id);
  EXPECT_EQ((*all)[2].id, first->id);

  auto alices = accounts_->ListTokens("alice");
  ASSERT_EQ(alices->size(), 2u);
  EXPECT_EQ((*alices)[0].display_name, "three");
  EXPECT_EQ((*alices)[1].display_name, "one");
  EXPECT_EQ(ErrorOf(accounts_->ListTokens("nobody")), ErrorCode::kNotFound);
}

// ---- Authentication ----

TEST_F(AccountsTest, AuthenticateFillsMembershipsAndTheTokenId) {
  ASSERT_TRUE(accounts_->CreateOrg("acme", "Acme Corp").has_value());
  ASSERT_TRUE(accounts_->CreateOrg("beta", "").has_value());
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  ASSERT_TRUE(accounts_->AddMember("beta", "alice", OrgRole::kRead).has_value());
  ASSERT_TRUE(accounts_->AddMember("acme", "alice", OrgRole::kWrite).has_value());
  auto created = accounts_->CreateToken({"alice", "write", {}, ""});

  Caller alice = Authenticate(created->token);
  EXPECT_EQ(alice.token_id, created->id);
  ASSERT_EQ(alice.orgs.size(), 2u);
  EXPECT_EQ(alice.orgs[0].org, "acme");  // by name
  EXPECT_EQ(alice.orgs[0].org_fullname, "Acme Corp");
  EXPECT_EQ(alice.orgs[0].role, OrgRole::kWrite);
  EXPECT_GT(alice.orgs[0].org_id, 0);
  EXPECT_EQ(alice.orgs[1].org, "beta");
  EXPECT_EQ(alice.orgs[1].role, OrgRole::kRead);
  EXPECT_EQ(alice.RoleIn("acme"), OrgRole::kWrite);
}

TEST_F(AccountsTest, AuthenticateAcceptsGitBasicAuthAndAnyBearerCase) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  std::string token = NewToken("alice", "read");
  auto basic = access_->Authenticate("Basic " + core::Base64Encode("alice:" + token));
  ASSERT_TRUE(basic.has_value()) << basic.error().message;
  EXPECT_EQ(basic->name, "alice");
  auto lower = access_->Authenticate("bearer " + token);
  ASSERT_TRUE(lower.has_value());
  EXPECT_EQ(lower->name, "alice");
}

TEST_F(AccountsTest, AuthenticateRejectsUnknownTokensAndMalformedHeaders) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  std::string token = NewToken("alice");
  const std::vector<std::string> headers = {"Bearer hf_unknown", "Bearer ", "Basic !!!",
                                            "Basic " + core::Base64Encode("no-colon"),
                                            "Bearer " + token.substr(0, token.size() - 1)};
  for (const std::string& header : headers) {
    auto caller = access_->Authenticate(header);
    ASSERT_FALSE(caller.has_value()) << header;
    EXPECT_EQ(ErrorOf(caller), ErrorCode::kUnauthorized) << header;
    EXPECT_EQ(caller.error().message, kInvalidCredentials) << header;
  }
  auto anonymous = access_->Authenticate("");
  ASSERT_TRUE(anonymous.has_value());
  EXPECT_TRUE(anonymous->anonymous());
  EXPECT_EQ(anonymous->token_role, "");
}

TEST_F(AccountsTest, AuthenticateRecordsTheTokensLastUse) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto created = accounts_->CreateToken({"alice", "read", {}, ""});
  EXPECT_EQ(TokenRow(created->id).last_used_at, 0);
  const int64_t before = core::NowMillis();
  Authenticate(created->token);
  EXPECT_GE(TokenRow(created->id).last_used_at, before);
  EXPECT_LE(TokenRow(created->id).last_used_at, core::NowMillis());
}

TEST_F(AccountsTest, AuthenticateWritesTheLastUseAtMostOnceAMinute) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  auto created = accounts_->CreateToken({"alice", "read", {}, ""});
  const int64_t recent = core::NowMillis() - 30'000;
  SetLastUsedAt(created->id, recent);
  Authenticate(created->token);
  EXPECT_EQ(TokenRow(created->id).last_used_at, recent);

  const int64_t old = core::NowMillis() - 61'000;
  SetLastUsedAt(created->id, old);
  Authenticate(created->token);
  EXPECT_GT(TokenRow(created->id).last_used_at, old + 60'000);
}

// ---- Token scopes as the CLI takes them ----

TEST(TokenScopeParseTest, AcceptsNamespacesAndReposOfEachType) {
  struct Case {
    std::string text;
    TokenScope::Kind kind;
    RepoType type;
    std::string name;
  };
  for (const Case& c :
       {Case{"acme", TokenScope::Kind::kNamespace, RepoType::kModel, "acme"},
        Case{"acme/bert", TokenScope::Kind::kRepo, RepoType::kModel, "acme/bert"},
        Case{"datasets/acme/corpus", TokenScope::Kind::kRepo, RepoType::kDataset, "acme/corpus"},
        Case{"spaces/acme/demo", TokenScope::Kind::kRepo, RepoType::kSpace, "acme/demo"}}) {
    for (bool write : {false, true}) {
      auto scope = ParseTokenScope(c.text, write);
      ASSERT_TRUE(scope.has_value()) << c.text << ": " << scope.error().message;
      EXPECT_EQ(scope->kind, c.kind) << c.text;
      EXPECT_EQ(scope->name, c.name) << c.text;
      EXPECT_EQ(scope->write, write) << c.text;
      if (c.kind == TokenScope::Kind::kRepo) {
        EXPECT_EQ(scope->type, c.type) << c.text;
      }
      EXPECT_EQ(TokenScopeName(*scope), c.text);
    }
  }
}

TEST(TokenScopeParseTest, RejectsEverythingElse) {
  for (std::string_view text :
       {"", "/", "a/b/c", "datasets/x", "spaces/x", "datasets/", "datasets/a/b/c", "acme/", "/bert",
        "-acme", "acme bert", "models/acme/bert", "datasets/acme/", "a//b"}) {
    auto scope = ParseTokenScope(text, true);
    ASSERT_FALSE(scope.has_value()) << text;
    EXPECT_EQ(ErrorOf(scope), ErrorCode::kBadRequest) << text;
  }
}

// ---- The audit log ----

TEST_F(AccountsTest, EveryAccountChangeIsAudited) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", true).has_value());
  ASSERT_TRUE(accounts_->CreateOrg("acme", "").has_value());
  ASSERT_TRUE(accounts_->AddMember("acme", "alice", OrgRole::kWrite).has_value());
  auto token =
      accounts_->CreateToken({"alice", "write", {Scope("datasets/acme/corpus", true)}, ""});
  ASSERT_TRUE(token.has_value());
  ASSERT_TRUE(accounts_->RevokeToken(token->id).has_value());
  ASSERT_TRUE(accounts_->RemoveMember("acme", "alice").has_value());
  ASSERT_TRUE(accounts_->RemoveUser("alice").has_value());

  auto entries = Audit();
  std::vector<std::string> actions;
  for (const AuditEntry& entry : entries) actions.push_back(entry.action);
  EXPECT_THAT(actions,
              ::testing::ElementsAre("user.remove", "org.remove-member", "token.revoke",
                                     "token.create", "org.add-member", "org.create", "user.add"));
  for (const AuditEntry& entry : entries) {
    EXPECT_EQ(entry.actor, "ops") << entry.action;
    EXPECT_EQ(entry.address, "10.0.0.1") << entry.action;
    EXPECT_EQ(entry.outcome, "ok") << entry.action;
    EXPECT_EQ(entry.repo, "") << entry.action;
    EXPECT_GT(entry.at, 0) << entry.action;
  }
  const std::string id = "#" + std::to_string(token->id);
  EXPECT_EQ(entries[0].detail, "alice");
  EXPECT_EQ(entries[1].detail, "acme alice");
  EXPECT_EQ(entries[2].detail, id);
  EXPECT_THAT(entries[3].detail, HasSubstr(id + " for alice"));
  EXPECT_THAT(entries[3].detail, HasSubstr("datasets/acme/corpus"));
  EXPECT_EQ(entries[4].detail, "acme alice write");
  EXPECT_EQ(entries[5].detail, "acme");
  EXPECT_EQ(entries[6].detail, "alice (admin)");
}

TEST_F(AccountsTest, AuditNamesTheCallerAndItsToken) {
  Caller alice = AddUser("alice");
  alice.address = "192.0.2.7";
  ASSERT_TRUE(service_->CreateRepo(alice, alice_bert_, true, "").has_value());
  auto created = AuditOf("repo.create");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].actor, "alice");
  EXPECT_EQ(created[0].token_id, alice.token_id);
  EXPECT_EQ(created[0].address, "192.0.2.7");
  EXPECT_EQ(created[0].repo, "alice/bert");
  EXPECT_EQ(AuditRepoName({RepoType::kDataset, {"alice", "corpus"}}), "datasets/alice/corpus");
  EXPECT_EQ(AuditRepoName({RepoType::kSpace, {"alice", "demo"}}), "spaces/alice/demo");
}

TEST_F(AccountsTest, ReadAuditFiltersByRepoUserSinceAndLimit) {
  Caller alice = AddUser("alice");  // user.add, token.create by ops
  ASSERT_TRUE(service_->CreateRepo(alice, alice_bert_, false, "").has_value());
  const RepoKey other{RepoType::kDataset, {"alice", "corpus"}};
  ASSERT_TRUE(service_->CreateRepo(alice, other, false, "").has_value());
  ASSERT_TRUE(service_->UpdateSettings(alice, alice_bert_, true, std::nullopt).has_value());

  auto by_repo = Audit(RepoIs("alice/bert"));
  ASSERT_EQ(by_repo.size(), 2u);
  EXPECT_EQ(by_repo[0].action, "repo.settings");
  EXPECT_EQ(by_repo[0].detail, "private=true");
  EXPECT_EQ(by_repo[1].action, "repo.create");
  EXPECT_EQ(Audit(RepoIs("datasets/alice/corpus")).size(), 1u);
  EXPECT_TRUE(Audit(RepoIs("alice/corpus")).empty());

  EXPECT_EQ(Audit(UserIs("alice")).size(), 3u);
  EXPECT_EQ(Audit(UserIs("ops")).size(), 2u);
  EXPECT_TRUE(Audit(UserIs("bob")).empty());

  auto newest = Audit(Newest(2));
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].action, "repo.settings");
  EXPECT_GT(newest[0].id, newest[1].id);

  const int64_t last_at = newest[0].at;
  EXPECT_TRUE(Audit(Since(last_at + 1)).empty());
  auto since = Audit(Since(last_at));
  ASSERT_FALSE(since.empty());
  for (const AuditEntry& entry : since) EXPECT_GE(entry.at, last_at);
  EXPECT_EQ(Audit(Since(0)).size(), 5u);
}

TEST_F(AccountsTest, ReadAuditSinceSkipsOlderEntries) {
  ASSERT_TRUE(accounts_->AddUser("alice", "", "", false).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int64_t cut = core::NowMillis();
  ASSERT_TRUE(accounts_->AddUser("bob", "", "", false).has_value());
  auto since = Audit(Since(cut));
  ASSERT_EQ(since.size(), 1u);
  EXPECT_EQ(since[0].detail, "bob");
}

}  // namespace
}  // namespace modelhub::hub
