#include "modelhub/client/upload_plan.h"

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace modelhub::client {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

class UploadFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("upload_plan_test." + std::to_string(::getpid()));
    fs::remove_all(root_);
    for (const char* path :
         {"config.json", "sub/model.bin", "sub/deep/notes.txt", ".git/HEAD", "sub/.git/config",
          ".cache/huggingface/upload/x.metadata", ".gitignore"}) {
      fs::create_directories((root_ / path).parent_path());
      std::ofstream(root_ / path) << path;
    }
  }
  void TearDown() override { fs::remove_all(root_); }

  std::vector<std::string> Paths(const std::string& in_repo, std::vector<std::string> include,
                                 std::vector<std::string> exclude) {
    auto files = CollectUploadFiles(root_, in_repo, include, exclude);
    EXPECT_TRUE(files.has_value());
    std::vector<std::string> paths;
    for (const LocalFile& file : *files) paths.push_back(file.path);
    return paths;
  }

  fs::path root_;
};

TEST_F(UploadFilesTest, WalksFolderSkippingGitAndCache) {
  EXPECT_EQ(Paths("", {}, {}), (std::vector<std::string>{".gitignore", "config.json",
                                                         "sub/deep/notes.txt", "sub/model.bin"}));
}

TEST_F(UploadFilesTest, PrefixAndFilters) {
  EXPECT_EQ(Paths("/weights/", {"sub/*"}, {"*.txt"}),
            (std::vector<std::string>{"weights/sub/model.bin"}));
  EXPECT_EQ(Paths(".", {"*.json"}, {}), (std::vector<std::string>{"config.json"}));
  EXPECT_EQ(Paths("", {"*.json", "sub/deep/"}, {}),
            (std::vector<std::string>{"config.json", "sub/deep/notes.txt"}));
}

TEST_F(UploadFilesTest, SingleFileGoesToItsNameOrPathInRepo) {
  auto files = CollectUploadFiles(root_ / "sub/model.bin", "", {}, {});
  ASSERT_TRUE(files.has_value());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].path, "model.bin");
  EXPECT_EQ((*files)[0].size, std::string("sub/model.bin").size());
  files = CollectUploadFiles(root_ / "sub/model.bin", "a/b.bin", {}, {});
  ASSERT_TRUE(files.has_value());
  EXPECT_EQ((*files)[0].path, "a/b.bin");
  EXPECT_FALSE(CollectUploadFiles(root_ / "missing", "", {}, {}).has_value());
  EXPECT_FALSE(CollectUploadFiles(root_ / "config.json", "../x", {}, {}).has_value());
}

TEST(UploadPlanTest, PreuploadRoundTrip) {
  json body = json::parse(PreuploadBody({{"a.bin", 3, std::string("\0\1\2", 3)}}, "*.tmp\n"));
  EXPECT_EQ(body["files"][0]["path"], "a.bin");
  EXPECT_EQ(body["files"][0]["size"], 3);
  EXPECT_EQ(body["files"][0]["sample"], "AAEC");
  EXPECT_EQ(body["gitIgnore"], "*.tmp\n");
  EXPECT_FALSE(json::parse(PreuploadBody({}, std::nullopt)).contains("gitIgnore"));

  auto answers = ParsePreupload(
      R"({"files":[{"path":"a.bin","uploadMode":"lfs","shouldIgnore":false,"oid":"ab"},)"
      R"({"path":"b.txt","uploadMode":"regular","shouldIgnore":true,"oid":null}]})");
  ASSERT_TRUE(answers.has_value());
  EXPECT_TRUE(answers->at("a.bin").lfs);
  EXPECT_EQ(answers->at("a.bin").remote_oid, "ab");
  EXPECT_FALSE(answers->at("b.txt").lfs);
  EXPECT_TRUE(answers->at("b.txt").should_ignore);
  EXPECT_FALSE(answers->at("b.txt").remote_oid.has_value());
  EXPECT_FALSE(ParsePreupload(R"({"files":[{"path":"a","uploadMode":"xet"}]})").has_value());
  EXPECT_FALSE(ParsePreupload("[]").has_value());
}

TEST(UploadPlanTest, LfsBatchBodyAndAnswer) {
  json body = json::parse(LfsBatchBody({{"aa", 5}}, "main"));
  EXPECT_EQ(body["operation"], "upload");
  EXPECT_EQ(body["transfers"], json({"basic", "multipart"}));
  EXPECT_EQ(body["ref"]["name"], "main");
  EXPECT_EQ(body["objects"][0]["size"], 5);
  EXPECT_FALSE(json::parse(LfsBatchBody({}, "")).contains("ref"));

  auto uploads = ParseLfsBatch(R"({"transfer":"multipart","objects":[
    {"oid":"aa","size":5},
    {"oid":"bb","size":7,"actions":{"upload":{"href":"http://h/put"},
                                     "verify":{"href":"http://h/v","header":{"X-A":"1"}}}},
    {"oid":"cc","size":25,"actions":{"upload":{"href":"http://h/done","header":
       {"chunk_size":"10","00002":"http://h/p2","00001":"http://h/p1","00003":"http://h/p3"}}}}]})");
  ASSERT_TRUE(uploads.has_value()) << uploads.error().message;
  ASSERT_EQ(uploads->size(), 3u);
  EXPECT_FALSE((*uploads)[0].needed);
  EXPECT_TRUE((*uploads)[1].needed);
  EXPECT_EQ((*uploads)[1].href, "http://h/put");
  EXPECT_EQ((*uploads)[1].chunk_size, 0u);
  EXPECT_EQ((*uploads)[1].verify_href, "http://h/v");
  EXPECT_EQ((*uploads)[1].verify_headers, std::vector<std::string>{"X-A: 1"});
  EXPECT_EQ((*uploads)[2].chunk_size, 10u);
  EXPECT_EQ((*uploads)[2].part_urls,
            (std::vector<std::string>{"http://h/p1", "http://h/p2", "http://h/p3"}));
  EXPECT_EQ((*uploads)[2].href, "http://h/done");

  // A part count that disagrees with ceil(size / chunk_size), and error objects, are refused.
  EXPECT_FALSE(ParseLfsBatch(R"({"objects":[{"oid":"cc","size":25,"actions":{"upload":{"href":"x",
      "header":{"chunk_size":"10","1":"a","2":"b"}}}}]})")
                   .has_value());
  auto refused = ParseLfsBatch(R"({"objects":[{"oid":"dd","size":1,"error":{"code":422,
      "message":"bad oid"}}]})");
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("bad oid"), std::string::npos);
}

TEST(UploadPlanTest, CompletionAndCommitBodies) {
  json completion = json::parse(MultipartCompletionBody("aa", {"\"e1\"", "e2"}));
  EXPECT_EQ(completion["parts"][1]["partNumber"], 2);
  EXPECT_EQ(completion["parts"][0]["etag"], "\"e1\"");

  std::string ndjson =
      CommitNdjson("Upload", "", {{"README.md", false, "hi", "", 0}, {"w.bin", true, "", "ff", 9}});
  ASSERT_EQ(ndjson.back(), '\n');
  std::vector<json> lines;
  size_t start = 0;
  for (size_t end; (end = ndjson.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(json::parse(ndjson.substr(start, end - start)));
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["key"], "header");
  EXPECT_EQ(lines[0]["value"]["summary"], "Upload");
  EXPECT_EQ(lines[1]["key"], "file");
  EXPECT_EQ(lines[1]["value"]["content"], "aGk=");
  EXPECT_EQ(lines[1]["value"]["encoding"], "base64");
  EXPECT_EQ(lines[2]["key"], "lfsFile");
  EXPECT_EQ(lines[2]["value"]["algo"], "sha256");
  EXPECT_EQ(lines[2]["value"]["oid"], "ff");
  EXPECT_EQ(lines[2]["value"]["size"], 9);
}

}  // namespace
}  // namespace modelhub::client
