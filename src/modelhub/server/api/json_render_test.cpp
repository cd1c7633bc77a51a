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
}

}  // namespace
}  // namespace modelhub::server::api
