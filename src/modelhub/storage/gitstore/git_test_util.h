// Test-only helpers for the gitstore tests: a metastore in a temporary directory and shortcuts
// that unwrap Results with gtest assertions.
#ifndef MODELHUB_STORAGE_GITSTORE_GIT_TEST_UTIL_H_
#define MODELHUB_STORAGE_GITSTORE_GIT_TEST_UTIL_H_

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::storage::testing {

class GitStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gitstore_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = Metastore::OpenSqlite(dir_ + "/modelhub.db");
    ASSERT_TRUE(store.has_value()) << store.error().message;
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<Transaction> Begin(TransactionMode mode) {
    auto transaction = store_->Begin(mode);
    EXPECT_TRUE(transaction.has_value()) << transaction.error().message;
    return std::move(transaction).value();
  }

  static std::unique_ptr<GitRepo> OpenRepo(Transaction& transaction, int64_t repo_id = 1) {
    auto repo = GitRepo::Open(transaction, repo_id);
    EXPECT_TRUE(repo.has_value()) << repo.error().message;
    return std::move(repo).value();
  }

  static GitSignature Signature(std::string name, int64_t time) {
    return GitSignature{name, name + "@example.com", time, 0};
  }

  // Commits a tree of `files` (path -> content) on top of `parent` ("" for a root commit).
  static std::string CommitFiles(GitRepo& repo, const std::string& parent,
                                 const std::vector<std::pair<std::string, std::string>>& files,
                                 int64_t time, const std::string& message) {
    std::string base;
    if (!parent.empty()) {
      auto commit = repo.ReadCommit(parent);
      EXPECT_TRUE(commit.has_value());
      base = commit->tree;
    }
    std::vector<TreeUpdate> updates;
    for (const auto& [path, content] : files) {
      auto blob = repo.WriteBlob(content);
      EXPECT_TRUE(blob.has_value());
      updates.push_back(TreeUpdate{TreeUpdate::Action::kUpsert, path, *blob, 0100644});
    }
    auto tree = repo.UpdateTree(base, updates);
    EXPECT_TRUE(tree.has_value()) << tree.error().message;
    std::vector<std::string> parents;
    if (!parent.empty()) parents.push_back(parent);
    auto commit = repo.CreateCommit(*tree, parents, Signature("author", time),
                                    Signature("committer", time), message);
    EXPECT_TRUE(commit.has_value()) << commit.error().message;
    return commit.value_or("");
  }

  std::string dir_;
  std::unique_ptr<Metastore> store_;
};

}  // namespace modelhub::storage::testing

#endif  // MODELHUB_STORAGE_GITSTORE_GIT_TEST_UTIL_H_
