#include "modelhub/search/tags.h"

#include <gtest/gtest.h>

namespace modelhub::search {
namespace {

const nlohmann::json kNoConfig;

TEST(TagsTest, DerivesHubTagsFromCardAndFiles) {
  auto card = nlohmann::json::parse(R"({"library_name":"transformers","license":"mit",
      "language":["en","fr"],"datasets":"squad","pipeline_tag":"fill-mask","tags":["x"],
      "base_model":"org/base","base_model_relation":"quantized"})");
  std::vector<std::string> paths = {"model.safetensors", "adapter_config.json", "README.md"};
  auto tags =
      DeriveTags({core::RepoType::kModel, card, paths, kNoConfig, "transformers", "fill-mask"});
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
  std::vector<std::string> paths = {"data.gguf"};
  auto tags = DeriveTags({core::RepoType::kDataset, nullptr, paths, kNoConfig, {}, {}});
  EXPECT_TRUE(tags.empty());
}

TEST(TagsTest, ConfigModelTypeAndInferredLibraryAndPipeline) {
  auto config = nlohmann::json::parse(R"({"model_type":"llama",
      "architectures":["LlamaForCausalLM"]})");
  std::vector<std::string> paths = {"config.json", "model.safetensors"};
  auto library = InferLibrary(paths);
  auto pipeline = InferPipelineTag(config);
  EXPECT_EQ(library, "transformers");
  EXPECT_EQ(pipeline, "text-generation");
  auto tags = DeriveTags({core::RepoType::kModel, nullptr, paths, config, library, pipeline});
  std::vector<std::string> expected = {"transformers", "safetensors", "llama", "text-generation"};
  EXPECT_EQ(tags, expected);
}

TEST(TagsTest, InfersLibraryFromFiles) {
  EXPECT_EQ(InferLibrary({"adapter_config.json", "config.json"}), "peft");
  EXPECT_EQ(InferLibrary({"model_index.json", "unet/config.json"}), "diffusers");
  EXPECT_EQ(InferLibrary({"modules.json", "config.json"}), "sentence-transformers");
  EXPECT_EQ(InferLibrary({"model-Q4_K_M.gguf"}), "gguf");
  EXPECT_EQ(InferLibrary({"README.md", "sub/config.json"}), std::nullopt);
}

TEST(TagsTest, PipelineOnlyForUnambiguousHeads) {
  auto head = [](const char* name) {
    return InferPipelineTag(nlohmann::json{{"architectures", {name}}});
  };
  EXPECT_EQ(head("BertForSequenceClassification"), "text-classification");
  EXPECT_EQ(head("GPT2LMHeadModel"), "text-generation");
  EXPECT_EQ(head("T5ForConditionalGeneration"), std::nullopt);
  EXPECT_EQ(InferPipelineTag(nlohmann::json::object()), std::nullopt);
}

TEST(TagsTest, RelationInferredLikeTheCardEngine) {
  auto card = nlohmann::json::parse(R"({"base_model":"org/base"})");
  std::vector<std::string> paths = {"model-Q4_K_M.gguf"};
  auto tags = DeriveTags({core::RepoType::kModel, card, paths, kNoConfig, {}, {}});
  EXPECT_NE(std::find(tags.begin(), tags.end(), "base_model:quantized:org/base"), tags.end());
  auto merge = nlohmann::json::parse(R"({"base_model":["a/x","b/y"]})");
  std::vector<std::string> none;
  tags = DeriveTags({core::RepoType::kModel, merge, none, kNoConfig, {}, {}});
  EXPECT_NE(std::find(tags.begin(), tags.end(), "base_model:merge:a/x"), tags.end());
  EXPECT_NE(std::find(tags.begin(), tags.end(), "base_model:merge:b/y"), tags.end());
}

}  // namespace
}  // namespace modelhub::search
