#include "modelhub/hub/internal/synthetic_content.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace modelhub::hub::internal {
namespace {

std::string Fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

double Clamp(double value, double low, double high) { return std::min(high, std::max(low, value)); }

std::string Name(const std::string& id) { return id.substr(id.find('/') + 1); }

void List(std::string& yaml, const char* key, const std::vector<std::string>& values) {
  if (values.empty()) return;
  if (values.size() == 1 && std::string_view(key) != "tags") {
    yaml += std::string(key) + ": " + values.front() + "\n";
    return;
  }
  yaml += std::string(key) + ":\n";
  for (const auto& value : values) yaml += "- " + value + "\n";
}

// One model-index result. Two spellings occur on the Hub: the Open LLM Leaderboard's generated
// blocks (namespaced dataset type, percentages, a source) and hand-written ones (bare dataset
// type, fractions); both are produced so that filters meet both.
struct Result {
  std::string task, task_name, dataset_type, dataset_name, config, split;
  int shots = -1;
  std::string metric_type, metric_name;
  double value = 0;
  int digits = 4;
  bool leaderboard = false;
};

void WriteResult(std::string& yaml, const Result& result, bool verified) {
  yaml += "  - task:\n      type: " + result.task + "\n      name: " + result.task_name + "\n";
  yaml += "    dataset:\n      name: " + result.dataset_name +
          "\n      type: " + result.dataset_type + "\n";
  if (!result.config.empty()) yaml += "      config: " + result.config + "\n";
  if (!result.split.empty()) yaml += "      split: " + result.split + "\n";
  if (result.shots >= 0) {
    yaml += "      args:\n        num_few_shot: " + std::to_string(result.shots) + "\n";
  }
  yaml += "    metrics:\n    - type: " + result.metric_type +
          "\n      value: " + Fixed(result.value, result.digits) +
          "\n      name: " + result.metric_name + "\n";
  if (verified) yaml += "      verified: true\n";
  if (result.leaderboard) {
    yaml +=
        "    source:\n      url: https://huggingface.co/spaces/open-llm-leaderboard/"
        "open_llm_leaderboard\n      name: Open LLM Leaderboard\n";
  }
}

std::vector<Result> LeaderboardResults(int64_t parameters, SyntheticRandom& random) {
  double scale = std::log10(std::max<double>(static_cast<double>(parameters), 1e8) / 1e8);
  double mmlu = Clamp(0.25 + 0.14 * scale + 0.05 * random.Normal(), 0.23, 0.88);
  double arc = Clamp(0.9 * mmlu + 0.05 + 0.04 * random.Normal(), 0.2, 0.9);
  double hellaswag = Clamp(0.45 + 0.5 * mmlu + 0.03 * random.Normal(), 0.25, 0.93);
  double truthful = Clamp(0.35 + 0.25 * mmlu + 0.05 * random.Normal(), 0.2, 0.8);
  double winogrande = Clamp(0.55 + 0.35 * mmlu + 0.03 * random.Normal(), 0.5, 0.9);
  double gsm8k = Clamp(1.1 * mmlu - 0.15 + 0.1 * random.Normal(), 0.0, 0.92);
  bool leaderboard = random.Chance(0.5);
  double factor = leaderboard ? 100 : 1;
  int digits = leaderboard ? 2 : 4;
  auto make = [&](const char* type, const char* leaderboard_type, const char* name,
                  const char* leaderboard_name, const char* config, const char* split, int shots,
                  const char* metric, double value) {
    Result result;
    result.task = "text-generation";
    result.task_name = "Text Generation";
    result.dataset_type = leaderboard ? leaderboard_type : type;
    result.dataset_name = leaderboard ? leaderboard_name : name;
    result.config = leaderboard ? config : "";
    result.split = split;
    result.shots = shots;
    result.metric_type = metric;
    result.metric_name = std::string(metric) == "acc" ? "accuracy" : metric;
    result.value = value * factor;
    result.digits = digits;
    result.leaderboard = leaderboard;
    return result;
  };
  return {
      make("arc", "ai2_arc", "ARC", "AI2 Reasoning Challenge (25-Shot)", "ARC-Challenge", "test",
           25, "acc_norm", arc),
      make("hellaswag", "hellaswag", "HellaSwag", "HellaSwag (10-Shot)", "", "validation", 10,
           "acc_norm", hellaswag),
      make("mmlu", "cais/mmlu", "MMLU", "MMLU (5-Shot)", "all", "test", 5, "acc", mmlu),
      make("truthful_qa", "truthful_qa", "TruthfulQA", "TruthfulQA (0-shot)", "multiple_choice",
           "validation", 0, "mc2", truthful),
      make("winogrande", "winogrande", "Winogrande", "Winogrande (5-shot)", "winogrande_xl",
           "validation", 5, "acc", winogrande),
      make("gsm8k", "gsm8k", "GSM8K", "GSM8k (5-shot)", "main", "test", 5, "acc", gsm8k),
  };
}

std::vector<Result> TaskResults(const ModelCardFields& fields, SyntheticRandom& random) {
  const std::string& pipeline = fields.pipeline;
  std::string dataset = fields.datasets.empty() ? "imdb" : fields.datasets.front();
  auto result = [&](const char* metric, const char* metric_name, double value, int digits) {
    Result out;
    out.task = pipeline.empty() ? "other" : pipeline;
    out.task_name = out.task;
    out.dataset_type = dataset;
    out.dataset_name = dataset.substr(dataset.find('/') + 1);
    out.split = "test";
    out.metric_type = metric;
    out.metric_name = metric_name;
    out.value = value;
    out.digits = digits;
    return out;
  };
  if (pipeline == "automatic-speech-recognition") {
    return {result("wer", "Wer", random.Uniform(3, 35), 2)};
  }
  if (pipeline == "token-classification") {
    double f1 = random.Uniform(0.85, 0.95);
    return {result("precision", "Precision", f1 + random.Uniform(-0.02, 0.02), 4),
            result("recall", "Recall", f1 + random.Uniform(-0.02, 0.02), 4),
            result("f1", "F1", f1, 4), result("accuracy", "Accuracy", f1 + 0.07, 4)};
  }
  if (pipeline == "question-answering") {
    double f1 = random.Uniform(75, 92);
    return {result("exact_match", "Exact Match", f1 - random.Uniform(5, 9), 2),
            result("f1", "F1", f1, 2)};
  }
  double accuracy = random.Uniform(0.7, 0.97);
  return {result("accuracy", "Accuracy", accuracy, 4),
          result("f1", "F1", accuracy - random.Uniform(0, 0.03), 4)};
}

std::string Body(const ModelCardFields& fields, SyntheticRandom& random) {
  std::string name = Name(fields.id);
  std::string base = fields.base_models.empty() ? "" : fields.base_models.front();
  std::string dataset = fields.datasets.empty() ? "an unknown dataset" : fields.datasets.front();
  std::string body = "\n# " + name + "\n\n";
  switch (fields.kind) {
    case ModelKind::kQuantized:
      body += "Quantizations of [" + base + "](https://huggingface.co/" + base + ").\n\n" +
              "## Provided files\n\n| Name | Quant method | Bits | Use case |\n|---|---|---|---|\n"
              "| " +
              name +
              ".Q4_K_M.gguf | Q4_K_M | 4 | medium, balanced quality - recommended |\n"
              "| " +
              name +
              ".Q8_0.gguf | Q8_0 | 8 | very large, extremely low quality loss |\n\n"
              "## How to use\n\nRun with llama.cpp: `llama-cli -m " +
              name + ".Q4_K_M.gguf -p \"Hello\"`.\n";
      return body;
    case ModelKind::kMerge:
      body +=
          "This is a merge of pre-trained language models created using "
          "[mergekit](https://github.com/cg123/mergekit).\n\n## Merge Details\n### Merge "
          "Method\n\nThis model was merged using the SLERP merge method.\n\n### Models "
          "Merged\n\n";
      for (const auto& model : fields.base_models) body += "* [" + model + "](" + model + ")\n";
      return body;
    case ModelKind::kAdapter:
      body += "This is a LoRA adapter for [" + base + "](https://huggingface.co/" + base +
              "), trained on " + dataset + ".\n\n## Training procedure\n\n- PEFT 0." +
              std::to_string(7 + random.Below(7)) +
              ".0\n- r: " + std::to_string(8 << random.Below(4)) + "\n";
      return body;
    case ModelKind::kRoot:
    case ModelKind::kFinetune:
      break;
  }
  if (fields.kind == ModelKind::kFinetune && random.Chance(0.6)) {
    // The Trainer's generated card, the single most common body on the Hub.
    body += "This model is a fine-tuned version of [" + base + "](https://huggingface.co/" + base +
            ") on the " + dataset +
            " dataset.\nIt achieves the following results on the "
            "evaluation set:\n- Loss: " +
            Fixed(random.Uniform(0.05, 2.5), 4) +
            "\n\n## Model description\n\nMore information needed\n\n## Intended uses & "
            "limitations\n\nMore information needed\n\n## Training procedure\n\n### Training "
            "hyperparameters\n\n- learning_rate: " +
            (random.Chance(0.5) ? "2e-05" : "5e-05") +
            "\n- train_batch_size: " + std::to_string(8 << random.Below(3)) +
            "\n- seed: 42\n- optimizer: Adam with betas=(0.9,0.999) and epsilon=1e-08\n- "
            "num_epochs: " +
            std::to_string(1 + random.Below(5)) +
            "\n\n### Framework versions\n\n- Transformers 4." +
            std::to_string(30 + random.Below(17)) + ".0\n- Pytorch 2." +
            std::to_string(random.Below(6)) + ".0\n";
    return body;
  }
  body += "## Model Details\n\n- **Developed by:** " + fields.id.substr(0, fields.id.find('/')) +
          "\n- **Model type:** " + (fields.pipeline.empty() ? "other" : fields.pipeline) +
          "\n- **License:** " + (fields.license.empty() ? "unknown" : fields.license) + "\n";
  if (!base.empty()) body += "- **Finetuned from model:** " + base + "\n";
  body +=
      "\n## Uses\n\nIntended for research and experimentation.\n\n## Bias, Risks, and "
      "Limitations\n\nThe model may reproduce biases of its training data.\n\n## How to Get "
      "Started with the Model\n\n```python\nfrom transformers import pipeline\npipe = "
      "pipeline(\"" +
      (fields.pipeline.empty() ? "feature-extraction" : fields.pipeline) + "\", model=\"" +
      fields.id + "\")\n```\n";
  return body;
}

int DtypeBytes(const std::string& dtype) {
  if (dtype == "F32" || dtype == "I32") return 4;
  if (dtype == "U8" || dtype == "I8") return 1;
  return 2;
}

}  // namespace

std::string ModelCard(const ModelCardFields& fields, SyntheticRandom& random) {
  std::string yaml = "---\n";
  if (!fields.library.empty()) yaml += "library_name: " + fields.library + "\n";
  if (!fields.license.empty()) yaml += "license: " + fields.license + "\n";
  List(yaml, "language", fields.languages);
  List(yaml, "base_model", fields.base_models);
  if (!fields.relation.empty()) yaml += "base_model_relation: " + fields.relation + "\n";
  List(yaml, "datasets", fields.datasets);
  List(yaml, "tags", fields.tags);
  if (!fields.pipeline.empty()) yaml += "pipeline_tag: " + fields.pipeline + "\n";
  if (fields.model_index) {
    std::vector<Result> results = fields.pipeline == "text-generation"
                                      ? LeaderboardResults(fields.parameters, random)
                                      : TaskResults(fields, random);
    yaml += "model-index:\n- name: " + Name(fields.id) + "\n  results:\n";
    for (const Result& result : results) WriteResult(yaml, result, fields.verified);
  }
  yaml += "---\n";
  return yaml + Body(fields, random);
}

std::string ModelConfig(const std::string& model_type, const std::string& architecture,
                        int64_t parameters, const std::string& quantization) {
  int hidden = parameters > 3'000'000'000 ? 4096 : parameters > 500'000'000 ? 2048 : 768;
  nlohmann::json config = {
      {"architectures", nlohmann::json::array({architecture})},
      {"model_type", model_type},
      {"hidden_size", hidden},
      {"num_hidden_layers", std::clamp<int64_t>(parameters / (12LL * hidden * hidden), 2, 96)},
      {"torch_dtype", parameters > 1'000'000'000 ? "bfloat16" : "float32"},
      {"transformers_version", "4.46.2"},
  };
  if (quantization == "awq" || quantization == "gptq") {
    config["quantization_config"] = {
        {"quant_method", quantization}, {"bits", 4}, {"group_size", 128}};
  } else if (quantization == "bitsandbytes") {
    config["quantization_config"] = {
        {"quant_method", "bitsandbytes"}, {"load_in_4bit", true}, {"bnb_4bit_quant_type", "nf4"}};
  }
  return config.dump(2) + "\n";
}

std::string AdapterConfig(const std::string& base_model, int rank, const std::string& pipeline) {
  nlohmann::json config = {
      {"base_model_name_or_path", base_model},
      {"peft_type", "LORA"},
      {"r", rank},
      {"lora_alpha", rank * 2},
      {"lora_dropout", 0.05},
      {"target_modules", {"q_proj", "k_proj", "v_proj", "o_proj"}},
      {"task_type", pipeline == "text-generation" ? "CAUSAL_LM" : "SEQ_CLS"},
  };
  return config.dump(2) + "\n";
}

std::string SafetensorsHeaderOnly(int64_t parameters, const std::string& dtype) {
  int64_t hidden = parameters > 3'000'000'000 ? 4096 : parameters >= 1'000'000 ? 768 : 16;
  int64_t vocab = std::min<int64_t>(parameters / hidden / 4, 32000);
  int64_t rest = parameters - vocab * hidden;
  int64_t bytes = DtypeBytes(dtype);
  nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
  int64_t offset = 0;
  auto add = [&](const char* name, std::vector<int64_t> shape) {
    int64_t count = 1;
    for (int64_t dim : shape) count *= dim;
    if (count == 0) return;
    header[name] = {
        {"dtype", dtype}, {"shape", shape}, {"data_offsets", {offset, offset + count * bytes}}};
    offset += count * bytes;
  };
  add("model.embed_tokens.weight", {vocab, hidden});
  add("model.layers.weight", {rest / hidden, hidden});
  add("model.norm.weight", {rest % hidden});
  std::string json = header.dump();
  while (json.size() % 8 != 0) json += ' ';  // the format aligns the data that would follow
  std::string file(8, '\0');
  uint64_t length = json.size();
  for (int i = 0; i < 8; ++i) file[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
  return file + json;
}

std::string DatasetCard(const std::string& id, const std::string& task, const std::string& license,
                        const std::vector<std::string>& languages, const std::string& size,
                        SyntheticRandom& random) {
  std::string yaml = "---\n";
  if (!license.empty()) yaml += "license: " + license + "\n";
  if (!task.empty()) yaml += "task_categories:\n- " + task + "\n";
  if (!languages.empty()) {
    yaml += "language:\n";
    for (const auto& language : languages) yaml += "- " + language + "\n";
  }
  yaml += "size_categories:\n- " + size + "\n";
  if (random.Chance(0.4)) yaml += "tags:\n- synthetic\n";
  yaml += "pretty_name: " + Name(id) + "\n---\n\n# Dataset Card for " + Name(id) +
          "\n\n## Dataset Summary\n\nA collection of examples for " +
          (task.empty() ? "general use" : task) +
          ".\n\n## Dataset Structure\n\nOne split, `train`, in Parquet.\n";
  return yaml;
}

std::string SpaceCard(const std::string& title, const std::string& sdk, const std::string& license,
                      const std::vector<std::string>& models, SyntheticRandom& random) {
  static constexpr const char* kEmoji[] = {"🚀", "🤗", "🔥", "🐢", "📚", "🎨", "💬", "🏆"};
  static constexpr const char* kColors[] = {"red",    "yellow", "green", "blue",
                                            "indigo", "purple", "pink",  "gray"};
  std::string yaml = "---\ntitle: " + title + "\nemoji: " + kEmoji[random.Below(8)] +
                     "\ncolorFrom: " + kColors[random.Below(8)] +
                     "\ncolorTo: " + kColors[random.Below(8)] + "\nsdk: " + sdk + "\n";
  if (sdk == "gradio") yaml += "sdk_version: 4." + std::to_string(random.Below(45)) + ".0\n";
  if (sdk == "gradio" || sdk == "streamlit") yaml += "app_file: app.py\n";
  yaml += "pinned: false\n";
  if (!license.empty()) yaml += "license: " + license + "\n";
  if (!models.empty()) {
    yaml += "models:\n";
    for (const auto& model : models) yaml += "- " + model + "\n";
  }
  return yaml +
         "---\n\nCheck out the configuration reference at "
         "https://huggingface.co/docs/hub/spaces-config-reference\n";
}

}  // namespace modelhub::hub::internal
