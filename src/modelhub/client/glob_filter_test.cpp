#include "modelhub/client/glob_filter.h"

#include <gtest/gtest.h>

namespace modelhub::client {
namespace {

TEST(GlobFilterTest, StarCrossesSlashLikePython) {
  EXPECT_TRUE(FnMatch("*.json", "config.json"));
  EXPECT_TRUE(FnMatch("*.json", "sub/dir/tokenizer.json"));
  EXPECT_FALSE(FnMatch("*.json", "model.safetensors"));
  EXPECT_TRUE(FnMatch("model-?.bin", "model-1.bin"));
  EXPECT_TRUE(FnMatch("[!a]*", "b.txt"));
  EXPECT_FALSE(FnMatch("[!a]*", "a.txt"));
  EXPECT_TRUE(FnMatch("a\\b", "a\\b"));
}

TEST(GlobFilterTest, IncludeAndExclude) {
  GlobFilter filter({"*.json", "onnx/"}, {"*secret*"});
  EXPECT_TRUE(filter.Matches("config.json"));
  EXPECT_TRUE(filter.Matches("onnx/model.onnx"));
  EXPECT_FALSE(filter.Matches("onnx_model"));
  EXPECT_FALSE(filter.Matches("my_secret.json"));
  EXPECT_FALSE(filter.Matches("model.safetensors"));
}

TEST(GlobFilterTest, EmptyIncludeMeansEverything) {
  GlobFilter filter({}, {"*.bin"});
  EXPECT_TRUE(filter.Matches("README.md"));
  EXPECT_FALSE(filter.Matches("pytorch_model.bin"));
  EXPECT_TRUE(GlobFilter({}, {}).Matches("anything/at/all"));
}

}  // namespace
}  // namespace modelhub::client
