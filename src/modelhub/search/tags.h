// The tags of a repo, derived as the Hub derives them: from the card metadata (library, pipeline
// tag, free tags, license, languages, datasets, base models with their relation), from config.json
// (`model_type`) and from the files it holds; and the library and pipeline tag the Hub infers when
// the card does not declare them.
#ifndef MODELHUB_SEARCH_TAGS_H_
#define MODELHUB_SEARCH_TAGS_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/core/ids.h"

namespace modelhub::search {

struct TagSources {
  core::RepoType type = core::RepoType::kModel;
  const nlohmann::json& card_data;          // may be null
  const std::vector<std::string>& paths;    // every file path
  const nlohmann::json& config;             // config.json subset, may be null
  std::optional<std::string> library_name;  // declared or inferred
  std::optional<std::string> pipeline_tag;  // declared or inferred
};

// Tags in a stable order without duplicates.
std::vector<std::string> DeriveTags(const TagSources& sources);

// The library a model repo's files imply when its card names none: peft for adapter_config.json,
// diffusers for model_index.json, sentence-transformers for its modules.json, transformers for a
// config.json, gguf for GGUF files alone. nullopt when nothing tells.
std::optional<std::string> InferLibrary(const std::vector<std::string>& paths);

// The pipeline tag of a transformers model from its first architecture's head, e.g.
// `LlamaForCausalLM` -> text-generation. nullopt for heads that do not name one task.
std::optional<std::string> InferPipelineTag(const nlohmann::json& config);

}  // namespace modelhub::search

#endif  // MODELHUB_SEARCH_TAGS_H_
