#include "modelhub/hub/gitattributes.h"

#include <gtest/gtest.h>

namespace modelhub::hub {
namespace {

TEST(GitattributesTest, DefaultTracksWeightsNotText) {
  std::string attributes = DefaultGitattributes(core::RepoType::kModel);
  EXPECT_TRUE(IsLfsPath(attributes, "model.safetensors"));
  EXPECT_TRUE(IsLfsPath(attributes, "sub/dir/pytorch_model.bin"));
  EXPECT_TRUE(IsLfsPath(attributes, "runs/events.out.tfevents.123"));
  EXPECT_TRUE(IsLfsPath(attributes, "saved_model/variables/x"));
  EXPECT_TRUE(IsLfsPath(attributes, "archive.tar.gz"));
  EXPECT_FALSE(IsLfsPath(attributes, "config.json"));
  EXPECT_FALSE(IsLfsPath(attributes, "README.md"));
  EXPECT_FALSE(IsLfsPath(attributes, "image.png"));
  EXPECT_TRUE(IsLfsPath(DefaultGitattributes(core::RepoType::kDataset), "image.png"));
}

TEST(GitattributesTest, LaterRulesWinAndPathsAnchor) {
  std::string attributes =
      "*.json filter=lfs diff=lfs merge=lfs -text\n"
      "small.json -filter\n"
      "data/*.csv filter=lfs\n"
      "# comment\n";
  EXPECT_TRUE(IsLfsPath(attributes, "big.json"));
  EXPECT_FALSE(IsLfsPath(attributes, "small.json"));
  EXPECT_TRUE(IsLfsPath(attributes, "data/a.csv"));
  EXPECT_FALSE(IsLfsPath(attributes, "other/data/a.csv"));
  EXPECT_FALSE(IsLfsPath(attributes, "data/sub/a.csv"));
}

}  // namespace
}  // namespace modelhub::hub
