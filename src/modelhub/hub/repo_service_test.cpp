#include "modelhub/hub/repo_service.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "modelhub/core/sha256.h"
#include "modelhub/hub/access.h"

namespace modelhub::hub {
namespace {

using core::ErrorCode;
namespace fs = std::filesystem;

class RepoServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("modelhub-hub-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    metastore_ = std::move(*storage::Metastore::OpenSqlite((dir_ / "db.sqlite").string()));
    blobs_ = std::move(*storage::OpenFsBlobStore((dir_ / "blobs").string()));
    service_ = std::make_unique<RepoService>(*metastore_, *blobs_);
    admin_.user_id = 1;
    admin_.name = "admin";
    admin_.is_admin = true;
    admin_.token_role = "write";
    ASSERT_TRUE(service_->CreateRepo(admin_, key_, false, "").has_value());
  }
  void TearDown() override {
    service_.reset();
    blobs_.reset();
    metastore_.reset();
    fs::remove_all(dir_);
  }

  CommitResult CommitFile(const std::string& path, const std::string& content,
                          const std::string& revision = "main") {
    CommitRequest request;
    request.revision = revision;
    request.summary = "add " + path;
    request.operations.push_back({CommitOperation::Kind::kFile, path, content, "", std::nullopt});
    auto result = service_->Commit(admin_, key_, request);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    return result ? *result : CommitResult{};
  }

  std::string PutBlob(const std::string& bytes) {
    auto writer = std::move(*blobs_->BeginWrite());
    EXPECT_TRUE(writer->Write(bytes).has_value());
    return writer->Commit(std::nullopt, std::nullopt)->sha256;
  }

  fs::path dir_;
  std::unique_ptr<storage::Metastore> metastore_;
  std::unique_ptr<storage::BlobStore> blobs_;
  std::unique_ptr<RepoService> service_;
  Caller admin_;
  Caller anonymous_;
  RepoKey key_{core::RepoType::kModel, core::RepoId{"admin", "demo"}};
};

TEST_F(RepoServiceTest, NewRepoHasInitialCommitWithGitattributes) {
  auto tree = service_->ListTree(admin_, key_, "main", "", false, nullptr);
  ASSERT_TRUE(tree.has_value());
  ASSERT_EQ(tree->size(), 1u);
  EXPECT_EQ((*tree)[0].path, ".gitattributes");
  size_t total = 0;
  auto commits = service_->ListCommits(admin_, key_, "main", 0, 10, &total);
  ASSERT_TRUE(commits.has_value());
  EXPECT_EQ(total, 1u);
  EXPECT_EQ((*commits)[0].title, "initial commit");
  EXPECT_EQ(service_->CreateRepo(admin_, key_, false, "").error().code, ErrorCode::kConflict);
}

TEST_F(RepoServiceTest, CommitThenResolveAtEveryRevisionForm) {
  auto result = CommitFile("config.json", "{\"model_type\":\"bert\"}");
  ASSERT_TRUE(result.created);
  for (std::string revision : {std::string("main"), std::string("HEAD"), result.commit_oid,
                               result.commit_oid.substr(0, 7)}) {
    auto file = service_->ResolveFile(admin_, key_, revision, "config.json");
    ASSERT_TRUE(file.has_value()) << revision;
    EXPECT_EQ(file->commit, result.commit_oid);
    EXPECT_EQ(file->content, "{\"model_type\":\"bert\"}");
    EXPECT_EQ(file->entry.oid, core::GitBlobSha1(file->content));
  }
  std::string commit;
  auto missing = service_->ResolveFile(admin_, key_, "main", "nope.txt", &commit);
  EXPECT_EQ(missing.error().code, ErrorCode::kEntryNotFound);
  EXPECT_EQ(commit, result.commit_oid);
  EXPECT_EQ(service_->ResolveFile(admin_, key_, "nobranch", "config.json").error().code,
            ErrorCode::kRevisionNotFound);
}

TEST_F(RepoServiceTest, StaleParentIsRejectedAndChangesNothing) {
  auto first = CommitFile("a.txt", "1");
  CommitFile("a.txt", "2");
  CommitRequest request;
  request.parent_commit = first.commit_oid;
  request.operations.push_back({CommitOperation::Kind::kFile, "a.txt", "3", "", std::nullopt});
  auto stale = service_->Commit(admin_, key_, request);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(service_->ResolveFile(admin_, key_, "main", "a.txt")->content, "2");
}

TEST_F(RepoServiceTest, NoOpCommitCreatesNothing) {
  auto first = CommitFile("a.txt", "same");
  auto again = CommitFile("a.txt", "same");
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.commit_oid, first.commit_oid);
}

TEST_F(RepoServiceTest, PullRequestRefsGetTheCommit) {
  CommitFile("a.txt", "main");
  CommitRequest request;
  request.create_pr = true;
  request.operations.push_back({CommitOperation::Kind::kFile, "pr.txt", "x", "", std::nullopt});
  auto result = service_->Commit(admin_, key_, request);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->pr_number, 1);
  EXPECT_TRUE(service_->ResolveFile(admin_, key_, "refs/pr/1", "pr.txt").has_value());
  EXPECT_FALSE(service_->ResolveFile(admin_, key_, "main", "pr.txt").has_value());
  auto refs = service_->ListRefs(admin_, key_, true);
  ASSERT_EQ(refs->pull_requests.size(), 1u);
  EXPECT_EQ(refs->pull_requests[0].ref, "refs/pr/1");
}

TEST_F(RepoServiceTest, DeletesAndLfsChecks) {
  CommitFile("dir/a.txt", "a");
  CommitRequest missing;
  missing.operations.push_back({CommitOperation::Kind::kDeleteFile, "nope", "", "", std::nullopt});
  EXPECT_EQ(service_->Commit(admin_, key_, missing).error().code, ErrorCode::kEntryNotFound);

  CommitRequest lfs;
  lfs.operations.push_back(
      {CommitOperation::Kind::kLfsFile, "w.bin", "", core::Sha256Hex("never uploaded"), 14});
  EXPECT_EQ(service_->Commit(admin_, key_, lfs).error().code, ErrorCode::kBadRequest);

  std::string sha = PutBlob("weights!");
  lfs.operations[0].lfs_sha256 = sha;
  lfs.operations[0].lfs_size = 8;
  ASSERT_TRUE(service_->Commit(admin_, key_, lfs).has_value());
  auto file = service_->ResolveFile(admin_, key_, "main", "w.bin");
  ASSERT_TRUE(file.has_value());
  ASSERT_TRUE(file->entry.lfs.has_value());
  EXPECT_EQ(file->entry.lfs->sha256, sha);
  EXPECT_EQ(file->entry.size, 8u);

  CommitRequest folder;
  folder.operations.push_back({CommitOperation::Kind::kDeleteFolder, "dir/", "", "", {}});
  ASSERT_TRUE(service_->Commit(admin_, key_, folder).has_value());
  EXPECT_FALSE(service_->ResolveFile(admin_, key_, "main", "dir/a.txt").has_value());
}

TEST_F(RepoServiceTest, PrivateReposAreInvisibleToOthers) {
  ASSERT_TRUE(service_->UpdateSettings(admin_, key_, true, std::nullopt).has_value());
  EXPECT_EQ(service_->FindRepo(anonymous_, key_).error().code, ErrorCode::kRepoNotFound);
  Caller other;
  other.user_id = 7;
  other.name = "other";
  other.token_role = "write";
  EXPECT_EQ(service_->FindRepo(other, key_).error().code, ErrorCode::kRepoNotFound);
  EXPECT_TRUE(service_->FindRepo(admin_, key_).has_value());
  ASSERT_TRUE(service_->UpdateSettings(admin_, key_, false, std::nullopt).has_value());
  // On a public repo, anonymous writes are 401 (authenticate) and others' writes 403.
  EXPECT_EQ(service_->CreateBranch(anonymous_, key_, "x", {}, false, false).error().code,
            ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->CreateBranch(other, key_, "x", {}, false, false).error().code,
            ErrorCode::kForbidden);
  ASSERT_TRUE(service_->UpdateSettings(admin_, key_, true, std::nullopt).has_value());
  auto page = service_->Search(anonymous_, search::CatalogQuery{});
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->repos.empty());
  EXPECT_EQ(service_->Search(admin_, search::CatalogQuery{})->repos.size(), 1u);
}

TEST_F(RepoServiceTest, MovedReposRedirect) {
  ASSERT_TRUE(service_->MoveRepo(admin_, key_, core::RepoId{"admin", "renamed"}).has_value());
  auto lookup = service_->FindRepo(admin_, key_);
  ASSERT_TRUE(lookup.has_value());
  EXPECT_TRUE(lookup->redirected);
  EXPECT_EQ(lookup->record.key.id.name, "renamed");
}

TEST_F(RepoServiceTest, BranchesWithSlashesAndTags) {
  auto commit = CommitFile("a.txt", "1");
  ASSERT_TRUE(service_->CreateBranch(admin_, key_, "feat/x", std::nullopt, false, false));
  EXPECT_EQ(service_->CreateBranch(admin_, key_, "feat/x", std::nullopt, false, false).error().code,
            ErrorCode::kConflict);
  ASSERT_TRUE(service_->CreateTag(admin_, key_, "v1", "feat/x", ""));
  EXPECT_EQ(*service_->ResolveRevision(admin_, key_, "v1"), commit.commit_oid);
  EXPECT_EQ(*service_->RevisionSegments(admin_, key_, {"feat", "x", "a.txt"}, 2), 2u);
  EXPECT_EQ(*service_->RevisionSegments(admin_, key_, {"feat%2Fx", "a.txt"}, 1), 1u);
  EXPECT_EQ(*service_->RevisionSegments(admin_, key_, {"refs", "pr", "1", "a"}, 3), 3u);
  EXPECT_EQ(*service_->RevisionSegments(admin_, key_, {"main", "a.txt"}, 1), 1u);
  ASSERT_TRUE(service_->DeleteBranch(admin_, key_, "feat/x"));
  ASSERT_TRUE(service_->DeleteTag(admin_, key_, "v1"));
  EXPECT_FALSE(service_->ResolveRevision(admin_, key_, "v1").has_value());
}

TEST_F(RepoServiceTest, InfoReadsCardAndSafetensors) {
  CommitFile("README.md",
             "---\nlicense: mit\npipeline_tag: fill-mask\nlanguage: [en]\n---\n# Hi\n");
  std::string header = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
  std::string file(8, '\0');
  file[0] = static_cast<char>(header.size());
  file += header + std::string(16, '\0');
  std::string sha = PutBlob(file);
  CommitRequest request;
  request.operations.push_back(
      {CommitOperation::Kind::kLfsFile, "model.safetensors", "", sha, file.size()});
  ASSERT_TRUE(service_->Commit(admin_, key_, request).has_value());
  auto info = service_->Info(admin_, key_, "main");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->card_data["license"], "mit");
  EXPECT_EQ(info->pipeline_tag, "fill-mask");
  ASSERT_TRUE(info->safetensors.has_value());
  EXPECT_EQ(info->safetensors->total, 4);
  EXPECT_NE(std::find(info->tags.begin(), info->tags.end(), "license:mit"), info->tags.end());
  EXPECT_NE(std::find(info->tags.begin(), info->tags.end(), "safetensors"), info->tags.end());
}

TEST_F(RepoServiceTest, CommitsAreSearchableWhenTheyReturn) {
  search::CatalogQuery query;
  query.filters = {"license:apache-2.0"};
  EXPECT_TRUE(service_->Search(admin_, query)->repos.empty());
  auto commit = CommitFile("README.md", "---\nlicense: apache-2.0\ntags: [x]\n---\n");
  auto page = service_->Search(admin_, query);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->repos.size(), 1u);
  EXPECT_EQ(page->repos[0].sha, commit.commit_oid);
  EXPECT_EQ(page->repos[0].card_data["license"], "apache-2.0");
  // Listing and info derive the same facts.
  EXPECT_EQ(page->repos[0].tags, service_->Info(admin_, key_, "main")->tags);
  // A commit to another branch leaves the index on main's head.
  ASSERT_TRUE(service_->CreateBranch(admin_, key_, "dev", std::nullopt, false, false));
  CommitFile("README.md", "---\nlicense: mit\n---\n", "dev");
  EXPECT_EQ(service_->Search(admin_, query)->repos.size(), 1u);

  ASSERT_TRUE(service_->MoveRepo(admin_, key_, core::RepoId{"admin", "renamed"}).has_value());
  EXPECT_EQ(service_->Search(admin_, query)->repos[0].record.key.id.name, "renamed");
  ASSERT_TRUE(
      service_->DeleteRepo(admin_, {core::RepoType::kModel, {"admin", "renamed"}}).has_value());
  EXPECT_TRUE(service_->Search(admin_, query)->repos.empty());
}

TEST(AccessTest, TokensAuthenticateAndBadOnesAreRejected) {
  auto dir = fs::temp_directory_path() / ("modelhub-access-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto metastore = std::move(*storage::Metastore::OpenSqlite((dir / "db").string()));
  Access access(*metastore);
  auto generated = access.EnsureAdmin("admin", std::nullopt);
  ASSERT_TRUE(generated.has_value());
  ASSERT_TRUE(generated->has_value());
  EXPECT_TRUE((*generated)->starts_with("hf_"));
  EXPECT_FALSE(access.EnsureAdmin("admin", std::nullopt)->has_value());  // shown once
  auto caller = access.Authenticate("Bearer " + **generated);
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->name, "admin");
  EXPECT_EQ(caller->token_role, "write");
  EXPECT_EQ(access.Authenticate("Bearer hf_wrong").error().code, ErrorCode::kUnauthorized);
  EXPECT_TRUE(access.Authenticate("")->anonymous());
  ASSERT_TRUE(access.EnsureAdmin("admin", std::string_view("hf_fixedtoken123")).has_value());
  EXPECT_TRUE(access.Authenticate("Bearer hf_fixedtoken123").has_value());
  auto acting = access.ActAs("admin");
  ASSERT_TRUE(acting.has_value());
  EXPECT_EQ(acting->token_role, "write");
  EXPECT_EQ(access.ActAs("nobody").error().code, ErrorCode::kNotFound);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace modelhub::hub
