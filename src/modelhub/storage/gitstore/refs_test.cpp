#include <atomic>
#include <thread>
#include <vector>

#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/gitstore/git_test_util.h"

namespace modelhub::storage {
namespace {

class RefsTest : public testing::GitStoreTest {};

const std::string kA(40, 'a');
const std::string kB(40, 'b');
const std::string kC(40, 'c');

TEST_F(RefsTest, CreateMoveDeleteWithCompareAndSwap) {
  auto writer = Begin(TransactionMode::kWrite);
  const std::string main = "refs/heads/main";
  EXPECT_EQ(ReadRef(*writer, 1, main).value_or("x"), std::nullopt);
  ASSERT_TRUE(UpdateRef(*writer, 1, main, std::nullopt, kA).has_value());
  EXPECT_EQ(ReadRef(*writer, 1, main).value_or(std::nullopt), kA);

  auto exists = UpdateRef(*writer, 1, main, std::nullopt, kB);
  ASSERT_FALSE(exists.has_value());
  EXPECT_EQ(exists.error().code, core::ErrorCode::kConflict);

  auto stale = UpdateRef(*writer, 1, main, kB, kC);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, core::ErrorCode::kPreconditionFailed);
  EXPECT_NE(stale.error().message.find(kA), std::string::npos) << stale.error().message;

  ASSERT_TRUE(UpdateRef(*writer, 1, main, kA, kB).has_value());
  EXPECT_EQ(ReadRef(*writer, 1, main).value_or(std::nullopt), kB);

  auto stale_delete = UpdateRef(*writer, 1, main, kA, std::nullopt);
  ASSERT_FALSE(stale_delete.has_value());
  EXPECT_EQ(stale_delete.error().code, core::ErrorCode::kPreconditionFailed);
  auto missing = UpdateRef(*writer, 1, "refs/heads/none", kA, kB);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kPreconditionFailed);

  ASSERT_TRUE(UpdateRef(*writer, 1, main, kB, std::nullopt).has_value());
  EXPECT_EQ(ReadRef(*writer, 1, main).value_or("x"), std::nullopt);

  auto invalid = UpdateRef(*writer, 1, main, std::nullopt, "HEAD");
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().code, core::ErrorCode::kBadRequest);
}

TEST_F(RefsTest, DirectoryFileConflictsAreRefused) {
  auto writer = Begin(TransactionMode::kWrite);
  ASSERT_TRUE(UpdateRef(*writer, 1, "refs/heads/feat", std::nullopt, kA).has_value());
  auto below = UpdateRef(*writer, 1, "refs/heads/feat/x", std::nullopt, kA);
  ASSERT_FALSE(below.has_value());
  EXPECT_EQ(below.error().code, core::ErrorCode::kConflict);
  ASSERT_TRUE(UpdateRef(*writer, 1, "refs/heads/dev/x", std::nullopt, kA).has_value());
  auto above = UpdateRef(*writer, 1, "refs/heads/dev", std::nullopt, kA);
  ASSERT_FALSE(above.has_value());
  EXPECT_EQ(above.error().code, core::ErrorCode::kConflict);
  // Names that only share a prefix are fine, and so is the same name in another repo.
  EXPECT_TRUE(UpdateRef(*writer, 1, "refs/heads/feature", std::nullopt, kA).has_value());
  EXPECT_TRUE(UpdateRef(*writer, 1, "refs/heads/dev-x", std::nullopt, kA).has_value());
  EXPECT_TRUE(UpdateRef(*writer, 2, "refs/heads/feat/x", std::nullopt, kA).has_value());
}

TEST_F(RefsTest, ListRefsIsSortedAndPerRepo) {
  auto writer = Begin(TransactionMode::kWrite);
  ASSERT_TRUE(UpdateRef(*writer, 1, "refs/tags/v1", std::nullopt, kA).has_value());
  ASSERT_TRUE(UpdateRef(*writer, 1, "refs/heads/main", std::nullopt, kB).has_value());
  ASSERT_TRUE(UpdateRef(*writer, 1, "refs/pr/1", std::nullopt, kC).has_value());
  ASSERT_TRUE(UpdateRef(*writer, 2, "refs/heads/main", std::nullopt, kC).has_value());
  auto refs = ListRefs(*writer, 1);
  ASSERT_TRUE(refs.has_value());
  using Refs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(*refs, (Refs{{"refs/heads/main", kB}, {"refs/pr/1", kC}, {"refs/tags/v1", kA}}));
}

TEST_F(RefsTest, UpdateRefNeedsAWriteTransaction) {
  auto reader = Begin(TransactionMode::kRead);
  auto status = UpdateRef(*reader, 1, "refs/heads/main", std::nullopt, kA);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInternal);
}

TEST_F(RefsTest, DeleteRepoGitDataRemovesObjectsAndRefs) {
  std::string commit;
  {
    auto writer = Begin(TransactionMode::kWrite);
    auto repo = OpenRepo(*writer, 7);
    commit = CommitFiles(*repo, "", {{"a", "a"}}, 1000, "c");
    ASSERT_TRUE(UpdateRef(*writer, 7, "refs/heads/main", std::nullopt, commit).has_value());
    ASSERT_TRUE(writer->Commit().has_value());
  }
  {
    auto reader = Begin(TransactionMode::kRead);  // warms the object cache
    EXPECT_TRUE(OpenRepo(*reader, 7)->ReadCommit(commit).has_value());
  }
  auto writer = Begin(TransactionMode::kWrite);
  ASSERT_TRUE(DeleteRepoGitData(*writer, 7).has_value());
  ASSERT_TRUE(writer->Commit().has_value());
  auto reader = Begin(TransactionMode::kRead);
  EXPECT_FALSE(OpenRepo(*reader, 7)->ReadCommit(commit).has_value());
  EXPECT_TRUE(ListRefs(*reader, 7)->empty());
}

// Every thread builds a commit on the same parent in its own write transaction and tries to move
// main from that parent: exactly one wins. The losers then retry on the new head until they land,
// so no commit is lost and the history is one chain.
TEST_F(RefsTest, RacingWritersOneWinsOthersPreconditionFailedNoneLost) {
  constexpr int kThreads = 12;
  const std::string main = "refs/heads/main";
  std::string parent;
  {
    auto writer = Begin(TransactionMode::kWrite);
    auto repo = OpenRepo(*writer);
    parent = CommitFiles(*repo, "", {{"README.md", "root"}}, 1000, "root");
    ASSERT_TRUE(UpdateRef(*writer, 1, main, std::nullopt, parent).has_value());
    ASSERT_TRUE(writer->Commit().has_value());
  }

  std::atomic<int> winners{0};
  std::atomic<int> precondition_failed{0};
  std::atomic<int> other_errors{0};
  std::atomic<int> landed{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      std::string expected = parent;
      for (int attempt = 0;; ++attempt) {
        auto writer = store_->Begin(TransactionMode::kWrite);
        if (!writer) {
          ++other_errors;
          return;
        }
        auto repo = GitRepo::Open(**writer, 1);
        if (!repo) {
          ++other_errors;
          return;
        }
        std::string file = "thread-" + std::to_string(t) + ".txt";
        std::string commit = CommitFiles(**repo, expected, {{file, file}}, 2000 + t, file);
        auto moved = UpdateRef(**writer, 1, main, expected, commit);
        if (moved && (*writer)->Commit()) {
          if (attempt == 0) ++winners;
          ++landed;
          return;
        }
        if (moved || moved.error().code != core::ErrorCode::kPreconditionFailed) {
          ++other_errors;
          return;
        }
        if (attempt == 0) ++precondition_failed;
        repo->reset();
        writer->reset();  // rolls back this attempt's objects
        auto reader = store_->Begin(TransactionMode::kRead);
        if (!reader) {
          ++other_errors;
          return;
        }
        auto head = ReadRef(**reader, 1, main);
        if (!head || !*head) {
          ++other_errors;
          return;
        }
        expected = **head;
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(other_errors.load(), 0);
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(precondition_failed.load(), kThreads - 1);
  EXPECT_EQ(landed.load(), kThreads);

  auto reader = Begin(TransactionMode::kRead);
  auto head = ReadRef(*reader, 1, main);
  ASSERT_TRUE(head.has_value() && head->has_value());
  auto repo = OpenRepo(*reader);
  EXPECT_EQ(repo->CountCommits(**head).value_or(0), static_cast<size_t>(kThreads + 1));
  auto files = repo->ListTree(repo->ReadCommit(**head)->tree, "", false);
  ASSERT_TRUE(files.has_value());
  EXPECT_EQ(files->size(), static_cast<size_t>(kThreads + 1));  // every thread's file survived
}

}  // namespace
}  // namespace modelhub::storage
