#include "modelhub/search/tags.h"

#include <gtest/gtest.h>

namespace modelhub::search {
namespace {

TEST(TagsTest, DerivesHubTagsFromCardAndFiles) {
  auto card = nlohmann::json::parse(R"({"library_name":"transformers","license":"mit",
      "language":["en","fr"],"datasets":"squad","pipeline_tag":"fill-mask","tags":["x"],
      "base_model":"org/base","base_model_relation":"quantized"})");
  auto tags = DeriveTags(core::RepoType::kModel, card,
                         {"model.safetensors", "adapter_config.json", "README.md"});
  std::vector<std::string> expected = {"transformers",
                                       "safetensors",
                                       "adapter",
                                       "x",
                                       "fill-mask",
                                       "dataset:squad",
                                       "en",
                                       "language:en",
                                       "fr",
                                       "language:fr",
                                       "base_model:org/base",
                                       "base_model:quantized:org/base",
                                       "license:mit"};
  EXPECT_EQ(tags, expected);
}

TEST(TagsTest, FileTagsOnlyForModels) {
  auto tags = DeriveTags(core::RepoType::kDataset, nullptr, {"data.gguf"});
  EXPECT_TRUE(tags.empty());
}

}  // namespace
}  // namespace modelhub::search
