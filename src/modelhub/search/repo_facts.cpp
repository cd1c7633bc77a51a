#include "modelhub/search/repo_facts.h"

#include <unistd.h>

#include "modelhub/card/front_matter.h"
#include "modelhub/card/model_card.h"
#include "modelhub/card/model_index.h"
#include "modelhub/card/trust.h"
#include "modelhub/search/tags.h"

namespace modelhub::search {
namespace {

constexpr uint64_t kMaxConfigBytes = 4 * 1024 * 1024;
constexpr uint64_t kMaxCardBytes = 8 * 1024 * 1024;

// The part of config.json the Hub exposes as `config`.
nlohmann::json ConfigSubset(const nlohmann::json& config) {
  nlohmann::json subset = nlohmann::json::object();
  if (!config.is_object()) return subset;
  for (const char* key : {"architectures", "model_type", "quantization_config", "tokenizer_config",
                          "task_specific_params", "auto_map"}) {
    if (config.contains(key)) subset[key] = config[key];
  }
  return subset;
}

// Reads the header of an LFS .safetensors object from the blob store; an object that is missing
// or malformed has no counts rather than failing the whole repo.
std::optional<SafetensorsInfo> SafetensorsFromBlob(storage::BlobStore& blobs,
                                                   std::string_view sha256) {
  auto file = blobs.Open(sha256);
  if (!file) return std::nullopt;
  char prefix[8];
  if (pread((*file)->fd(), prefix, sizeof prefix, 0) != 8) return std::nullopt;
  auto length = SafetensorsHeaderLength(std::string_view(prefix, 8));
  if (!length || *length + 8 > (*file)->size()) return std::nullopt;
  std::string header(*length, '\0');
  if (pread((*file)->fd(), header.data(), header.size(), 8) != static_cast<ssize_t>(*length)) {
    return std::nullopt;
  }
  auto info = ParseSafetensorsHeader(header);
  if (!info) return std::nullopt;
  return std::move(*info);
}

std::optional<SafetensorsInfo> SafetensorsFromContent(std::string_view content) {
  auto length = SafetensorsHeaderLength(content);
  if (!length || *length + 8 > content.size()) return std::nullopt;
  auto info = ParseSafetensorsHeader(content.substr(8, *length));
  if (!info) return std::nullopt;
  return std::move(*info);
}

CardParse ParseReadme(std::string_view text) {
  auto metadata = card::ParseCardMetadata(text);
  CardParse parse =
      metadata ? CardParse{*metadata, "", 0} : CardParse{nullptr, metadata.error().message, 0};
  card::Card card;
  card::ParseCard(text, &card);
  parse.trust_score = card::AssessTrust(card, card::ParseModelIndex(card.metadata)).score;
  return parse;
}

std::optional<std::string> StringField(const nlohmann::json& card, const char* key) {
  if (!card.is_object() || !card.contains(key) || !card[key].is_string()) return std::nullopt;
  return card[key].get<std::string>();
}

}  // namespace

core::Result<RepoFacts> DeriveRepoFacts(core::RepoType type, storage::GitRepo& git,
                                        storage::BlobStore& blobs,
                                        const std::vector<FileRef>& files, FactsCache& cache) {
  RepoFacts facts;
  std::vector<std::string> paths;
  SafetensorsInfo safetensors_total;
  bool has_safetensors = false;
  for (const FileRef& file : files) {
    facts.used_storage += static_cast<int64_t>(file.size);
    paths.push_back(file.path);
    if (file.path == "README.md" && !file.lfs && file.size <= kMaxCardBytes) {
      auto card = cache.cards.Get(file.oid);
      if (!card) {
        MH_ASSIGN_OR_RETURN(std::string text, git.ReadBlob(file.oid));
        card = ParseReadme(text);
        cache.cards.Put(file.oid, *card);
      }
      facts.card_data = card->data;
      facts.card_error = card->error;
      facts.trust_score = card->trust_score;
    } else if (file.path == "config.json" && !file.lfs && file.size <= kMaxConfigBytes) {
      MH_ASSIGN_OR_RETURN(std::string text, git.ReadBlob(file.oid));
      auto config = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (!config.is_discarded()) facts.config = ConfigSubset(config);
    } else if (file.path.ends_with(".safetensors")) {
      std::string cache_key = file.lfs ? "lfs:" + *file.lfs : file.oid;
      auto counts = cache.safetensors.Get(cache_key);
      if (!counts) {
        if (file.lfs) {
          counts = SafetensorsFromBlob(blobs, *file.lfs);
        } else {
          MH_ASSIGN_OR_RETURN(std::string content, git.ReadBlob(file.oid));
          counts = SafetensorsFromContent(content);
        }
        cache.safetensors.Put(cache_key, *counts);
      }
      if (*counts) {
        has_safetensors = true;
        for (const auto& [dtype, count] : (*counts)->parameters) {
          safetensors_total.parameters[dtype] += count;
        }
        safetensors_total.total += (*counts)->total;
      }
    }
  }
  if (has_safetensors) facts.safetensors = std::move(safetensors_total);
  facts.pipeline_tag = StringField(facts.card_data, "pipeline_tag");
  facts.library_name = StringField(facts.card_data, "library_name");
  if (type == core::RepoType::kModel) {
    if (!facts.library_name) facts.library_name = InferLibrary(paths);
    if (!facts.pipeline_tag && facts.library_name == "transformers") {
      facts.pipeline_tag = InferPipelineTag(facts.config);
    }
  }
  facts.tags = DeriveTags(
      {type, facts.card_data, paths, facts.config, facts.library_name, facts.pipeline_tag});
  return facts;
}

}  // namespace modelhub::search
