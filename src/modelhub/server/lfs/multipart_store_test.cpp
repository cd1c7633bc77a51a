#include "modelhub/server/lfs/multipart_store.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

namespace modelhub::server::lfs {
namespace {

TEST(MultipartStoreTest, PartArithmeticMatchesClients) {
  EXPECT_EQ(PartCount(10, 4), 3u);
  EXPECT_EQ(PartCount(8, 4), 2u);
  EXPECT_EQ(PartSize(10, 4, 1), 4u);
  EXPECT_EQ(PartSize(10, 4, 3), 2u);
  EXPECT_EQ(PartSize(10, 4, 4), 0u);
  EXPECT_EQ(PartSize(8, 4, 2), 4u);
}

class CollectingWriter : public storage::BlobWriter {
 public:
  core::Status Write(std::string_view bytes) override {
    data += bytes;
    return core::Ok();
  }
  uint64_t BytesWritten() const override { return data.size(); }
  core::Result<storage::BlobInfo> Commit(std::optional<std::string_view>,
                                         std::optional<uint64_t>) override {
    return storage::BlobInfo{};
  }
  std::string data;
};

TEST(MultipartStoreTest, AssemblesPartsInOrderAndRefusesGaps) {
  const std::string root =
      (std::filesystem::temp_directory_path() / ("mh-multipart-" + std::to_string(::getpid())))
          .string();
  MultipartStore store(root);
  ASSERT_TRUE(store.Prepare("u1").has_value());
  std::ofstream(store.PartPath("u1", 2)) << "efgh";
  CollectingWriter missing;
  EXPECT_FALSE(store.Assemble("u1", 10, 4, missing).has_value());
  std::ofstream(store.PartPath("u1", 1)) << "abcd";
  std::ofstream(store.PartPath("u1", 3)) << "ij";
  CollectingWriter writer;
  ASSERT_TRUE(store.Assemble("u1", 10, 4, writer).has_value());
  EXPECT_EQ(writer.data, "abcdefghij");
  store.Remove("u1");
  EXPECT_FALSE(std::filesystem::exists(root + "/u1"));
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace modelhub::server::lfs
