#include "modelhub/core/ids.h"

#include <gtest/gtest.h>

namespace modelhub::core {
namespace {

TEST(RepoIdTest, ParsesValidIds) {
  auto id = ParseRepoId("google-bert/bert-base.uncased_v2");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->ns, "google-bert");
  EXPECT_EQ(id->name, "bert-base.uncased_v2");
  EXPECT_EQ(id->ToString(), "google-bert/bert-base.uncased_v2");
}

TEST(RepoIdTest, RejectsInvalidIds) {
  for (const char* bad : {"noslash", "a/b/c", "/name", "ns/", "ns/-lead", "ns/trail.", "ns/a--b",
                          "ns/a..b", "ns/model.git", "ns/sp ace", "n$/x", "ns/\xff"}) {
    auto id = ParseRepoId(bad);
    EXPECT_FALSE(id.has_value()) << bad;
    if (!id.has_value()) {
      EXPECT_EQ(id.error().code, ErrorCode::kBadRequest);
    }
  }
  EXPECT_FALSE(ParseRepoId("ns/" + std::string(97, 'a')).has_value());
  EXPECT_TRUE(ParseRepoId("ns/" + std::string(96, 'a')).has_value());
}

TEST(RepoTypeTest, RoundTrips) {
  EXPECT_EQ(ParseRepoType("datasets"), RepoType::kDataset);
  EXPECT_EQ(ParseRepoType("space"), RepoType::kSpace);
  EXPECT_FALSE(ParseRepoType("buckets").has_value());
  EXPECT_EQ(RepoTypeUrlPrefix(RepoType::kModel), "");
  EXPECT_EQ(RepoTypeUrlPrefix(RepoType::kDataset), "datasets/");
}

TEST(ShaTest, RecognisesShas) {
  EXPECT_TRUE(IsFullSha("0123456789abcdef0123456789abcdef01234567"));
  EXPECT_FALSE(IsFullSha("0123456789ABCDEF0123456789abcdef01234567"));
  EXPECT_TRUE(IsHexPrefix("abcde"));
  EXPECT_FALSE(IsHexPrefix("abc"));
  EXPECT_FALSE(IsHexPrefix("main"));
}

TEST(RepoPathTest, AcceptsOrdinaryPaths) {
  for (const char* ok : {"config.json", "a/b/c.bin", ".gitattributes", "dir.with.dots/x", "ünï.txt",
                         "..hidden", "a/.git-keep"}) {
    EXPECT_TRUE(ValidateRepoPath(ok).has_value()) << ok;
  }
}

TEST(RepoPathTest, RejectsTraversalAndJunk) {
  for (std::string bad :
       {std::string("../x"), std::string("/abs"), std::string("a//b"), std::string("a/./b"),
        std::string(".git/config"), std::string("x/.git/y"), std::string("a/"), std::string(""),
        std::string("a\\b"), std::string("nul\0x", 5), std::string("bad\xc3\x28utf8")}) {
    EXPECT_FALSE(ValidateRepoPath(bad).has_value()) << bad;
  }
}

TEST(RefNameTest, ValidatesGitRules) {
  EXPECT_TRUE(ValidateRefName("main").has_value());
  EXPECT_TRUE(ValidateRefName("feat/x").has_value());
  EXPECT_TRUE(ValidateRefName("v1.0").has_value());
  for (const char* bad :
       {"", "-x", "a..b", "a b", "x.lock", "a/", "a~1", "a:b", ".hidden", "a//b"}) {
    EXPECT_FALSE(ValidateRefName(bad).has_value()) << bad;
  }
}

TEST(Utf8Test, RejectsOverlongAndSurrogates) {
  EXPECT_TRUE(IsValidUtf8("h\xc3\xa9llo \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
}

}  // namespace
}  // namespace modelhub::core
