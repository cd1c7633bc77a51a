#include "modelhub/server/api/ndjson_commit.h"

#include <gtest/gtest.h>

namespace modelhub::server::api {
namespace {

using Kind = hub::CommitOperation::Kind;

constexpr char kHeader[] = R"({"key":"header","value":{"summary":"Add","description":""}})";
constexpr char kOid[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

core::Result<hub::CommitRequest> Parse(const std::string& operations) {
  return ParseNdjsonCommit(std::string(kHeader) + "\n" + operations);
}

core::ErrorCode CodeOf(const std::string& body) {
  auto result = ParseNdjsonCommit(body);
  EXPECT_FALSE(result.has_value()) << body;
  return result.has_value() ? core::ErrorCode::kInternal : result.error().code;
}

TEST(NdjsonCommitTest, ParsesEveryOperationKind) {
  auto request =
      Parse(std::string(
                R"({"key":"file","value":{"path":"a.txt","content":"aGk=","encoding":"base64"}})") +
            "\n" + R"({"key":"lfsFile","value":{"path":"w.bin","algo":"sha256","oid":")" + kOid +
            R"(","size":12}})" + "\n" + R"({"key":"deletedFile","value":{"path":"old.txt"}})" +
            "\n" + R"({"key":"deletedFolder","value":{"path":"dir/"}})" + "\n");
  ASSERT_TRUE(request.has_value()) << request.error().message;
  EXPECT_EQ(request->summary, "Add");
  ASSERT_EQ(request->operations.size(), 4u);
  EXPECT_EQ(request->operations[0].kind, Kind::kFile);
  EXPECT_EQ(request->operations[0].content, "hi");
  EXPECT_EQ(request->operations[1].kind, Kind::kLfsFile);
  EXPECT_EQ(request->operations[1].lfs_sha256, kOid);
  EXPECT_EQ(request->operations[1].lfs_size, 12u);
  EXPECT_EQ(request->operations[2].kind, Kind::kDeleteFile);
  EXPECT_EQ(request->operations[3].kind, Kind::kDeleteFolder);
  EXPECT_EQ(request->operations[3].path, "dir");
}

TEST(NdjsonCommitTest, AcceptsJsStyleBodyWithoutTrailingNewlineAndParent) {
  auto request =
      ParseNdjsonCommit(R"({"key":"header","value":{"summary":"s","parentCommit":"abcdef1"}})"
                        "\r\n"
                        R"({"key":"lfsFile","value":{"path":"copy.bin","algo":"sha256","oid":")" +
                        std::string(kOid) + R"("}})");
  ASSERT_TRUE(request.has_value()) << request.error().message;
  EXPECT_EQ(request->parent_commit, "abcdef1");
  EXPECT_FALSE(request->operations[0].lfs_size.has_value());
}

TEST(NdjsonCommitTest, RejectsMalformedInput) {
  const std::string header = std::string(kHeader) + "\n";
  const std::vector<std::string> bodies = {
      std::string(""),
      std::string("not json\n"),
      std::string("[1,2]\n"),
      header + "{\"key\":\"file\"",
      std::string(R"({"key":"file","value":{"path":"a","content":"","encoding":"base64"}})") +
          "\n" + kHeader,
      header + kHeader,
      header + R"({"key":"copy","value":{"path":"a"}})",
      header + R"({"key":"file","value":{"path":"a","content":"!!","encoding":"base64"}})",
      header + R"({"key":"file","value":{"path":"a","content":"aGk=","encoding":"hex"}})",
      header + R"({"key":"file","value":{"path":"a","content":"aGk=","extra":1}})",
      header + R"({"key":"file","value":{"path":"a","content":"aGk="},"more":1})",
      header + R"({"key":"lfsFile","value":{"path":"a","oid":"xyz","size":1}})",
      header + R"({"key":"lfsFile","value":{"path":"a","oid":")" + kOid + R"(","size":-1}})",
      header + R"({"key":"deletedFile","value":"a"})",
      R"({"key":"header","value":{"summary":"s","parentCommit":"zz"}})",
      R"({"key":"header","value":{"summary":""}})",
  };
  for (const std::string& body : bodies) {
    EXPECT_EQ(CodeOf(body), core::ErrorCode::kBadRequest) << body;
  }
}

TEST(NdjsonCommitTest, RejectsBadAndDuplicatePaths) {
  for (const char* path : {"../x", "/abs", "a//b", ".git/config", "a/./b", ""}) {
    auto request =
        Parse(std::string(R"({"key":"deletedFile","value":{"path":")") + path + R"("}})");
    EXPECT_FALSE(request.has_value()) << path;
  }
  EXPECT_FALSE(Parse(std::string("{\"key\":\"deletedFile\",\"value\":{\"path\":\"a\\u0000b\"}}")));
  auto invalid_utf8 = Parse("{\"key\":\"deletedFile\",\"value\":{\"path\":\"\xff\"}}");
  EXPECT_FALSE(invalid_utf8.has_value());
  auto duplicate = Parse(std::string(R"({"key":"deletedFile","value":{"path":"a"}})") + "\n" +
                         R"({"key":"file","value":{"path":"a","content":"","encoding":"base64"}})");
  EXPECT_FALSE(duplicate.has_value());
}

}  // namespace
}  // namespace modelhub::server::api
