#include <cctype>

#include <git2.h>

#include "modelhub/core/sha256.h"
#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/gitstore/git_test_util.h"

namespace modelhub::storage {
namespace {

// Ids computed with real git: `printf hello | git hash-object --stdin`, `git mktree`,
// `git commit-tree` with the same author, committer, dates and message.
constexpr char kHelloBlob[] = "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0";
constexpr char kEmptyBlob[] = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
constexpr char kEmptyTree[] = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
constexpr char kHelloTree[] = "04df07b08ca746b3167d0f1d1514e2f39a52c16c";
constexpr char kNestedTree[] = "7b82d1bdb1b02a95c1a24e68fef2c8ec4d8672b9";
constexpr char kInitialCommit[] = "87920b6f61715c2be48193c4acf1edc0b08a8bda";

class GitRepoTest : public testing::GitStoreTest {};

std::string HexOf(const git_oid* oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), oid);
  return hex;
}

TEST_F(GitRepoTest, ObjectsMatchRealGitAndReadBackThroughLibgit2) {
  {
    auto writer = Begin(TransactionMode::kWrite);
    auto repo = OpenRepo(*writer);
    auto blob = repo->WriteBlob("hello");
    ASSERT_TRUE(blob.has_value()) << blob.error().message;
    EXPECT_EQ(*blob, kHelloBlob);
    auto again = repo->WriteBlob("hello");  // existing object: a no-op
    ASSERT_TRUE(again.has_value());
    auto empty = repo->WriteBlob("");
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(*empty, kEmptyBlob);

    auto empty_tree = repo->UpdateTree("", {});
    ASSERT_TRUE(empty_tree.has_value()) << empty_tree.error().message;
    EXPECT_EQ(*empty_tree, kEmptyTree);
    auto tree = repo->UpdateTree("", {{TreeUpdate::Action::kUpsert, "hello.txt", *blob, 0100644}});
    ASSERT_TRUE(tree.has_value()) << tree.error().message;
    EXPECT_EQ(*tree, kHelloTree);
    auto nested =
        repo->UpdateTree(*tree, {{TreeUpdate::Action::kUpsert, "sub/empty.bin", *empty, 0100644},
                                 {TreeUpdate::Action::kUpsert, "run.sh", *blob, 0100755}});
    ASSERT_TRUE(nested.has_value()) << nested.error().message;
    EXPECT_EQ(*nested, kNestedTree);

    auto commit = repo->CreateCommit(*tree, {}, {"Alice", "alice@example.com", 1700000000, 60},
                                     {"Bob", "bob@example.com", 1700000100, 0}, "Initial commit\n");
    ASSERT_TRUE(commit.has_value()) << commit.error().message;
    EXPECT_EQ(*commit, kInitialCommit);
    ASSERT_TRUE(writer->Commit().has_value());
  }

  auto reader = Begin(TransactionMode::kRead);
  auto repo = OpenRepo(*reader);
  git_oid oid;
  ASSERT_EQ(git_oid_fromstr(&oid, kInitialCommit), 0);
  git_commit* commit = nullptr;
  ASSERT_EQ(git_commit_lookup(&commit, repo->raw(), &oid), 0);
  EXPECT_EQ(HexOf(git_commit_tree_id(commit)), kHelloTree);
  EXPECT_STREQ(git_commit_author(commit)->name, "Alice");
  EXPECT_EQ(git_commit_author(commit)->when.offset, 60);
  EXPECT_STREQ(git_commit_message(commit), "Initial commit\n");
  git_tree* tree = nullptr;
  ASSERT_EQ(git_commit_tree(&tree, commit), 0);
  ASSERT_EQ(git_tree_entrycount(tree), 1u);
  EXPECT_STREQ(git_tree_entry_name(git_tree_entry_byindex(tree, 0)), "hello.txt");
  git_blob* blob = nullptr;
  ASSERT_EQ(git_blob_lookup(&blob, repo->raw(), git_tree_entry_id(git_tree_entry_byindex(tree, 0))),
            0);
  EXPECT_EQ(std::string(static_cast<const char*>(git_blob_rawcontent(blob)),
                        static_cast<size_t>(git_blob_rawsize(blob))),
            "hello");
  git_blob_free(blob);
  git_tree_free(tree);
  git_commit_free(commit);

  auto data = repo->ReadCommit(kInitialCommit);
  ASSERT_TRUE(data.has_value()) << data.error().message;
  EXPECT_EQ(data->tree, kHelloTree);
  EXPECT_TRUE(data->parents.empty());
  EXPECT_EQ(data->author.email, "alice@example.com");
  EXPECT_EQ(data->author.time_seconds, 1700000000);
  EXPECT_EQ(data->committer.name, "Bob");
  auto content = repo->ReadBlob(kHelloBlob);
  ASSERT_TRUE(content.has_value());
  EXPECT_EQ(*content, "hello");
}

TEST_F(GitRepoTest, ObjectsAreScopedToTheirRepo) {
  auto writer = Begin(TransactionMode::kWrite);
  auto repo = OpenRepo(*writer, 1);
  ASSERT_TRUE(repo->WriteBlob("hello").has_value());
  auto other = OpenRepo(*writer, 2);
  auto missing = other->ReadBlob(kHelloBlob);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kEntryNotFound);
}

TEST_F(GitRepoTest, RolledBackObjectsDoNotExistEvenAfterCachedReads) {
  std::string commit;
  {
    auto writer = Begin(TransactionMode::kWrite);
    auto repo = OpenRepo(*writer);
    commit = CommitFiles(*repo, "", {{"a.txt", "rolled back"}}, 1000, "lost");
    ASSERT_TRUE(repo->ReadCommit(commit).has_value());
  }  // destroyed without Commit
  {
    auto reader = Begin(TransactionMode::kRead);
    auto repo = OpenRepo(*reader);
    auto read = repo->ReadCommit(commit);
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error().code, core::ErrorCode::kRevisionNotFound);
    EXPECT_FALSE(repo->ReadBlob(core::GitBlobSha1("rolled back")).has_value());
  }
  // Writing the same objects again must really store them (nothing claims they exist).
  auto writer = Begin(TransactionMode::kWrite);
  auto repo = OpenRepo(*writer);
  EXPECT_EQ(CommitFiles(*repo, "", {{"a.txt", "rolled back"}}, 1000, "lost"), commit);
  ASSERT_TRUE(writer->Commit().has_value());
  auto reader = Begin(TransactionMode::kRead);
  auto count = reader->QueryOne("SELECT COUNT(*) FROM git_objects WHERE repo_id = 1");
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ((*count)->Int(0), 3);  // blob, tree, commit
  auto reread = OpenRepo(*reader);
  EXPECT_TRUE(reread->ReadCommit(commit).has_value());
  EXPECT_TRUE(reread->ReadCommit(commit).has_value());  // second read served from the cache
}

TEST_F(GitRepoTest, LookupListTreeAndSizes) {
  auto writer = Begin(TransactionMode::kWrite);
  auto repo = OpenRepo(*writer);
  std::string commit = CommitFiles(
      *repo, "",
      {{"README.md", "# readme\n"}, {"data/b.bin", "bb"}, {"data/a/x.txt", "x"}, {"z.txt", ""}},
      1000, "files");
  auto data = repo->ReadCommit(commit);
  ASSERT_TRUE(data.has_value());

  auto root = repo->Lookup(data->tree, "");
  ASSERT_TRUE(root.has_value() && root->has_value());
  EXPECT_TRUE((*root)->is_directory);
  auto readme = repo->Lookup(data->tree, "README.md");
  ASSERT_TRUE(readme.has_value() && readme->has_value());
  EXPECT_FALSE((*readme)->is_directory);
  EXPECT_EQ((*readme)->size, 9u);
  EXPECT_EQ((*readme)->mode, 0100644u);
  EXPECT_EQ((*readme)->oid, core::GitBlobSha1("# readme\n"));
  auto folder = repo->Lookup(data->tree, "data/a");
  ASSERT_TRUE(folder.has_value() && folder->has_value());
  EXPECT_TRUE((*folder)->is_directory);
  EXPECT_EQ((*folder)->mode, 040000u);
  auto absent = repo->Lookup(data->tree, "data/missing");
  ASSERT_TRUE(absent.has_value());
  EXPECT_FALSE(absent->has_value());

  auto top = repo->ListTree(data->tree, "", false);
  ASSERT_TRUE(top.has_value()) << top.error().message;
  std::vector<std::string> names;
  for (const auto& entry : *top) names.push_back(entry.path);
  EXPECT_EQ(names, (std::vector<std::string>{"README.md", "data", "z.txt"}));

  auto all = repo->ListTree(data->tree, "data", true);
  ASSERT_TRUE(all.has_value()) << all.error().message;
  names.clear();
  for (const auto& entry : *all) names.push_back(entry.path);
  EXPECT_EQ(names, (std::vector<std::string>{"data/a", "data/a/x.txt", "data/b.bin"}));
  EXPECT_EQ((*all)[2].size, 2u);

  auto not_folder = repo->ListTree(data->tree, "README.md", false);
  ASSERT_FALSE(not_folder.has_value());
  EXPECT_EQ(not_folder.error().code, core::ErrorCode::kEntryNotFound);
  auto missing = repo->ListTree(data->tree, "nope", true);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kEntryNotFound);
}

TEST_F(GitRepoTest, ExpandCommitPrefixFindsOnlyUniqueCommits) {
  auto writer = Begin(TransactionMode::kWrite);
  auto repo = OpenRepo(*writer);
  std::string commit = CommitFiles(*repo, "", {{"a", "a"}}, 1000, "one");
  auto full = repo->ExpandCommitPrefix(commit.substr(0, 7));
  ASSERT_TRUE(full.has_value());
  EXPECT_EQ(*full, commit);
  std::string upper = commit.substr(0, 10);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(repo->ExpandCommitPrefix(upper).value_or(std::nullopt), commit);
  EXPECT_EQ(repo->ExpandCommitPrefix(commit).value_or(std::nullopt), commit);
  // A blob's prefix is not a commit.
  EXPECT_EQ(repo->ExpandCommitPrefix(core::GitBlobSha1("a").substr(0, 8)).value_or("x"),
            std::nullopt);
  EXPECT_EQ(repo->ExpandCommitPrefix("zzzz").value_or("x"), std::nullopt);
  EXPECT_EQ(repo->ExpandCommitPrefix("abc").value_or("x"), std::nullopt);  // too short
}

TEST_F(GitRepoTest, ReadCommitErrors) {
  auto reader = Begin(TransactionMode::kRead);
  auto repo = OpenRepo(*reader);
  for (std::string oid : {std::string("nothex"), std::string(40, 'a'), std::string(kHelloBlob)}) {
    auto commit = repo->ReadCommit(oid);
    ASSERT_FALSE(commit.has_value());
    EXPECT_EQ(commit.error().code, core::ErrorCode::kRevisionNotFound) << commit.error().message;
  }
}

TEST_F(GitRepoTest, WritingInAReadTransactionFails) {
  auto reader = Begin(TransactionMode::kRead);
  auto repo = OpenRepo(*reader);
  auto blob = repo->WriteBlob("not allowed");
  ASSERT_FALSE(blob.has_value());
  EXPECT_EQ(blob.error().code, core::ErrorCode::kInternal);
}

}  // namespace
}  // namespace modelhub::storage
