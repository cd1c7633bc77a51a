#include "modelhub/storage/gitstore/pack.h"

#include "modelhub/storage/gitstore/git_test_util.h"

namespace modelhub::storage {
namespace {

FetchRequest Fetch(std::vector<std::string> wants, std::vector<std::string> haves = {},
                   int depth = 0, std::vector<std::string> client_shallow = {}) {
  FetchRequest request;
  request.wants = std::move(wants);
  request.haves = std::move(haves);
  request.depth = depth;
  request.client_shallow = std::move(client_shallow);
  return request;
}

class PackTest : public testing::GitStoreTest {
 protected:
  void SetUp() override {
    GitStoreTest::SetUp();
    writer_ = Begin(TransactionMode::kWrite);
    source_ = OpenRepo(*writer_, 1);
    c1_ = CommitFiles(*source_, "", {{"README.md", "v1"}, {"a/x.txt", "x1"}}, 1000, "first");
    c2_ = CommitFiles(*source_, c1_, {{"a/y.txt", "y1"}}, 2000, "second");
    c3_ = CommitFiles(*source_, c2_, {{"README.md", "v2"}}, 3000, "third");
    scratch_ = dir_ + "/scratch";
    std::filesystem::create_directories(scratch_);
  }
  void TearDown() override {
    source_.reset();
    writer_.reset();
    GitStoreTest::TearDown();
  }

  // Unpacks `pack` into repo `repo_id` and returns how many objects it wrote.
  size_t UnpackInto(int64_t repo_id, const std::string& pack) {
    auto target = OpenRepo(*writer_, repo_id);
    auto written = UnpackObjects(*target, pack, scratch_);
    EXPECT_TRUE(written.has_value()) << written.error().message;
    return written ? written->size() : 0;
  }

  std::unique_ptr<Transaction> writer_;
  std::unique_ptr<GitRepo> source_;
  std::string c1_, c2_, c3_;
  std::string scratch_;
};

TEST_F(PackTest, FullFetchCarriesEveryObjectIntoAnotherRepo) {
  auto pack = BuildFetchPack(*source_, Fetch({c3_}));
  ASSERT_TRUE(pack.has_value()) << pack.error().message;
  EXPECT_TRUE(pack->data.starts_with("PACK"));
  EXPECT_TRUE(pack->common.empty());
  // 3 commits, 3 root trees, 2 trees of a/ (x; x and y), blobs v1, x1, y1, v2.
  EXPECT_EQ(UnpackInto(2, pack->data), 12u);
  auto copy = OpenRepo(*writer_, 2);
  auto commit = copy->ReadCommit(c3_);
  ASSERT_TRUE(commit.has_value());
  EXPECT_EQ(commit->parents, std::vector<std::string>{c2_});
  auto blob = copy->Lookup(commit->tree, "a/y.txt");
  ASSERT_TRUE(blob.has_value() && blob->has_value());
  EXPECT_EQ(*copy->ReadBlob((*blob)->oid), "y1");
}

TEST_F(PackTest, IncrementalFetchLeavesOutWhatTheClientHas) {
  auto full = BuildFetchPack(*source_, Fetch({c3_}));
  auto increment = BuildFetchPack(*source_, Fetch({c3_}, {c2_, std::string(40, 'e')}));
  ASSERT_TRUE(increment.has_value()) << increment.error().message;
  // Only the haves this repo knows are common.
  EXPECT_EQ(increment->common, std::vector<std::string>{c2_});
  EXPECT_LT(increment->data.size(), full->data.size());
  // The client's copy (c2 from a first fetch) completes with the increment alone.
  auto first = BuildFetchPack(*source_, Fetch({c2_}));
  UnpackInto(2, first->data);
  EXPECT_EQ(UnpackInto(2, increment->data), 3u);  // commit c3, its root tree, blob v2
  EXPECT_TRUE(OpenRepo(*writer_, 2)->ReadCommit(c3_).has_value());
}

TEST_F(PackTest, ShallowFetchStopsAtDepthAndNamesTheBoundary) {
  auto pack = BuildFetchPack(*source_, Fetch({c3_}, {}, 1));
  ASSERT_TRUE(pack.has_value()) << pack.error().message;
  EXPECT_EQ(pack->shallow, std::vector<std::string>{c3_});
  UnpackInto(2, pack->data);
  auto copy = OpenRepo(*writer_, 2);
  EXPECT_TRUE(copy->ReadCommit(c3_).has_value());
  EXPECT_FALSE(copy->ReadCommit(c2_).has_value());
  // Deepening by one: c3 is no longer a boundary, c2 is.
  auto deeper = BuildFetchPack(*source_, Fetch({c3_}, {}, 2, {c3_}));
  ASSERT_TRUE(deeper.has_value());
  EXPECT_EQ(deeper->shallow, std::vector<std::string>{c2_});
  EXPECT_EQ(deeper->unshallow, std::vector<std::string>{c3_});
  // A depth beyond the root leaves no boundary at all.
  EXPECT_TRUE(BuildFetchPack(*source_, Fetch({c3_}, {}, 10))->shallow.empty());
}

TEST_F(PackTest, UnknownWantsAndBadPacksAreRefused) {
  EXPECT_EQ(BuildFetchPack(*source_, Fetch({std::string(40, 'a')})).error().code,
            core::ErrorCode::kRevisionNotFound);
  EXPECT_EQ(BuildFetchPack(*source_, Fetch({})).error().code, core::ErrorCode::kBadRequest);
  auto target = OpenRepo(*writer_, 2);
  auto bad = UnpackObjects(*target, "PACK\0\0\0\2garbage", scratch_);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kBadRequest);
  EXPECT_TRUE(bad.error().message.starts_with("invalid pack"));
  auto truncated = BuildFetchPack(*source_, Fetch({c3_}));
  auto cut =
      UnpackObjects(*target, truncated->data.substr(0, truncated->data.size() / 2), scratch_);
  EXPECT_FALSE(cut.has_value());
}

TEST_F(PackTest, AncestryDecidesFastForwards) {
  EXPECT_TRUE(*IsAncestor(*source_, c1_, c3_));
  EXPECT_TRUE(*IsAncestor(*source_, c3_, c3_));
  EXPECT_FALSE(*IsAncestor(*source_, c3_, c1_));
  std::string side = CommitFiles(*source_, c1_, {{"side.txt", "s"}}, 4000, "side");
  EXPECT_FALSE(*IsAncestor(*source_, c2_, side));
}

}  // namespace
}  // namespace modelhub::storage
