#include "modelhub/server/api/json_render.h"

#include <gtest/gtest.h>

namespace modelhub::server::api {
namespace {

hub::RepoInfo SampleInfo() {
  hub::RepoInfo info;
  info.record.row_id = 42;
  info.record.key = {core::RepoType::kModel, {"alice", "bert"}};
  info.record.gated = "manual";
  info.sha = std::string(40, 'a');
  hub::Entry weights;
  weights.path = "model.safetensors";
  weights.oid = std::string(40, 'b');
  weights.size = 100;
  weights.lfs = hub::LfsPointer{std::string(64, 'c'), 100, 134};
  info.siblings.push_back(weights);
  info.pipeline_tag = "fill-mask";
  return info;
}

TEST(JsonRenderTest, DefaultInfoShape) {
  nlohmann::json info = RepoInfoJson(SampleInfo(), {});
  EXPECT_EQ(info["_id"], "00000000000000000000002a");
  EXPECT_EQ(info["id"], "alice/bert");
  EXPECT_EQ(info["gated"], "manual");
  EXPECT_EQ(info["private"], false);
  EXPECT_EQ(info["disabled"], false);
  EXPECT_EQ(info["pipeline_tag"], "fill-mask");
  EXPECT_EQ(info["siblings"][0], nlohmann::json({{"rfilename", "model.safetensors"}}));
  EXPECT_EQ(info["lastModified"], "1970-01-01T00:00:00.000Z");
}

TEST(JsonRenderTest, ExpandSelectsOnlyRequestedKeysAndBlobsAddLfs) {
  InfoSelection selection;
  selection.keys = {"likes", "siblings", "gitalyUid"};
  selection.blobs = true;
  nlohmann::json info = RepoInfoJson(SampleInfo(), selection);
  EXPECT_EQ(info.size(), 4u) << info.dump();  // _id, id, likes, siblings
  EXPECT_EQ(info["siblings"][0]["lfs"]["sha256"], std::string(64, 'c'));
  EXPECT_EQ(info["siblings"][0]["lfs"]["pointerSize"], 134);
  EXPECT_EQ(info["siblings"][0]["blobId"], std::string(40, 'b'));
}

TEST(JsonRenderTest, TreeEntryUsesOidForLfs) {
  hub::Entry entry = SampleInfo().siblings[0];
  entry.last_commit = hub::Entry::LastCommit{std::string(40, 'd'), "init", 1000};
  nlohmann::json plain = EntryJson(entry, false);
  EXPECT_EQ(plain["type"], "file");
  EXPECT_EQ(plain["lfs"]["oid"], std::string(64, 'c'));
  EXPECT_FALSE(plain.contains("lastCommit"));
  EXPECT_EQ(EntryJson(entry, true)["lastCommit"]["date"], "1970-01-01T00:00:01.000Z");
}

TEST(JsonRenderTest, RefsAlwaysHaveTheRequiredLists) {
  nlohmann::json refs = RefsJson({}, false);
  EXPECT_TRUE(refs["branches"].is_array());
  EXPECT_TRUE(refs["converts"].is_array());
  EXPECT_FALSE(refs.contains("pullRequests"));
  EXPECT_TRUE(RefsJson({}, true)["pullRequests"].is_array());
}

TEST(JsonRenderTest, InvalidUtf8IsReplacedNotThrown) {
  EXPECT_NO_THROW(DumpJson(nlohmann::json{{"path", "\xff"}}));
}

TEST(JsonRenderTest, WhoamiHasAuthObject) {
  hub::Caller caller;
  caller.user_id = 1;
  caller.name = "admin";
  caller.token_role = "write";
  nlohmann::json whoami = WhoamiJson(caller);
  EXPECT_EQ(whoami["name"], "admin");
  EXPECT_EQ(whoami["auth"]["accessToken"]["role"], "write");
  EXPECT_FALSE(whoami["auth"]["accessToken"].contains("fineGrained"));
}

TEST(JsonRenderTest, WhoamiListsOrgRolesAndFineGrainedScopes) {
  hub::Caller caller;
  caller.user_id = 7;
  caller.name = "alice";
  caller.orgs = {{1, "acme", "Acme Corp", hub::OrgRole::kContributor}};
  caller.token_role = "fineGrained";
  caller.scopes = {{hub::TokenScope::Kind::kRepo, core::RepoType::kDataset, "acme/corpus", false},
                   {hub::TokenScope::Kind::kNamespace, core::RepoType::kModel, "alice", true}};
  nlohmann::json whoami = WhoamiJson(caller);
  ASSERT_EQ(whoami["orgs"].size(), 1u);
  EXPECT_EQ(whoami["orgs"][0]["name"], "acme");
  EXPECT_EQ(whoami["orgs"][0]["fullname"], "Acme Corp");
  EXPECT_EQ(whoami["orgs"][0]["roleInOrg"], "contributor");
  EXPECT_NE(whoami["orgs"][0]["id"], whoami["id"]);  // org ids never collide with user ids
  const nlohmann::json& scoped = whoami["auth"]["accessToken"]["fineGrained"]["scoped"];
  ASSERT_EQ(scoped.size(), 2u);
  EXPECT_EQ(scoped[0]["entity"]["type"], "dataset");
  EXPECT_EQ(scoped[0]["entity"]["name"], "acme/corpus");
  EXPECT_EQ(scoped[0]["permissions"], nlohmann::json::array({"repo.content.read"}));
  EXPECT_EQ(scoped[1]["entity"]["type"], "user");
  EXPECT_EQ(scoped[1]["permissions"], nlohmann::json::array({"repo.content.read", "repo.write"}));
  EXPECT_EQ(scoped[0]["entity"]["_id"].get<std::string>().size(), 24u);
}

TEST(JsonRenderTest, AccessRequestHasHuggingfaceHubFields) {
  hub::AccessRequest request;
  request.user = "bob";
  request.status = "rejected";
  request.timestamp = 1'700'000'000'000;
  request.fields = {{"Company", "Bob Inc"}};
  request.rejection_reason = "no";
  nlohmann::json out = AccessRequestJson(request);
  // huggingface_hub reads user.user, user.fullname, user.get("email"), status, timestamp, fields.
  EXPECT_EQ(out["user"]["user"], "bob");
  EXPECT_EQ(out["user"]["fullname"], "bob");
  EXPECT_FALSE(out["user"].contains("email"));
  EXPECT_EQ(out["status"], "rejected");
  EXPECT_EQ(out["timestamp"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(out["fields"]["Company"], "Bob Inc");
  EXPECT_EQ(out["rejectionReason"], "no");
}

}  // namespace
}  // namespace modelhub::server::api
