#include "modelhub/cli/demo_repo.h"

#include <cstring>

#include <nlohmann/json.hpp>

namespace modelhub::cli {
namespace {

constexpr char kCard[] = R"(---
license: apache-2.0
language:
- en
library_name: transformers
pipeline_tag: text-classification
tags:
- demo
---

# demo-model

A tiny demonstration model seeded by `modelhub serve --seed-demo`. Its weights are random and it
is not meant for any real use.

## How to use

```python
from huggingface_hub import hf_hub_download
path = hf_hub_download("admin/demo-model", "config.json")  # with HF_ENDPOINT set to this hub
```

## Limitations

The weights are random numbers; predictions are meaningless.
)";

constexpr char kConfig[] = R"({
  "architectures": ["DemoForSequenceClassification"],
  "model_type": "demo",
  "hidden_size": 16,
  "num_labels": 2
}
)";

// A valid safetensors file: two float32 tensors (16x16 and 16x2) filled with a fixed pattern.
std::string DemoSafetensors() {
  nlohmann::json header = {
      {"__metadata__", {{"format", "pt"}}},
      {"classifier.weight", {{"dtype", "F32"}, {"shape", {16, 2}}, {"data_offsets", {0, 128}}}},
      {"encoder.weight", {{"dtype", "F32"}, {"shape", {16, 16}}, {"data_offsets", {128, 1152}}}},
  };
  std::string json = header.dump();
  while ((json.size() + 8) % 8 != 0) json += ' ';  // the format aligns data to 8 bytes
  std::string file(8, '\0');
  uint64_t length = json.size();
  for (int i = 0; i < 8; ++i) file[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
  file += json;
  for (int i = 0; i < 16 * 2 + 16 * 16; ++i) {
    float value = static_cast<float>((i * 37) % 101) / 101.0f - 0.5f;
    char bytes[4];
    std::memcpy(bytes, &value, 4);
    file.append(bytes, 4);
  }
  return file;
}

}  // namespace

core::Result<bool> SeedDemoRepo(hub::RepoService& service, const hub::Caller& owner) {
  hub::RepoKey key{core::RepoType::kModel, core::RepoId{owner.name, "demo-model"}};
  if (service.FindRepo(owner, key).has_value()) return false;
  MH_RETURN_IF_ERROR(service.CreateRepo(owner, key, /*is_private=*/false, ""));

  std::string weights = DemoSafetensors();
  MH_ASSIGN_OR_RETURN(auto writer, service.blobs().BeginWrite());
  MH_RETURN_IF_ERROR(writer->Write(weights));
  MH_ASSIGN_OR_RETURN(auto blob, writer->Commit(std::nullopt, weights.size()));

  hub::CommitRequest request;
  request.summary = "Add demo model";
  using Kind = hub::CommitOperation::Kind;
  request.operations.push_back({Kind::kFile, "README.md", kCard, "", std::nullopt});
  request.operations.push_back({Kind::kFile, "config.json", kConfig, "", std::nullopt});
  request.operations.push_back({Kind::kLfsFile, "model.safetensors", "", blob.sha256, blob.size});
  MH_RETURN_IF_ERROR(service.Commit(owner, key, request));
  return true;
}

}  // namespace modelhub::cli
