#include "modelhub/client/lockfile.h"

#include <gtest/gtest.h>

namespace modelhub::client {
namespace {

const std::string kCommit(40, 'a');
const std::string kSha(64, 'b');

LockedModel Model() {
  LockedModel model;
  model.repo = "org/bert";
  model.revision = "main";
  model.commit = kCommit;
  model.license = "mit";
  model.card_data_json = R"({"license":"mit","tags":["x"]})";
  model.files = {{"z.bin", 10, kSha}, {"config.json", 3, kSha}};
  return model;
}

TEST(LockfileTest, RoundTripIsDeterministic) {
  Lockfile lockfile;
  lockfile.Upsert(Model());
  LockedModel dataset = Model();
  dataset.repo = "org/data";
  dataset.repo_type = core::RepoType::kDataset;
  lockfile.Upsert(dataset);
  std::string text = SerializeLockfile(lockfile);
  auto parsed = ParseLockfile(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, lockfile);
  EXPECT_EQ(SerializeLockfile(*parsed), text);
  EXPECT_EQ(parsed->models[0].files[0].path, "config.json");  // sorted
  EXPECT_EQ(text.back(), '\n');
}

TEST(LockfileTest, UpsertReplaces) {
  Lockfile lockfile;
  lockfile.Upsert(Model());
  LockedModel moved = Model();
  moved.commit = std::string(40, 'c');
  lockfile.Upsert(moved);
  ASSERT_EQ(lockfile.models.size(), 1u);
  EXPECT_EQ(lockfile.models[0].commit, moved.commit);
}

TEST(LockfileTest, RejectsMalformedInput) {
  const std::string bad[] = {
      "",
      "[]",
      "{\"version\":2,\"models\":[]}",
      "{\"version\":1}",
      "{\"version\":1,\"models\":[1]}",
      "{\"version\":1,\"models\":[{\"repo\":\"bad\",\"repo_type\":\"model\"}]}",
      "{\"version\":1,\"models\":[{\"repo\":\"a/b\",\"repo_type\":\"x\"}]}",
      "{\"version\":1,\"models\":[{\"repo\":\"a/b\",\"repo_type\":\"model\",\"revision\":\"main\","
      "\"commit\":\"abc\",\"files\":[]}]}",
      "{\"version\":1,\"models\":[{\"repo\":\"a/b\",\"repo_type\":\"model\",\"revision\":\"main\","
      "\"commit\":\"" +
          std::string(40, 'a').append("\",\"files\":[{\"path\":\"../x\",\"size\":1,"
                                      "\"sha256\":\"") +
          std::string(64, 'b') + "\"}]}]}",
      "{\"version\":1,\"models\":[{\"repo\":\"a/b\",\"repo_type\":\"model\",\"revision\":\"main\","
      "\"commit\":\"" +
          std::string(40, 'a') +
          "\",\"files\":[{\"path\":\"x\",\"size\":-1,"
          "\"sha256\":\"" +
          std::string(64, 'b') + "\"}]}]}",
  };
  for (const std::string& text : bad) {
    auto parsed = ParseLockfile(text);
    EXPECT_FALSE(parsed) << text;
    if (!parsed) {
      EXPECT_EQ(parsed.error().code, core::ErrorCode::kBadRequest);
    }
  }
}

TEST(LockfileTest, RejectsDuplicates) {
  Lockfile lockfile;
  lockfile.models = {Model(), Model()};
  EXPECT_FALSE(ParseLockfile(SerializeLockfile(lockfile)));
  LockedModel model = Model();
  model.files.push_back(model.files[0]);
  lockfile.models = {model};
  EXPECT_FALSE(ParseLockfile(SerializeLockfile(lockfile)));
}

TEST(LockfileTest, DiffNamesFilesLicenseAndCard) {
  LockedModel before = Model();
  LockedModel after = Model();
  EXPECT_TRUE(DiffLockedModels(before, after).empty());
  after.commit = std::string(40, 'c');
  after.files = {{"config.json", 4, std::string(64, 'd')}, {"new.txt", 1, kSha}};
  after.license = "apache-2.0";
  after.card_data_json = R"({"license":"apache-2.0","tags":["x"]})";
  std::vector<std::string> diff = DiffLockedModels(before, after);
  std::vector<std::string> expected = {"commit aaaaaaaaaaaa -> cccccccccccc",
                                       "~ config.json (3 -> 4 bytes)",
                                       "+ new.txt (1 bytes)",
                                       "- z.bin",
                                       "license: mit -> apache-2.0",
                                       "card metadata changed: license"};
  EXPECT_EQ(diff, expected);
}

}  // namespace
}  // namespace modelhub::client
