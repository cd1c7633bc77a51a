// File contents of the synthetic catalogue: model cards with YAML front matter (and sometimes a
// model-index), config.json, adapter configs, header-only safetensors files, dataset and space
// cards. Pure functions of their arguments and the random stream they are given.
#ifndef MODELHUB_HUB_INTERNAL_SYNTHETIC_CONTENT_H_
#define MODELHUB_HUB_INTERNAL_SYNTHETIC_CONTENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "modelhub/hub/internal/synthetic_random.h"

namespace modelhub::hub::internal {

// How a model came about; decides its card body, files and base_model fields.
enum class ModelKind { kRoot, kFinetune, kAdapter, kQuantized, kMerge };

struct ModelCardFields {
  std::string id;  // namespace/name
  ModelKind kind = ModelKind::kRoot;
  std::string pipeline, library, license;  // "" = field absent
  std::vector<std::string> languages, base_models, datasets, tags;
  std::string relation;  // base_model_relation, written when not empty
  int64_t parameters = 0;
  bool model_index = false;  // add evaluation results
  bool verified = false;     // mark them verified
};

std::string ModelCard(const ModelCardFields& fields, SyntheticRandom& random);

// config.json of a transformers-style model; `quantization` ("awq", "gptq", "bitsandbytes" or "")
// adds a quantization_config.
std::string ModelConfig(const std::string& model_type, const std::string& architecture,
                        int64_t parameters, const std::string& quantization);
std::string AdapterConfig(const std::string& base_model, int rank, const std::string& pipeline);

// A safetensors file that holds only its header: tensors of `dtype` whose element counts sum to
// `parameters` (their data offsets point past the end, which the header parser never checks).
std::string SafetensorsHeaderOnly(int64_t parameters, const std::string& dtype);

std::string DatasetCard(const std::string& id, const std::string& task, const std::string& license,
                        const std::vector<std::string>& languages, const std::string& size,
                        SyntheticRandom& random);
std::string SpaceCard(const std::string& title, const std::string& sdk, const std::string& license,
                      const std::vector<std::string>& models, SyntheticRandom& random);

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_SYNTHETIC_CONTENT_H_
