#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "modelhub/core/sha256.h"
#include "modelhub/storage/blobstore/blob_store.h"

namespace modelhub::storage {
namespace {

namespace fs = std::filesystem;

class FsBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "blobstore_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    store_ = Open();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(root_);
  }

  std::unique_ptr<BlobStore> Open() {
    auto store = OpenFsBlobStore(root_);
    EXPECT_TRUE(store.has_value()) << store.error().message;
    return std::move(store).value();
  }

  std::unique_ptr<BlobWriter> BeginWrite() {
    auto writer = store_->BeginWrite();
    EXPECT_TRUE(writer.has_value()) << writer.error().message;
    return std::move(writer).value();
  }

  core::Result<BlobInfo> Put(std::string_view content, std::optional<std::string> sha = {},
                             std::optional<uint64_t> size = {}) {
    auto writer = BeginWrite();
    EXPECT_TRUE(writer->Write(content).has_value());
    return writer->Commit(sha, size);
  }

  size_t CountFiles(const fs::path& dir) {
    size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      count += entry.is_regular_file();
    return count;
  }

  std::string ReadAll(const BlobFile& file) {
    std::string content(file.size(), '\0');
    EXPECT_EQ(pread(file.fd(), content.data(), content.size(), 0),
              static_cast<ssize_t>(content.size()));
    return content;
  }

  std::string root_;
  std::unique_ptr<BlobStore> store_;
};

std::string Pattern(size_t size) {
  std::string content(size, '\0');
  for (size_t i = 0; i < size; ++i) content[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  return content;
}

TEST_F(FsBlobStoreTest, WritesVerifiesAndReadsBack) {
  std::string content = "hello lfs\n";
  std::string sha = core::Sha256Hex(content);
  auto info = Put(content, sha, content.size());
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->sha256, sha);
  EXPECT_EQ(info->size, content.size());
  EXPECT_TRUE(fs::is_regular_file(fs::path(root_) / sha.substr(0, 2) / sha.substr(2, 2) / sha));

  auto size = store_->Stat(sha);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(*size, content.size());
  auto file = store_->Open(sha);
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ((*file)->size(), content.size());
  EXPECT_EQ(ReadAll(**file), content);
  EXPECT_EQ(CountFiles(fs::path(root_) / "tmp"), 0u);
}

TEST_F(FsBlobStoreTest, LargeWritesInOddPiecesHashCorrectly) {
  std::string content = Pattern((size_t{9} << 20) + 12345);
  auto writer = BeginWrite();
  size_t offset = 0;
  for (size_t piece : {size_t{1}, size_t{4095}, size_t{5} << 20, size_t{3}, size_t{64} << 10}) {
    ASSERT_TRUE(writer->Write(std::string_view(content).substr(offset, piece)).has_value());
    offset += piece;
  }
  ASSERT_TRUE(writer->Write(std::string_view(content).substr(offset)).has_value());
  EXPECT_EQ(writer->BytesWritten(), content.size());
  auto info = writer->Commit(core::Sha256Hex(content), content.size());
  ASSERT_TRUE(info.has_value()) << info.error().message;
  auto file = store_->Open(info->sha256);
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(ReadAll(**file), content);
}

TEST_F(FsBlobStoreTest, EmptyBlob) {
  auto info = Put("", core::Sha256Hex(""), 0);
  ASSERT_TRUE(info.has_value());
  auto size = store_->Stat(info->sha256);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(*size, std::optional<uint64_t>(0));
}

TEST_F(FsBlobStoreTest, ShaMismatchIsRejectedAndLeavesNothing) {
  std::string claimed = core::Sha256Hex("something else");
  auto info = Put("actual content", claimed);
  ASSERT_FALSE(info.has_value());
  EXPECT_EQ(info.error().code, core::ErrorCode::kBadRequest);
  EXPECT_NE(info.error().message.find(claimed), std::string::npos) << info.error().message;
  EXPECT_NE(info.error().message.find(core::Sha256Hex("actual content")), std::string::npos);
  EXPECT_EQ(CountFiles(root_), 0u);
  auto size = store_->Stat(claimed);
  ASSERT_TRUE(size.has_value());
  EXPECT_FALSE(size->has_value());
}

TEST_F(FsBlobStoreTest, SizeMismatchIsRejectedAndLeavesNothing) {
  std::string content = "twelve bytes";
  auto info = Put(content, core::Sha256Hex(content), 13);
  ASSERT_FALSE(info.has_value());
  EXPECT_EQ(info.error().code, core::ErrorCode::kBadRequest);
  EXPECT_NE(info.error().message.find("expected 13"), std::string::npos) << info.error().message;
  EXPECT_NE(info.error().message.find("12"), std::string::npos);
  EXPECT_EQ(CountFiles(root_), 0u);
}

TEST_F(FsBlobStoreTest, AbandonedWriterLeavesNothing) {
  {
    auto writer = BeginWrite();
    ASSERT_TRUE(writer->Write(Pattern(1 << 20)).has_value());
    EXPECT_EQ(CountFiles(fs::path(root_) / "tmp"), 1u);
  }
  EXPECT_EQ(CountFiles(root_), 0u);
}

TEST_F(FsBlobStoreTest, CommittingAnExistingBlobKeepsTheOldFile) {
  std::string content = "same bytes";
  ASSERT_TRUE(Put(content).has_value());
  std::string sha = core::Sha256Hex(content);
  fs::path path = fs::path(root_) / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  struct stat before {};
  ASSERT_EQ(stat(path.c_str(), &before), 0);
  auto again = Put(content, sha, content.size());
  ASSERT_TRUE(again.has_value()) << again.error().message;
  struct stat after {};
  ASSERT_EQ(stat(path.c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
  EXPECT_EQ(CountFiles(root_), 1u);
}

TEST_F(FsBlobStoreTest, MissingBlobsAndInvalidNames) {
  std::string absent = core::Sha256Hex("absent");
  auto file = store_->Open(absent);
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, core::ErrorCode::kEntryNotFound);
  EXPECT_TRUE(store_->Remove(absent).has_value());
  for (std::string bad :
       {std::string("../../etc/passwd"), std::string(64, 'A'), std::string("ab")}) {
    auto stat = store_->Stat(bad);
    ASSERT_FALSE(stat.has_value());
    EXPECT_EQ(stat.error().code, core::ErrorCode::kBadRequest);
  }
}

TEST_F(FsBlobStoreTest, ForEachVisitsEveryBlobAndStopsEarly) {
  std::map<std::string, uint64_t> expected;
  for (int i = 0; i < 5; ++i) {
    std::string content(static_cast<size_t>(i * 10), 'x');
    content += std::to_string(i);
    auto info = Put(content);
    ASSERT_TRUE(info.has_value());
    expected[info->sha256] = info->size;
  }
  auto pending = BeginWrite();  // a temporary must not be reported
  ASSERT_TRUE(pending->Write("pending").has_value());

  std::map<std::string, uint64_t> seen;
  ASSERT_TRUE(store_->ForEach([&](const BlobInfo& info) {
    seen[info.sha256] = info.size;
    return true;
  }));
  EXPECT_EQ(seen, expected);

  int visits = 0;
  ASSERT_TRUE(store_->ForEach([&](const BlobInfo&) { return ++visits < 2; }));
  EXPECT_EQ(visits, 2);

  ASSERT_TRUE(store_->Remove(expected.begin()->first).has_value());
  auto gone = store_->Stat(expected.begin()->first);
  ASSERT_TRUE(gone.has_value());
  EXPECT_FALSE(gone->has_value());
}

// A writer process killed in the middle of a blob leaves only a temporary, which the next open of
// the store removes.
TEST_F(FsBlobStoreTest, WriterKilledMidBlobLeavesNothingUnderTheFinalName) {
  std::string content = Pattern(size_t{24} << 20);
  std::string sha = core::Sha256Hex(content);
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(ready[0]);
    auto store = OpenFsBlobStore(root_);
    if (!store) _exit(2);
    auto writer = (*store)->BeginWrite();
    if (!writer) _exit(3);
    // More than the write buffer, so part of the blob really reached the file.
    if (!(*writer)->Write(std::string_view(content).substr(0, content.size() / 2))) _exit(4);
    char byte = 1;
    if (write(ready[1], &byte, 1) != 1) _exit(5);
    pause();  // killed here, before the rest and before Commit
    _exit(6);
  }
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  close(ready[0]);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  size_t temporaries = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(root_) / "tmp")) {
    ++temporaries;
    EXPECT_GT(fs::file_size(entry.path()), 0u);
  }
  EXPECT_EQ(temporaries, 1u);
  auto size = store_->Stat(sha);
  ASSERT_TRUE(size.has_value());
  EXPECT_FALSE(size->has_value());
  EXPECT_FALSE(fs::exists(fs::path(root_) / sha.substr(0, 2)));

  store_ = Open();  // reopening clears the leftovers
  EXPECT_EQ(CountFiles(root_), 0u);
  EXPECT_TRUE(fs::is_directory(fs::path(root_) / "tmp"));
}

}  // namespace
}  // namespace modelhub::storage
