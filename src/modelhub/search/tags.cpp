#include "modelhub/search/tags.h"

#include <set>
#include <string_view>
#include <utility>

#include "modelhub/card/lineage.h"

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

bool IsRootFile(const std::string& path, std::string_view name) { return path == name; }

// Heads whose task is unambiguous, by the suffix of the architecture's class name.
constexpr std::pair<std::string_view, std::string_view> kHeadTasks[] = {
    {"ForCausalLM", "text-generation"},
    {"LMHeadModel", "text-generation"},
    {"ForSequenceClassification", "text-classification"},
    {"ForTokenClassification", "token-classification"},
    {"ForQuestionAnswering", "question-answering"},
    {"ForMaskedLM", "fill-mask"},
    {"ForImageClassification", "image-classification"},
    {"ForObjectDetection", "object-detection"},
    {"ForSemanticSegmentation", "image-segmentation"},
    {"ForCTC", "automatic-speech-recognition"},
    {"ForSpeechSeq2Seq", "automatic-speech-recognition"},
    {"ForAudioClassification", "audio-classification"},
    {"ForZeroShotImageClassification", "zero-shot-image-classification"},
};

}  // namespace

std::optional<std::string> InferLibrary(const std::vector<std::string>& paths) {
  bool config = false, gguf = false;
  for (const auto& path : paths) {
    if (IsRootFile(path, "adapter_config.json")) return "peft";
    if (IsRootFile(path, "model_index.json")) return "diffusers";
    if (IsRootFile(path, "config_sentence_transformers.json") || IsRootFile(path, "modules.json")) {
      return "sentence-transformers";
    }
    config |= IsRootFile(path, "config.json");
    gguf |= path.ends_with(".gguf");
  }
  if (config) return "transformers";
  if (gguf) return "gguf";
  return std::nullopt;
}

std::optional<std::string> InferPipelineTag(const nlohmann::json& config) {
  if (!config.is_object() || !config.contains("architectures")) return std::nullopt;
  const auto& architectures = config["architectures"];
  if (!architectures.is_array() || architectures.empty() || !architectures[0].is_string()) {
    return std::nullopt;
  }
  const std::string& name = architectures[0].get_ref<const std::string&>();
  for (const auto& [suffix, task] : kHeadTasks) {
    if (name.ends_with(suffix)) return std::string(task);
  }
  return std::nullopt;
}

std::vector<std::string> DeriveTags(const TagSources& sources) {
  const nlohmann::json& card_data = sources.card_data;
  std::vector<std::string> tags;
  std::set<std::string> seen;
  auto add = [&](const std::string& tag) {
    if (!tag.empty() && seen.insert(tag).second) tags.push_back(tag);
  };
  const bool model = sources.type == core::RepoType::kModel;
  if (model && sources.library_name) add(*sources.library_name);
  for (const auto& library : Strings(card_data, "library_name")) add(library);
  bool has_safetensors = false;
  bool has_gguf = false;
  bool has_onnx = false;
  bool has_adapter = false;
  for (const auto& path : sources.paths) {
    has_safetensors |= path.ends_with(".safetensors");
    has_gguf |= path.ends_with(".gguf");
    has_onnx |= path.ends_with(".onnx");
    has_adapter |= path == "adapter_config.json" || path.ends_with("/adapter_config.json");
  }
  if (model) {
    if (has_safetensors) add("safetensors");
    if (has_gguf) add("gguf");
    if (has_onnx) add("onnx");
    if (has_adapter) add("adapter");
    // The Hub tags a transformers model with its config's model_type ("bert", "llama", ...).
    if (sources.config.is_object() && sources.config.contains("model_type") &&
        sources.config["model_type"].is_string()) {
      add(sources.config["model_type"].get<std::string>());
    }
  }
  for (const auto& tag : Strings(card_data, "tags")) add(tag);
  if (sources.pipeline_tag) add(*sources.pipeline_tag);
  for (const auto& pipeline : Strings(card_data, "pipeline_tag")) add(pipeline);
  for (const auto& dataset : Strings(card_data, "datasets")) add("dataset:" + dataset);
  // The Hub lists languages both bare and prefixed; clients filter on either form (spec §4).
  for (const auto& language : Strings(card_data, "language")) {
    add(language);
    add("language:" + language);
  }
  auto bases = Strings(card_data, "base_model");
  if (!bases.empty()) {
    // The relation as `modelhub card inspect` reports it: declared, else inferred from the card
    // and the files (adapter, quantized, merge of several bases, finetune).
    std::string relation =
        card_data.is_object() ? card::InferRelation(card_data, sources.paths).relation : "";
    if (relation.empty()) relation = "finetune";
    for (const auto& base : bases) {
      add("base_model:" + base);
      add("base_model:" + relation + ":" + base);
    }
  }
  for (const auto& license : Strings(card_data, "license")) add("license:" + license);
  return tags;
}

}  // namespace modelhub::search
