#include "modelhub/client/hf_cache.h"

#include <fstream>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "modelhub/client/cache_admin.h"
#include "modelhub/client/file_lock.h"
#include "modelhub/core/sha256.h"

namespace modelhub::client {
namespace {
namespace fs = std::filesystem;

class HfCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/hf-cache-test-XXXXXX";
    root_ = mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(HfCacheTest, FolderNamesMatchHuggingfaceHub) {
  EXPECT_EQ(HfCache::RepoFolderName(core::RepoType::kModel, "org/bert"), "models--org--bert");
  EXPECT_EQ(HfCache::RepoFolderName(core::RepoType::kDataset, "a/b"), "datasets--a--b");
  EXPECT_EQ(HfCache::RepoFolderName(core::RepoType::kSpace, "a/b"), "spaces--a--b");
  HfCache cache(root_);
  EXPECT_EQ(cache.LockDir(core::RepoType::kModel, "a/b"), root_ / ".locks" / "models--a--b");
}

TEST_F(HfCacheTest, SnapshotLinksAreRelativeAndDepthAware) {
  fs::path repo = root_ / "models--a--b";
  std::string commit(40, 'c');
  ASSERT_TRUE(HfCache::LinkSnapshot(repo, commit, "config.json", "e1"));
  ASSERT_TRUE(HfCache::LinkSnapshot(repo, commit, "sub/dir/w.bin", "e2"));
  EXPECT_EQ(fs::read_symlink(repo / "snapshots" / commit / "config.json"),
            fs::path("../../blobs/e1"));
  EXPECT_EQ(fs::read_symlink(repo / "snapshots" / commit / "sub/dir/w.bin"),
            fs::path("../../../../blobs/e2"));
  // Replacing an existing link is not an error.
  EXPECT_TRUE(HfCache::LinkSnapshot(repo, commit, "config.json", "e3"));
}

TEST_F(HfCacheTest, RefsAndNoExist) {
  fs::path repo = root_ / "models--a--b";
  std::string commit(40, 'd');
  ASSERT_TRUE(HfCache::WriteRef(repo, "main", commit));
  ASSERT_TRUE(HfCache::WriteRef(repo, "refs/pr/1", commit));
  std::ifstream in(repo / "refs" / "main");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, commit);  // no newline, as Python writes it
  EXPECT_TRUE(fs::exists(repo / "refs" / "refs" / "pr" / "1"));
  EXPECT_EQ(HfCache::ResolveRevision(repo, "main"), commit);
  EXPECT_EQ(HfCache::ResolveRevision(repo, "nope"), std::nullopt);
  ASSERT_TRUE(HfCache::MarkMissing(repo, commit, "a/missing.txt"));
  EXPECT_TRUE(fs::is_regular_file(repo / ".no_exist" / commit / "a/missing.txt"));
}

TEST_F(HfCacheTest, LockIsExclusiveAcrossDescriptors) {
  fs::path path = root_ / ".locks" / "models--a--b" / "x.lock";
  auto first = FileLock::TryAcquire(path);
  ASSERT_TRUE(first && *first);
  auto second = FileLock::TryAcquire(path);  // flock is per open file description
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  first->reset();
  auto third = FileLock::TryAcquire(path);
  ASSERT_TRUE(third);
  EXPECT_TRUE(*third);
}

void WriteBlob(const fs::path& repo, const std::string& content, std::string* etag) {
  *etag = core::Sha256Hex(content);
  fs::create_directories(repo / "blobs");
  std::ofstream(repo / "blobs" / *etag, std::ios::binary) << content;
}

TEST_F(HfCacheTest, ScanVerifyAndPrune) {
  fs::path repo = root_ / "models--a--b";
  std::string old_commit(40, '1');
  std::string new_commit(40, '2');
  std::string shared, old_only, corrupt;
  WriteBlob(repo, "shared", &shared);
  WriteBlob(repo, "old", &old_only);
  WriteBlob(repo, "good", &corrupt);
  std::ofstream(repo / "blobs" / corrupt, std::ios::binary) << "tampered";
  ASSERT_TRUE(HfCache::LinkSnapshot(repo, old_commit, "s", shared));
  ASSERT_TRUE(HfCache::LinkSnapshot(repo, old_commit, "o", old_only));
  ASSERT_TRUE(HfCache::LinkSnapshot(repo, new_commit, "s", shared));
  ASSERT_TRUE(HfCache::LinkSnapshot(repo, new_commit, "c", corrupt));
  ASSERT_TRUE(HfCache::WriteRef(repo, "main", new_commit));
  fs::last_write_time(repo / "snapshots" / old_commit,
                      fs::file_time_type::clock::now() - std::chrono::hours(48));

  auto repos = ScanCache(root_);
  ASSERT_EQ(repos.size(), 1u);
  EXPECT_EQ(repos[0].id, "a/b");
  ASSERT_EQ(repos[0].revisions.size(), 2u);
  EXPECT_EQ(repos[0].revisions[0].commit, new_commit);
  EXPECT_EQ(repos[0].revisions[0].refs, std::vector<std::string>{"main"});
  EXPECT_EQ(repos[0].size_on_disk, 6u + 3u + 8u);

  auto problems = VerifyCache(root_, false);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].blob.filename(), corrupt);
  EXPECT_TRUE(fs::exists(repo / "blobs" / corrupt));
  VerifyCache(root_, true);
  EXPECT_FALSE(fs::exists(repo / "blobs" / corrupt));

  PrunePlan plan = PlanPrune(root_, {std::nullopt, std::nullopt, true});
  ASSERT_EQ(plan.revisions.size(), 1u);
  EXPECT_EQ(plan.revisions[0].commit, old_commit);
  ASSERT_EQ(plan.blobs.size(), 1u);  // the shared blob stays
  EXPECT_EQ(plan.blobs[0].filename(), old_only);
  EXPECT_EQ(PlanPrune(root_, {1, std::nullopt, false}).revisions.size(), 1u);
  EXPECT_EQ(PlanPrune(root_, {2, std::nullopt, false}).revisions.size(), 0u);
  ASSERT_TRUE(ExecutePrune(plan));
  EXPECT_FALSE(fs::exists(repo / "snapshots" / old_commit));
  EXPECT_FALSE(fs::exists(repo / "blobs" / old_only));
  EXPECT_TRUE(fs::exists(repo / "blobs" / shared));
}

}  // namespace
}  // namespace modelhub::client
