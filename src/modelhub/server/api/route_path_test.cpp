#include "modelhub/server/api/route_path.h"

#include <gtest/gtest.h>

namespace modelhub::server::api {
namespace {

// A stand-in for RepoService::RevisionSegments with branches "main" and "feat/x".
core::Result<size_t> FakeCount(const std::vector<std::string>& decoded, size_t max) {
  if (decoded.size() >= 3 && decoded[0] == "refs" &&
      (decoded[1] == "pr" || decoded[1] == "convert")) {
    return std::min<size_t>(3, max);
  }
  if (decoded.size() >= 2 && decoded[0] == "feat" && decoded[1] == "x")
    return std::min<size_t>(2, max);
  return size_t{1};
}

RevisionAndPath Split(const std::string& path, bool path_required) {
  auto segments = SplitSegments(path);
  auto result = SplitRevisionAndPath(segments, path_required, FakeCount);
  EXPECT_TRUE(result.has_value()) << path;
  return result.has_value() ? *result : RevisionAndPath{};
}

TEST(RoutePathTest, SplitsSegmentsKeepingInnerEmptyOnes) {
  EXPECT_EQ(SplitSegments("/a/b%2Fc/"), (std::vector<std::string>{"a", "b%2Fc"}));
  EXPECT_EQ(SplitSegments("/a//b"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(SplitSegments("/").empty());
}

TEST(RoutePathTest, EncodedSlashIsOneRevision) {
  auto split = Split("refs%2Fpr%2F1/sub/config.json", true);
  EXPECT_EQ(split.revision, "refs/pr/1");
  EXPECT_EQ(split.path, "sub/config.json");
}

TEST(RoutePathTest, RawPrRefAndSlashedBranch) {
  auto pr = Split("refs/pr/1/config.json", true);
  EXPECT_EQ(pr.revision, "refs/pr/1");
  EXPECT_EQ(pr.path, "config.json");
  auto branch = Split("feat/x/sub/dir", false);
  EXPECT_EQ(branch.revision, "feat/x");
  EXPECT_EQ(branch.path, "sub/dir");
  auto plain = Split("main", false);
  EXPECT_EQ(plain.revision, "main");
  EXPECT_EQ(plain.path, "");
}

TEST(RoutePathTest, PathIsDecodedAndAtLeastOneSegmentStaysForIt) {
  auto split = Split("main/sub%2Fdir%20x/a.bin", true);
  EXPECT_EQ(split.path, "sub/dir x/a.bin");
  auto short_pr = Split("refs/pr/1", true);  // the counter must not eat the file name
  EXPECT_EQ(short_pr.revision, "refs/pr");
  EXPECT_EQ(short_pr.path, "1");
  std::vector<std::string> only_revision = {"main"};
  EXPECT_FALSE(SplitRevisionAndPath(only_revision, true, FakeCount).has_value());
  std::vector<std::string> bad_escape = {"main", "a%zz"};
  EXPECT_FALSE(SplitRevisionAndPath(bad_escape, true, FakeCount).has_value());
}

TEST(RoutePathTest, RepoSegments) {
  auto id = ParseRepoSegments("alice", "bert.git", true);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->ToString(), "alice/bert");
  EXPECT_FALSE(ParseRepoSegments("alice", "a--b", false).has_value());
  EXPECT_FALSE(ParseRepoSegments("..", "x", false).has_value());
}

TEST(RoutePathTest, NextPageKeepsEveryParameterAndReplacesCursor) {
  EXPECT_EQ(
      NextPageUrl("http://h:1", "/api/models", "limit=5&expand[]=likes&cursor=old&b=1", "n/x"),
      "http://h:1/api/models?limit=5&expand[]=likes&b=1&cursor=n%2Fx");
  EXPECT_EQ(NextPageUrl("http://h", "/api/models", "", "c"), "http://h/api/models?cursor=c");
  EXPECT_EQ(LinkHeader("http://h/x?cursor=c"), "<http://h/x?cursor=c>; rel=\"next\"");
}

}  // namespace
}  // namespace modelhub::server::api
