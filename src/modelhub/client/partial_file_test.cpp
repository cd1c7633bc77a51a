#include "modelhub/client/internal/partial_file.h"

#include <fstream>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "modelhub/core/sha256.h"

namespace modelhub::client::internal {
namespace {
namespace fs = std::filesystem;

class PartialFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/partial-file-test-XXXXXX";
    root_ = mkdtemp(pattern);
    // Three ranges: two full 16 MiB ones and a short tail.
    content_.resize(2 * kDefaultChunkSize + 1000);
    for (size_t i = 0; i < content_.size(); ++i) content_[i] = static_cast<char>(i * 131 % 251);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(PartialFile& file, size_t index, uint64_t bytes) {
    ByteRange left = file.Remaining(index);
    ASSERT_TRUE(file.Append(index, content_.data() + left.start, bytes));
  }
  fs::path root_;
  std::string content_;
};

TEST_F(PartialFileTest, ResumesFromCountersAndVerifies) {
  fs::path path = root_ / "blob.incomplete";
  std::string etag = core::Sha256Hex(content_);
  {
    auto file = PartialFile::Open(path, content_.size(), etag);
    ASSERT_TRUE(file);
    ASSERT_EQ((*file)->ranges().size(), 3u);
    Write(**file, 2, 1000);
    Write(**file, 0, 5000);
  }  // as if the process died here
  auto file = PartialFile::Open(path, content_.size(), etag);
  ASSERT_TRUE(file);
  EXPECT_EQ((*file)->resumed_bytes(), 6000u);
  EXPECT_EQ((*file)->IncompleteRanges(), (std::vector<size_t>{0, 1}));
  EXPECT_EQ((*file)->Remaining(0).start, 5000u);
  Write(**file, 1, kDefaultChunkSize);
  Write(**file, 0, kDefaultChunkSize - 5000);
  ASSERT_TRUE((*file)->Commit(root_ / "blob", "blob"));
  std::ifstream in(root_ / "blob", std::ios::binary);
  std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, content_);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(root_ / "blob.incomplete.ranges"));
}

TEST_F(PartialFileTest, MismatchDiscardsAndNeverRenames) {
  fs::path path = root_ / "x.incomplete";
  std::string small = "hello\n";
  auto file = PartialFile::Open(path, small.size(), std::string(64, '0'));
  ASSERT_TRUE(file);
  ASSERT_TRUE((*file)->Append(0, small.data(), small.size()));
  auto committed = (*file)->Commit(root_ / "x", "x");
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, core::ErrorCode::kPreconditionFailed);
  EXPECT_FALSE(fs::exists(root_ / "x"));
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(PartialFileTest, GitBlobEtagAndEmptyFile) {
  std::string small = "hello\n";
  auto file = PartialFile::Open(root_ / "y.incomplete", small.size(), core::GitBlobSha1(small));
  ASSERT_TRUE(file);
  ASSERT_TRUE((*file)->Append(0, small.data(), small.size()));
  EXPECT_TRUE((*file)->Commit(root_ / "y", "y"));
  auto empty = PartialFile::Open(root_ / "z.incomplete", 0, core::GitBlobSha1(""));
  ASSERT_TRUE(empty);
  EXPECT_TRUE((*empty)->IncompleteRanges().empty());
  EXPECT_TRUE((*empty)->Commit(root_ / "z", "z"));
  EXPECT_EQ(fs::file_size(root_ / "z"), 0u);
}

TEST_F(PartialFileTest, RejectsOverlongRange) {
  auto file = PartialFile::Open(root_ / "w.incomplete", 3, "etag");
  ASSERT_TRUE(file);
  EXPECT_FALSE((*file)->Append(0, "abcd", 4));
}

TEST_F(PartialFileTest, CorruptCountersRestartFromZero) {
  fs::path path = root_ / "c.incomplete";
  {
    auto file = PartialFile::Open(path, 10, "etag");
    ASSERT_TRUE(file);
    ASSERT_TRUE((*file)->Append(0, "01234", 5));
  }
  std::ofstream(root_ / "c.incomplete.ranges", std::ios::binary | std::ios::trunc) << "junk";
  auto file = PartialFile::Open(path, 10, "etag");
  ASSERT_TRUE(file);
  EXPECT_EQ((*file)->resumed_bytes(), 0u);
}

}  // namespace
}  // namespace modelhub::client::internal
