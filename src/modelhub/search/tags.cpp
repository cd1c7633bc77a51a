#include "modelhub/search/tags.h"

#include <set>

namespace modelhub::search {
namespace {

// Strings of a card field that may be a string or a list of strings.
std::vector<std::string> Strings(const nlohmann::json& card, const char* key) {
  std::vector<std::string> out;
  if (!card.is_object() || !card.contains(key)) return out;
  const auto& value = card[key];
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> DeriveTags(core::RepoType type, const nlohmann::json& card_data,
                                    const std::vector<std::string>& paths) {
  std::vector<std::string> tags;
  std::set<std::string> seen;
  auto add = [&](const std::string& tag) {
    if (!tag.empty() && seen.insert(tag).second) tags.push_back(tag);
  };
  for (const auto& library : Strings(card_data, "library_name")) add(library);
  bool has_safetensors = false;
  bool has_gguf = false;
  bool has_onnx = false;
  bool has_adapter = false;
  for (const auto& path : paths) {
    has_safetensors |= path.ends_with(".safetensors");
    has_gguf |= path.ends_with(".gguf");
    has_onnx |= path.ends_with(".onnx");
    has_adapter |= path == "adapter_config.json" || path.ends_with("/adapter_config.json");
  }
  if (type == core::RepoType::kModel) {
    if (has_safetensors) add("safetensors");
    if (has_gguf) add("gguf");
    if (has_onnx) add("onnx");
    if (has_adapter) add("adapter");
  }
  for (const auto& tag : Strings(card_data, "tags")) add(tag);
  for (const auto& pipeline : Strings(card_data, "pipeline_tag")) add(pipeline);
  for (const auto& dataset : Strings(card_data, "datasets")) add("dataset:" + dataset);
  // The Hub lists languages both bare and prefixed; clients filter on either form (spec §4).
  for (const auto& language : Strings(card_data, "language")) {
    add(language);
    add("language:" + language);
  }
  for (const auto& base : Strings(card_data, "base_model")) {
    add("base_model:" + base);
    std::string relation = "finetune";
    auto relations = Strings(card_data, "base_model_relation");
    if (!relations.empty()) relation = relations.front();
    add("base_model:" + relation + ":" + base);
  }
  for (const auto& license : Strings(card_data, "license")) add("license:" + license);
  return tags;
}

}  // namespace modelhub::search
