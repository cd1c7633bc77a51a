// Vocabulary of the synthetic catalogue: base models, tasks, libraries, licenses, languages and
// name parts, each with a weight that approximates its frequency on the public Hub (2024-2025).
#ifndef MODELHUB_HUB_INTERNAL_SYNTHETIC_VOCAB_H_
#define MODELHUB_HUB_INTERNAL_SYNTHETIC_VOCAB_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace modelhub::hub::internal {

// A well-known base model that the catalogue starts with; derived models inherit its family.
struct Foundation {
  const char* id;
  const char* family;  // short name used in derived repo names
  const char* pipeline;
  const char* library;
  const char* license;
  int64_t parameters;
  const char* model_type;    // config.json
  const char* architecture;  // config.json architectures[0]
  const char* gated;         // "", "auto" or "manual"
  double popularity;         // weight as a parent, and a download multiplier
};

// A weighted string choice.
struct Choice {
  const char* value;
  double weight;
};

std::span<const Foundation> Foundations();

// Tasks of models trained from scratch; "" is no pipeline_tag.
std::span<const Choice> ModelPipelines();
// The library a model of `pipeline` most likely uses (several, weighted).
std::span<const Choice> LibrariesFor(std::string_view pipeline);
// Licenses of original work; "" is no license field.
std::span<const Choice> Licenses();
// Language lists, '|'-separated ("" = none).
std::span<const Choice> LanguageSets();
// Training datasets by pipeline.
std::span<const Choice> TrainingDatasets(std::string_view pipeline);
// Name suffixes of fine-tunes by pipeline.
std::span<const Choice> FinetuneSuffixes(std::string_view pipeline);
// Namespaces that publish quantisations.
std::span<const Choice> Quantizers();
// The best-known namespaces, in order of size (the head of the namespace power law).
std::span<const char* const> TopNamespaces();
std::span<const char* const> NameSyllables();
// Dataset task categories and name parts; space SDKs and name parts.
std::span<const Choice> DatasetTasks();
std::span<const char* const> DatasetTopics();
std::span<const Choice> SpaceSdks();
std::span<const char* const> SpaceWords();

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_SYNTHETIC_VOCAB_H_
