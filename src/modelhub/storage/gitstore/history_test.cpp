#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/gitstore/git_test_util.h"

namespace modelhub::storage {
namespace {

class HistoryTest : public testing::GitStoreTest {
 protected:
  void SetUp() override {
    GitStoreTest::SetUp();
    writer_ = Begin(TransactionMode::kWrite);
    repo_ = OpenRepo(*writer_);
    c1_ = CommitFiles(*repo_, "", {{"README.md", "v1"}, {"a/x.txt", "x1"}}, 1000, "first");
    c2_ = CommitFiles(*repo_, c1_, {{"a/y.txt", "y1"}}, 2000, "second");
    c3_ = CommitFiles(*repo_, c2_, {{"README.md", "v2"}}, 3000, "third\n\nbody");
    c4_ = CommitFiles(*repo_, c3_, {{"a/x.txt", "x1"}}, 4000, "no-op rewrite");  // same content
  }
  void TearDown() override {
    repo_.reset();
    writer_.reset();
    GitStoreTest::TearDown();
  }

  std::vector<std::string> Ids(const std::vector<CommitData>& commits) {
    std::vector<std::string> ids;
    for (const auto& commit : commits) ids.push_back(commit.oid);
    return ids;
  }

  std::unique_ptr<Transaction> writer_;
  std::unique_ptr<GitRepo> repo_;
  std::string c1_, c2_, c3_, c4_;
};

TEST_F(HistoryTest, NewestFirstWithSkipAndLimit) {
  auto all = repo_->History(c4_, 0, 100);
  ASSERT_TRUE(all.has_value()) << all.error().message;
  EXPECT_EQ(Ids(*all), (std::vector<std::string>{c4_, c3_, c2_, c1_}));
  EXPECT_EQ((*all)[1].message, "third\n\nbody");
  EXPECT_EQ((*all)[1].parents, std::vector<std::string>{c2_});
  auto page = repo_->History(c4_, 1, 2);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{c3_, c2_}));
  auto past_end = repo_->History(c4_, 10, 2);
  ASSERT_TRUE(past_end.has_value());
  EXPECT_TRUE(past_end->empty());
  auto from_middle = repo_->History(c2_, 0, 100);
  ASSERT_TRUE(from_middle.has_value());
  EXPECT_EQ(Ids(*from_middle), (std::vector<std::string>{c2_, c1_}));
}

TEST_F(HistoryTest, CommitsInTheSameSecondListChildrenFirst) {
  // Commits through the API often land within one second; the walk must still follow the chain.
  std::vector<std::string> chain{c4_};
  for (int i = 0; i < 8; ++i) {
    chain.push_back(CommitFiles(*repo_, chain.back(), {{"n.txt", std::to_string(i)}}, 9000,
                                "same second " + std::to_string(i)));
  }
  auto all = repo_->History(chain.back(), 0, chain.size());
  ASSERT_TRUE(all.has_value()) << all.error().message;
  std::vector<std::string> expected(chain.rbegin(), chain.rend());
  EXPECT_EQ(Ids(*all), expected);
}

TEST_F(HistoryTest, CountCommits) {
  EXPECT_EQ(repo_->CountCommits(c4_).value_or(0), 4u);
  EXPECT_EQ(repo_->CountCommits(c1_).value_or(0), 1u);
  auto missing = repo_->CountCommits(std::string(40, 'a'));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kRevisionNotFound);
  auto invalid = repo_->History("zz", 0, 1);
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().code, core::ErrorCode::kRevisionNotFound);
}

TEST_F(HistoryTest, HistoryFollowsMerges) {
  std::string side = CommitFiles(*repo_, c2_, {{"side.txt", "s"}}, 3500, "side");
  auto tree = repo_->ReadCommit(c4_)->tree;
  auto merge =
      repo_->CreateCommit(tree, {c4_, side}, Signature("m", 5000), Signature("m", 5000), "merge");
  ASSERT_TRUE(merge.has_value());
  auto all = repo_->History(*merge, 0, 100);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(Ids(*all), (std::vector<std::string>{*merge, c4_, side, c3_, c2_, c1_}));
  EXPECT_EQ(repo_->CountCommits(*merge).value_or(0), 6u);
}

TEST_F(HistoryTest, LastCommitsFindTheCommitThatIntroducedTheContent) {
  auto last = repo_->LastCommits(c4_, {"README.md", "a/x.txt", "a/y.txt", "a", "missing"});
  ASSERT_TRUE(last.has_value()) << last.error().message;
  EXPECT_EQ(last->size(), 4u);
  EXPECT_EQ(last->at("README.md").oid, c3_);
  EXPECT_EQ(last->at("a/x.txt").oid, c1_);  // c4 rewrote identical content
  EXPECT_EQ(last->at("a/y.txt").oid, c2_);
  EXPECT_EQ(last->at("a").oid, c2_);  // a folder changes with its newest file
  EXPECT_EQ(last->at("README.md").message, "third\n\nbody");
  EXPECT_FALSE(last->contains("missing"));

  auto earlier = repo_->LastCommits(c2_, {"README.md"});
  ASSERT_TRUE(earlier.has_value());
  EXPECT_EQ(earlier->at("README.md").oid, c1_);
  auto none = repo_->LastCommits(c4_, {});
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST_F(HistoryTest, LastCommitsAfterARemovalAndReAdd) {
  auto tree = repo_->UpdateTree(repo_->ReadCommit(c4_)->tree,
                                {{TreeUpdate::Action::kRemoveFile, "README.md", "", 0}});
  ASSERT_TRUE(tree.has_value());
  auto removed = repo_->CreateCommit(*tree, {c4_}, Signature("r", 5000), Signature("r", 5000),
                                     "remove readme");
  ASSERT_TRUE(removed.has_value());
  std::string readded = CommitFiles(*repo_, *removed, {{"README.md", "v2"}}, 6000, "re-add");
  auto last = repo_->LastCommits(readded, {"README.md"});
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->at("README.md").oid, readded);
  auto gone = repo_->LastCommits(*removed, {"README.md"});
  ASSERT_TRUE(gone.has_value());
  EXPECT_TRUE(gone->empty());
}

}  // namespace
}  // namespace modelhub::storage
