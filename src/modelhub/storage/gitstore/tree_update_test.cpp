#include <map>

#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/gitstore/git_test_util.h"

namespace modelhub::storage {
namespace {

using Action = TreeUpdate::Action;

class TreeUpdateTest : public testing::GitStoreTest {
 protected:
  void SetUp() override {
    GitStoreTest::SetUp();
    writer_ = Begin(TransactionMode::kWrite);
    repo_ = OpenRepo(*writer_);
    base_ = Update("", {Upsert("README.md", "readme"), Upsert("a/b/c.txt", "c"),
                        Upsert("a/b/d.txt", "d"), Upsert("a/e.txt", "e"), Upsert("f", "f")});
  }
  void TearDown() override {
    repo_.reset();
    writer_.reset();
    GitStoreTest::TearDown();
  }

  TreeUpdate Upsert(std::string path, std::string_view content) {
    auto blob = repo_->WriteBlob(content);
    EXPECT_TRUE(blob.has_value());
    return TreeUpdate{Action::kUpsert, std::move(path), blob.value_or(""), 0100644};
  }

  std::string Update(const std::string& base, const std::vector<TreeUpdate>& updates) {
    auto tree = repo_->UpdateTree(base, updates);
    EXPECT_TRUE(tree.has_value()) << tree.error().message;
    return tree.value_or("");
  }

  // path -> content of every file in `tree`.
  std::map<std::string, std::string> Files(const std::string& tree) {
    std::map<std::string, std::string> files;
    auto entries = repo_->ListTree(tree, "", true);
    EXPECT_TRUE(entries.has_value());
    for (const auto& entry : *entries) {
      if (entry.is_directory) continue;
      files[entry.path] = repo_->ReadBlob(entry.oid).value_or("?");
    }
    return files;
  }

  void ExpectError(const std::vector<TreeUpdate>& updates, core::ErrorCode code) {
    auto tree = repo_->UpdateTree(base_, updates);
    ASSERT_FALSE(tree.has_value());
    EXPECT_EQ(tree.error().code, code) << tree.error().message;
  }

  std::unique_ptr<Transaction> writer_;
  std::unique_ptr<GitRepo> repo_;
  std::string base_;
};

TEST_F(TreeUpdateTest, NestedUpsertsAndRemovals) {
  std::string tree = Update(base_, {Upsert("a/b/c.txt", "c2"),
                                    Upsert("x/y/z.txt", "z"),
                                    {Action::kRemoveFile, "a/e.txt", "", 0}});
  EXPECT_EQ(Files(tree), (std::map<std::string, std::string>{{"README.md", "readme"},
                                                             {"a/b/c.txt", "c2"},
                                                             {"a/b/d.txt", "d"},
                                                             {"f", "f"},
                                                             {"x/y/z.txt", "z"}}));
  // Untouched subtrees keep their ids.
  EXPECT_EQ(repo_->Lookup(tree, "a/b/d.txt")->value().oid,
            repo_->Lookup(base_, "a/b/d.txt")->value().oid);
}

TEST_F(TreeUpdateTest, RemovingTheLastFilesPrunesFolders) {
  std::string tree = Update(base_, {{Action::kRemoveFile, "a/b/c.txt", "", 0},
                                    {Action::kRemoveFile, "a/b/d.txt", "", 0}});
  EXPECT_FALSE(repo_->Lookup(tree, "a/b")->has_value());
  EXPECT_TRUE(repo_->Lookup(tree, "a/e.txt")->has_value());
  std::string empty = Update(base_, {{Action::kRemoveFolder, "a", "", 0},
                                     {Action::kRemoveFile, "f", "", 0},
                                     {Action::kRemoveFile, "README.md", "", 0}});
  EXPECT_EQ(empty, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

TEST_F(TreeUpdateTest, RemoveFolderRemovesEverythingBelow) {
  std::string tree = Update(base_, {{Action::kRemoveFolder, "a/b", "", 0}});
  EXPECT_EQ(Files(tree), (std::map<std::string, std::string>{
                             {"README.md", "readme"}, {"a/e.txt", "e"}, {"f", "f"}}));
  // A folder removed and then written to again holds only the new file.
  tree = Update(base_, {{Action::kRemoveFolder, "a", "", 0}, Upsert("a/new.txt", "n")});
  EXPECT_EQ(Files(tree), (std::map<std::string, std::string>{
                             {"README.md", "readme"}, {"a/new.txt", "n"}, {"f", "f"}}));
}

TEST_F(TreeUpdateTest, UpdatesApplyInOrderAcrossFileFolderChanges) {
  // A file replaced by a folder of the same name, and a folder replaced by a file.
  std::string tree = Update(base_, {{Action::kRemoveFile, "f", "", 0},
                                    Upsert("f/inside", "i"),
                                    {Action::kRemoveFolder, "a/b", "", 0},
                                    Upsert("a/b", "file")});
  EXPECT_EQ(Files(tree),
            (std::map<std::string, std::string>{
                {"README.md", "readme"}, {"a/b", "file"}, {"a/e.txt", "e"}, {"f/inside", "i"}}));
  // Later updates see earlier ones: add then remove is nothing, remove then add is the add.
  tree = Update(base_, {Upsert("tmp/t", "t"),
                        {Action::kRemoveFile, "tmp/t", "", 0},
                        {Action::kRemoveFile, "f", "", 0},
                        Upsert("f", "f2")});
  EXPECT_EQ(Files(tree), (std::map<std::string, std::string>{{"README.md", "readme"},
                                                             {"a/b/c.txt", "c"},
                                                             {"a/b/d.txt", "d"},
                                                             {"a/e.txt", "e"},
                                                             {"f", "f2"}}));
}

TEST_F(TreeUpdateTest, ExecutableModeIsKept) {
  TreeUpdate script = Upsert("run.sh", "#!/bin/sh\n");
  script.mode = 0100755;
  std::string tree = Update(base_, {script});
  EXPECT_EQ(repo_->Lookup(tree, "run.sh")->value().mode, 0100755u);
}

TEST_F(TreeUpdateTest, RemovingMissingPathsIsEntryNotFound) {
  ExpectError({{Action::kRemoveFile, "missing.txt", "", 0}}, core::ErrorCode::kEntryNotFound);
  ExpectError({{Action::kRemoveFile, "a/missing/x", "", 0}}, core::ErrorCode::kEntryNotFound);
  ExpectError({{Action::kRemoveFolder, "nope", "", 0}}, core::ErrorCode::kEntryNotFound);
  ExpectError({{Action::kRemoveFile, "f/under-a-file", "", 0}}, core::ErrorCode::kEntryNotFound);
}

TEST_F(TreeUpdateTest, RemoveWithTheWrongKindIsEntryNotFound) {
  ExpectError({{Action::kRemoveFolder, "README.md", "", 0}}, core::ErrorCode::kEntryNotFound);
  ExpectError({{Action::kRemoveFile, "a/b", "", 0}}, core::ErrorCode::kEntryNotFound);
}

TEST_F(TreeUpdateTest, UpsertOverAFolderOrUnderAFileIsBadRequest) {
  ExpectError({Upsert("a/b", "x")}, core::ErrorCode::kBadRequest);
  ExpectError({Upsert("f/x", "x")}, core::ErrorCode::kBadRequest);
  ExpectError({Upsert("README.md/deeper/x", "x")}, core::ErrorCode::kBadRequest);
  ExpectError({Upsert("new/file", "x"), Upsert("new/file/below", "y")},
              core::ErrorCode::kBadRequest);
}

TEST_F(TreeUpdateTest, InvalidInputIsBadRequest) {
  ExpectError({Upsert("../escape", "x")}, core::ErrorCode::kBadRequest);
  ExpectError({Upsert("/absolute", "x")}, core::ErrorCode::kBadRequest);
  ExpectError({Upsert("a//b", "x")}, core::ErrorCode::kBadRequest);
  ExpectError({{Action::kUpsert, "x", "not-an-oid", 0100644}}, core::ErrorCode::kBadRequest);
  ExpectError({{Action::kUpsert, "x", std::string(40, 'a'), 0100644}},  // no such blob
              core::ErrorCode::kBadRequest);
  TreeUpdate folder_mode = Upsert("x", "x");
  folder_mode.mode = 040000;
  ExpectError({folder_mode}, core::ErrorCode::kBadRequest);
  auto bad_base = repo_->UpdateTree("xyz", {});
  ASSERT_FALSE(bad_base.has_value());
  EXPECT_EQ(bad_base.error().code, core::ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace modelhub::storage
