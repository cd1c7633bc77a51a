#include "modelhub/hub/gitignore.h"

#include <gtest/gtest.h>

namespace modelhub::hub {
namespace {

TEST(GitignoreTest, PatternsNegationAndDirectories) {
  std::string rules =
      "# build output\n"
      "*.log\n"
      "!keep.log\n"
      "checkpoints/\n"
      "/top.txt\n"
      "docs/*.tmp\n";
  EXPECT_TRUE(IsIgnoredPath(rules, "train.log"));
  EXPECT_TRUE(IsIgnoredPath(rules, "sub/dir/train.log"));
  EXPECT_FALSE(IsIgnoredPath(rules, "keep.log"));
  EXPECT_TRUE(IsIgnoredPath(rules, "checkpoints/step1/model.bin"));
  EXPECT_FALSE(IsIgnoredPath(rules, "checkpoints"));  // a file of that name is not a directory
  EXPECT_TRUE(IsIgnoredPath(rules, "top.txt"));
  EXPECT_FALSE(IsIgnoredPath(rules, "sub/top.txt"));
  EXPECT_TRUE(IsIgnoredPath(rules, "docs/a.tmp"));
  EXPECT_FALSE(IsIgnoredPath(rules, "docs/sub/a.tmp"));
  EXPECT_FALSE(IsIgnoredPath(rules, "config.json"));
  EXPECT_FALSE(IsIgnoredPath("", "anything"));
}

TEST(GitignoreTest, FilesInIgnoredDirectoriesStayIgnored) {
  EXPECT_TRUE(IsIgnoredPath("logs/\n!logs/important.txt\n", "logs/important.txt"));
}

}  // namespace
}  // namespace modelhub::hub
