// Gated repos through RepoService with callers authenticated from real tokens: the gate's answer
// for each kind of caller, access requests and their review, grants, "auto" gating, and how
// gating combines with private repos and organisations.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "modelhub/hub/hub_test_fixture.h"
#include "modelhub/hub/repo_service.h"

namespace modelhub::hub {
namespace {

using core::ErrorCode;
using core::RepoType;
using nlohmann::json;
using ::testing::HasSubstr;

constexpr std::string_view kGatedCard = R"(---
license: other
extra_gated_prompt: You agree to share your contact information.
extra_gated_fields:
  Company: text
  I agree to the terms: checkbox
  Purpose:
    type: select
    options:
      - Research
      - label: Commercial use
        value: commercial
---
# A gated model
)";

constexpr std::string_view kAnonymousMessage =
    "Access to model alice/gated is restricted. You must have access to it and be authenticated "
    "to access it. Please log in.";
constexpr std::string_view kNotAuthorizedMessage =
    "Access to model alice/gated is restricted and you are not in the authorized list. Visit "
    "/alice/gated to ask for access.";
constexpr std::string_view kPendingMessage =
    "Your request to access model alice/gated is awaiting a review from the repo authors.";
constexpr std::string_view kRejectedMessage =
    "Your request to access model alice/gated has been rejected by the repo's authors.";

json ValidAnswers() {
  return {{"Company", "Acme"}, {"I agree to the terms", "on"}, {"Purpose", "commercial"}};
}

// alice's model alice/gated, gated "manual", with a form in its card and a config.json; bob is
// an outsider with a write token.
class GatingTest : public HubFixture {
 protected:
  void SetUp() override {
    HubFixture::SetUp();
    alice_ = AddUser("alice");
    bob_ = AddUser("bob");
    ASSERT_TRUE(service_->CreateRepo(alice_, gated_, false, "").has_value());
    CommitFile(alice_, gated_, "README.md", std::string(kGatedCard));
    CommitFile(alice_, gated_, "config.json", R"({"model_type":"bert"})");
    ASSERT_TRUE(service_->UpdateSettings(alice_, gated_, std::nullopt, "manual").has_value());
  }

  // Adds user `name` as a member of organisation "acme" (created on first use) with `role`, and
  // returns it authenticated with a write token.
  Caller AcmeMember(const std::string& name, OrgRole role) {
    if (accounts_->ListOrgs()->empty()) {
      EXPECT_TRUE(accounts_->CreateOrg("acme", "").has_value());
    }
    EXPECT_TRUE(accounts_->AddUser(name, "", "", false).has_value());
    EXPECT_TRUE(accounts_->AddMember("acme", name, role).has_value());
    return Authenticate(NewToken(name));
  }

  // Reads config.json of `key` as `caller`: Ok, or why not.
  core::Status ReadConfig(const Caller& caller, const RepoKey& key) {
    auto file = service_->ResolveFile(caller, key, "main", "config.json");
    if (!file) return core::Unexpected(file.error());
    return core::Ok();
  }

  void ExpectGated(const Caller& caller, std::string_view message, const RepoKey& key) {
    auto read = ReadConfig(caller, key);
    ASSERT_FALSE(read.has_value()) << "expected a gate for " << caller.name;
    EXPECT_EQ(ErrorOf(read), ErrorCode::kGatedRepo);
    EXPECT_EQ(read.error().message, message);
  }
  void ExpectGated(const Caller& caller, std::string_view message) {
    ExpectGated(caller, message, gated_);
  }

  void ExpectReadable(const Caller& caller, const RepoKey& key) {
    auto read = ReadConfig(caller, key);
    EXPECT_TRUE(read.has_value()) << caller.name << ": " << read.error().message;
  }

  std::vector<AccessRequest> Requests(std::string_view status) {
    auto requests = service_->ListAccessRequests(alice_, gated_, status);
    EXPECT_TRUE(requests.has_value()) << requests.error().message;
    return requests ? *requests : std::vector<AccessRequest>{};
  }

  // bob asks for access with valid answers; "pending" on a manual gate.
  void BobRequests() {
    auto status = service_->RequestAccess(bob_, gated_, ValidAnswers());
    ASSERT_TRUE(status.has_value()) << status.error().message;
    ASSERT_EQ(*status, "pending");
  }

  Caller alice_;
  Caller bob_;
  const RepoKey gated_{RepoType::kModel, core::RepoId{"alice", "gated"}};
};

// ---- The gate ----

TEST_F(GatingTest, AnonymousCallerIsAskedToLogIn) { ExpectGated(anonymous_, kAnonymousMessage); }

TEST_F(GatingTest, OutsiderIsNotInTheAuthorizedList) { ExpectGated(bob_, kNotAuthorizedMessage); }

TEST_F(GatingTest, GateGuardsEveryContentRead) {
  std::string commit;
  EXPECT_EQ(ErrorOf(service_->ListTree(bob_, gated_, "main", "", true, &commit)),
            ErrorCode::kGatedRepo);
  EXPECT_EQ(ErrorOf(service_->PathsInfo(bob_, gated_, "main", {"config.json"}, &commit)),
            ErrorCode::kGatedRepo);
}

TEST_F(GatingTest, MetadataOfAGatedRepoNeedsNoAccess) {
  for (const Caller* caller : {&anonymous_, &bob_}) {
    auto info = service_->Info(*caller, gated_, "main");
    ASSERT_TRUE(info.has_value()) << info.error().message;
    EXPECT_EQ(info->record.gated, "manual");
    // The card carries the form the UI shows.
    EXPECT_TRUE(info->card_data["extra_gated_fields"].contains("Company"));
    EXPECT_TRUE(service_->FindRepo(*caller, gated_).has_value());
    EXPECT_TRUE(service_->ListRefs(*caller, gated_, false).has_value());
  }
}

TEST_F(GatingTest, OwnerAndSiteAdminBypassTheGate) {
  ExpectReadable(alice_, gated_);
  ASSERT_TRUE(accounts_->AddUser("root", "", "", true).has_value());
  ExpectReadable(Authenticate(NewToken("root", "read")), gated_);
}

TEST_F(GatingTest, OrgMembersOfEveryRoleBypassTheGateOfOrgRepos) {
  Caller dave = AcmeMember("dave", OrgRole::kWrite);
  const RepoKey acme_model{RepoType::kModel, {"acme", "model"}};
  ASSERT_TRUE(service_->CreateRepo(dave, acme_model, false, "").has_value());
  CommitFile(dave, acme_model, "config.json", "{}");
  ASSERT_TRUE(service_->UpdateSettings(dave, acme_model, std::nullopt, "manual").has_value());

  ExpectReadable(dave, acme_model);
  ExpectReadable(AcmeMember("carol", OrgRole::kRead), acme_model);
  ExpectReadable(AcmeMember("erin", OrgRole::kContributor), acme_model);
  ExpectReadable(AcmeMember("fred", OrgRole::kAdmin), acme_model);
  EXPECT_EQ(ErrorOf(ReadConfig(bob_, acme_model)), ErrorCode::kGatedRepo);
  // Membership of acme gives nothing on alice's repo.
  ExpectGated(dave, kNotAuthorizedMessage);
}

TEST_F(GatingTest, PrivateGatedRepoIsNotFoundNotGatedForOutsiders) {
  ASSERT_TRUE(service_->UpdateSettings(alice_, gated_, true, std::nullopt).has_value());
  for (const Caller* caller : {&anonymous_, &bob_}) {
    auto read = ReadConfig(*caller, gated_);
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(ErrorOf(read), ErrorCode::kRepoNotFound);
    EXPECT_EQ(ErrorOf(service_->Info(*caller, gated_, "main")), ErrorCode::kRepoNotFound);
  }
  EXPECT_EQ(ErrorOf(service_->RequestAccess(bob_, gated_, ValidAnswers())),
            ErrorCode::kRepoNotFound);
  ExpectReadable(alice_, gated_);
}

TEST_F(GatingTest, AcceptedUserStillCannotSeeThePrivateRepo) {
  ASSERT_TRUE(service_->GrantAccess(alice_, gated_, "bob").has_value());
  ASSERT_TRUE(service_->UpdateSettings(alice_, gated_, true, std::nullopt).has_value());
  EXPECT_EQ(ErrorOf(ReadConfig(bob_, gated_)), ErrorCode::kRepoNotFound);
}

TEST_F(GatingTest, GateOfADatasetNamesItsPage) {
  const RepoKey corpus{RepoType::kDataset, {"alice", "corpus"}};
  ASSERT_TRUE(service_->CreateRepo(alice_, corpus, false, "").has_value());
  CommitFile(alice_, corpus, "config.json", "{}");
  ASSERT_TRUE(service_->UpdateSettings(alice_, corpus, std::nullopt, "manual").has_value());
  ExpectGated(bob_,
              "Access to dataset alice/corpus is restricted and you are not in the authorized "
              "list. Visit /datasets/alice/corpus to ask for access.",
              corpus);
}

TEST_F(GatingTest, UngatingOpensTheFilesToEveryone) {
  ASSERT_TRUE(service_->UpdateSettings(alice_, gated_, std::nullopt, "").has_value());
  ExpectReadable(anonymous_, gated_);
  ExpectReadable(bob_, gated_);
}

TEST_F(GatingTest, UnknownGatingModeIsBadRequest) {
  EXPECT_EQ(ErrorOf(service_->UpdateSettings(alice_, gated_, std::nullopt, "yes")),
            ErrorCode::kBadRequest);
  EXPECT_EQ(service_->FindRepo(alice_, gated_)->record.gated, "manual");
}

TEST_F(GatingTest, OnlyWritersChangeTheGating) {
  EXPECT_EQ(ErrorOf(service_->UpdateSettings(bob_, gated_, std::nullopt, "")),
            ErrorCode::kForbidden);
  EXPECT_EQ(ErrorOf(service_->UpdateSettings(anonymous_, gated_, std::nullopt, "")),
            ErrorCode::kUnauthorized);
  ExpectGated(bob_, kNotAuthorizedMessage);
}

// ---- Asking for access ----

TEST_F(GatingTest, RequestWithAMissingAnswerIsBadRequestAndRecordsNothing) {
  json answers = ValidAnswers();
  answers.erase("Company");
  auto status = service_->RequestAccess(bob_, gated_, answers);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(ErrorOf(status), ErrorCode::kBadRequest);
  EXPECT_THAT(status.error().message, HasSubstr("'Company' must be answered"));
  EXPECT_TRUE(Requests("pending").empty());
  EXPECT_TRUE(AuditOf("access.request").empty());
  ExpectGated(bob_, kNotAuthorizedMessage);
}

TEST_F(GatingTest, RequestWithAnUncheckedBoxIsBadRequest) {
  json answers = ValidAnswers();
  answers["I agree to the terms"] = false;
  auto status = service_->RequestAccess(bob_, gated_, answers);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(ErrorOf(status), ErrorCode::kBadRequest);
  EXPECT_THAT(status.error().message, HasSubstr("must be checked"));
  EXPECT_TRUE(Requests("pending").empty());
}

TEST_F(GatingTest, RequestWithoutAnswersToAFormIsBadRequest) {
  EXPECT_EQ(ErrorOf(service_->RequestAccess(bob_, gated_, json())), ErrorCode::kBadRequest);
}

TEST_F(GatingTest, RequestIsPendingAndTheGateSaysSo) {
  BobRequests();
  ExpectGated(bob_, kPendingMessage);
}

TEST_F(GatingTest, AnonymousCannotAskForAccess) {
  EXPECT_EQ(ErrorOf(service_->RequestAccess(anonymous_, gated_, ValidAnswers())),
            ErrorCode::kUnauthorized);
}

TEST_F(GatingTest, AReadTokenIsEnoughToAskForAccess) {
  Caller reader = Authenticate(NewToken("bob", "read"));
  auto status = service_->RequestAccess(reader, gated_, ValidAnswers());
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(*status, "pending");
}

TEST_F(GatingTest, AskingAgainWhilePendingReplacesTheAnswers) {
  BobRequests();
  json answers = ValidAnswers();
  answers["Purpose"] = "Research";
  ASSERT_EQ(*service_->RequestAccess(bob_, gated_, answers), "pending");
  auto pending = Requests("pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].fields["Purpose"], "Research");
}

TEST_F(GatingTest, RepoWithoutAFormTakesRequestsWithoutAnswers) {
  const RepoKey plain{RepoType::kModel, {"alice", "plain"}};
  ASSERT_TRUE(service_->CreateRepo(alice_, plain, false, "").has_value());
  ASSERT_TRUE(service_->UpdateSettings(alice_, plain, std::nullopt, "manual").has_value());
  auto status = service_->RequestAccess(bob_, plain, json());
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(*status, "pending");
}

// ---- Reviewing requests ----

TEST_F(GatingTest, OwnerListsThePendingRequestWithItsAnswers) {
  BobRequests();
  auto pending = Requests("pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].user, "bob");
  EXPECT_EQ(pending[0].email, "bob@example.com");
  EXPECT_EQ(pending[0].status, "pending");
  EXPECT_GT(pending[0].timestamp, 0);
  EXPECT_EQ(pending[0].fields,
            json({{"Company", "Acme"}, {"I agree to the terms", true}, {"Purpose", "commercial"}}));
  EXPECT_TRUE(Requests("accepted").empty());
  EXPECT_TRUE(Requests("rejected").empty());
}

TEST_F(GatingTest, ListingRequestsNeedsWriteRights) {
  BobRequests();
  auto by_bob = service_->ListAccessRequests(bob_, gated_, "pending");
  ASSERT_FALSE(by_bob.has_value());
  EXPECT_EQ(ErrorOf(by_bob), ErrorCode::kForbidden);
  EXPECT_EQ(ErrorOf(service_->ListAccessRequests(anonymous_, gated_, "pending")),
            ErrorCode::kUnauthorized);
}

TEST_F(GatingTest, OwnerWithAReadTokenIsToldTheTokenIsInTheWay) {
  Caller reader = Authenticate(NewToken("alice", "read"));
  auto requests = service_->ListAccessRequests(reader, gated_, "pending");
  ASSERT_FALSE(requests.has_value());
  EXPECT_EQ(ErrorOf(requests), ErrorCode::kForbidden);
  EXPECT_THAT(requests.error().message, HasSubstr("the token used is a read token"));
}

TEST_F(GatingTest, ListingAnUnknownStatusIsBadRequest) {
  EXPECT_EQ(ErrorOf(service_->ListAccessRequests(alice_, gated_, "open")), ErrorCode::kBadRequest);
  EXPECT_EQ(ErrorOf(service_->HandleAccessRequest(alice_, gated_, "bob", "maybe", "")),
            ErrorCode::kBadRequest);
}

TEST_F(GatingTest, AcceptedRequestOpensTheGate) {
  BobRequests();
  ASSERT_TRUE(service_->HandleAccessRequest(alice_, gated_, "bob", "accepted", "").has_value());
  ExpectReadable(bob_, gated_);
  EXPECT_TRUE(Requests("pending").empty());
  ASSERT_EQ(Requests("accepted").size(), 1u);
  EXPECT_EQ(Requests("accepted")[0].user, "bob");
}

TEST_F(GatingTest, HandlingToTheSameStatusIsNotFound) {
  BobRequests();
  auto same = service_->HandleAccessRequest(alice_, gated_, "bob", "pending", "");
  ASSERT_FALSE(same.has_value());
  EXPECT_EQ(ErrorOf(same), ErrorCode::kNotFound);
  ASSERT_TRUE(service_->HandleAccessRequest(alice_, gated_, "bob", "accepted", "").has_value());
  EXPECT_EQ(ErrorOf(service_->HandleAccessRequest(alice_, gated_, "bob", "accepted", "")),
            ErrorCode::kNotFound);
}

TEST_F(GatingTest, HandlingARequestThatDoesNotExistIsNotFound) {
  EXPECT_EQ(ErrorOf(service_->HandleAccessRequest(alice_, gated_, "bob", "accepted", "")),
            ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf(service_->HandleAccessRequest(alice_, gated_, "nobody", "accepted", "")),
            ErrorCode::kNotFound);
}

TEST_F(GatingTest, OnlyWritersHandleRequests) {
  BobRequests();
  EXPECT_EQ(ErrorOf(service_->HandleAccessRequest(bob_, gated_, "bob", "accepted", "")),
            ErrorCode::kForbidden);
  ExpectGated(bob_, kPendingMessage);
}

TEST_F(GatingTest, RejectedRequestKeepsTheGateClosedAndItsReason) {
  BobRequests();
  ASSERT_TRUE(
      service_->HandleAccessRequest(alice_, gated_, "bob", "rejected", "not for commercial use"));
  ExpectGated(bob_, kRejectedMessage);
  auto rejected = Requests("rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].rejection_reason, "not for commercial use");
}

TEST_F(GatingTest, RejectionReasonIsLimitedTo200Characters) {
  BobRequests();
  EXPECT_EQ(service_->HandleAccessRequest(alice_, gated_, "bob", "rejected", std::string(201, 'x'))
                .error()
                .code,
            ErrorCode::kBadRequest);
  EXPECT_TRUE(
      service_->HandleAccessRequest(alice_, gated_, "bob", "rejected", std::string(200, 'x')));
}

TEST_F(GatingTest, AskingAgainDoesNotReopenARejection) {
  BobRequests();
  ASSERT_TRUE(service_->HandleAccessRequest(alice_, gated_, "bob", "rejected", ""));
  EXPECT_EQ(*service_->RequestAccess(bob_, gated_, ValidAnswers()), "rejected");
  ExpectGated(bob_, kRejectedMessage);
}

TEST_F(GatingTest, MovingBackToPendingClosesTheGateAgain) {
  BobRequests();
  ASSERT_TRUE(service_->HandleAccessRequest(alice_, gated_, "bob", "accepted", ""));
  ASSERT_TRUE(service_->HandleAccessRequest(alice_, gated_, "bob", "pending", ""));
  ExpectGated(bob_, kPendingMessage);
}

TEST_F(GatingTest, ContributorReviewsRequestsOfItsOwnOrgReposOnly) {
  Caller dave = AcmeMember("dave", OrgRole::kWrite);
  Caller erin = AcmeMember("erin", OrgRole::kContributor);
  const RepoKey daves{RepoType::kModel, {"acme", "daves"}};
  const RepoKey erins{RepoType::kModel, {"acme", "erins"}};
  ASSERT_TRUE(service_->CreateRepo(dave, daves, false, "").has_value());
  ASSERT_TRUE(service_->CreateRepo(erin, erins, false, "").has_value());
  ASSERT_TRUE(service_->UpdateSettings(dave, daves, std::nullopt, "manual").has_value());
  ASSERT_TRUE(service_->UpdateSettings(erin, erins, std::nullopt, "manual").has_value());

  EXPECT_TRUE(service_->ListAccessRequests(erin, erins, "pending").has_value());
  EXPECT_EQ(ErrorOf(service_->ListAccessRequests(erin, daves, "pending")), ErrorCode::kForbidden);
  // An org "write" member reviews every repo of the org.
  EXPECT_TRUE(service_->ListAccessRequests(dave, erins, "pending").has_value());
  EXPECT_EQ(service_->ListAccessRequests(AcmeMember("carol", OrgRole::kRead), daves, "pending")
                .error()
                .code,
            ErrorCode::kForbidden);
}

// ---- Grants ----

TEST_F(GatingTest, GrantOpensTheGateWithoutARequest) {
  ASSERT_TRUE(service_->GrantAccess(alice_, gated_, "bob").has_value());
  ExpectReadable(bob_, gated_);
  auto accepted = Requests("accepted");
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].user, "bob");
  EXPECT_EQ(accepted[0].fields, json::object());
}

TEST_F(GatingTest, GrantAcceptsAPendingOrRejectedRequest) {
  BobRequests();
  ASSERT_TRUE(service_->GrantAccess(alice_, gated_, "bob").has_value());
  ExpectReadable(bob_, gated_);
  ASSERT_TRUE(service_->HandleAccessRequest(alice_, gated_, "bob", "rejected", "why"));
  ASSERT_TRUE(service_->GrantAccess(alice_, gated_, "bob").has_value());
  ExpectReadable(bob_, gated_);
  EXPECT_EQ(Requests("accepted")[0].rejection_reason, "");
}

TEST_F(GatingTest, GrantingAnAcceptedUserIsBadRequest) {
  BobRequests();
  ASSERT_TRUE(service_->HandleAccessRequest(alice_, gated_, "bob", "accepted", ""));
  auto again = service_->GrantAccess(alice_, gated_, "bob");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(ErrorOf(again), ErrorCode::kBadRequest);
  EXPECT_THAT(again.error().message, HasSubstr("already has access"));
}

TEST_F(GatingTest, GrantToAnUnknownUserIsNotFoundAndNeedsWriteRights) {
  EXPECT_EQ(ErrorOf(service_->GrantAccess(alice_, gated_, "nobody")), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf(service_->GrantAccess(bob_, gated_, "bob")), ErrorCode::kForbidden);
  ExpectGated(bob_, kNotAuthorizedMessage);
}

TEST_F(GatingTest, RemovedUsersRequestsAreGone) {
  BobRequests();
  ASSERT_TRUE(accounts_->RemoveUser("bob").has_value());
  EXPECT_TRUE(Requests("pending").empty());
}

TEST_F(GatingTest, AccessDoesNotOutliveTheRepo) {
  ASSERT_TRUE(service_->GrantAccess(alice_, gated_, "bob").has_value());
  ASSERT_TRUE(service_->DeleteRepo(alice_, gated_).has_value());
  ASSERT_TRUE(service_->CreateRepo(alice_, gated_, false, "").has_value());
  CommitFile(alice_, gated_, "config.json", "{}");
  ASSERT_TRUE(service_->UpdateSettings(alice_, gated_, std::nullopt, "manual").has_value());
  ExpectGated(bob_, kNotAuthorizedMessage);
  EXPECT_TRUE(Requests("accepted").empty());
}

// ---- Automatic approval, and repos that are not gated ----

TEST_F(GatingTest, AutoGatedRepoAcceptsAtOnce) {
  ASSERT_TRUE(service_->UpdateSettings(alice_, gated_, std::nullopt, "auto").has_value());
  ExpectGated(bob_, kNotAuthorizedMessage);
  auto status = service_->RequestAccess(bob_, gated_, ValidAnswers());
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(*status, "accepted");
  ExpectReadable(bob_, gated_);
  EXPECT_EQ(Requests("accepted").size(), 1u);
}

TEST_F(GatingTest, AutoGatedRepoStillChecksTheAnswers) {
  ASSERT_TRUE(service_->UpdateSettings(alice_, gated_, std::nullopt, "auto").has_value());
  json answers = ValidAnswers();
  answers["Purpose"] = "Fun";
  EXPECT_EQ(ErrorOf(service_->RequestAccess(bob_, gated_, answers)), ErrorCode::kBadRequest);
  ExpectGated(bob_, kNotAuthorizedMessage);
}

TEST_F(GatingTest, RepoThatIsNotGatedTakesNoRequestsOrGrants) {
  const RepoKey open{RepoType::kModel, {"alice", "open"}};
  ASSERT_TRUE(service_->CreateRepo(alice_, open, false, "").has_value());
  auto request = service_->RequestAccess(bob_, open, json::object());
  ASSERT_FALSE(request.has_value());
  EXPECT_EQ(ErrorOf(request), ErrorCode::kBadRequest);
  EXPECT_THAT(request.error().message, HasSubstr("is not gated"));
  EXPECT_EQ(ErrorOf(service_->ListAccessRequests(alice_, open, "pending")), ErrorCode::kBadRequest);
  EXPECT_EQ(ErrorOf(service_->HandleAccessRequest(alice_, open, "bob", "accepted", "")),
            ErrorCode::kBadRequest);
  EXPECT_EQ(ErrorOf(service_->GrantAccess(alice_, open, "bob")), ErrorCode::kBadRequest);
}

// ---- The audit log ----

TEST_F(GatingTest, RequestsDecisionsAndGrantsAreAudited) {
  BobRequests();
  ASSERT_TRUE(service_->HandleAccessRequest(alice_, gated_, "bob", "accepted", ""));
  ASSERT_TRUE(accounts_->AddUser("carol", "", "", false).has_value());
  ASSERT_TRUE(service_->GrantAccess(alice_, gated_, "carol").has_value());

  auto requests = AuditOf("access.request");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].actor, "bob");
  EXPECT_EQ(requests[0].token_id, bob_.token_id);
  EXPECT_EQ(requests[0].repo, "alice/gated");
  EXPECT_EQ(requests[0].outcome, "pending");

  auto decisions = AuditOf("access.handle");
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].actor, "alice");
  EXPECT_EQ(decisions[0].repo, "alice/gated");
  EXPECT_EQ(decisions[0].outcome, "accepted");
  EXPECT_EQ(decisions[0].detail, "bob");

  auto grants = AuditOf("access.grant");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].actor, "alice");
  EXPECT_EQ(grants[0].outcome, "accepted");
  EXPECT_EQ(grants[0].detail, "carol");

  auto settings = AuditOf("repo.settings");
  ASSERT_EQ(settings.size(), 1u);
  EXPECT_EQ(settings[0].detail, "gated=manual");
}

TEST_F(GatingTest, RefusedChangesAreNotAudited) {
  EXPECT_FALSE(service_->HandleAccessRequest(bob_, gated_, "bob", "accepted", "").has_value());
  EXPECT_FALSE(service_->GrantAccess(bob_, gated_, "bob").has_value());
  EXPECT_TRUE(AuditOf("access.handle").empty());
  EXPECT_TRUE(AuditOf("access.grant").empty());
}

}  // namespace
}  // namespace modelhub::hub
