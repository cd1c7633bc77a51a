// RepoService::Info: everything repo info can show, derived from the tree at a revision. Derived
// values (card metadata, safetensors counts) are cached by the immutable ids of their inputs.
#include <unistd.h>

#include "modelhub/card/front_matter.h"
#include "modelhub/hub/internal/entries.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/hub/safetensors.h"
#include "modelhub/hub/tags.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::hub {

using storage::TransactionMode;

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

// Reads the header of an LFS .safetensors object from the blob store.
core::Result<std::optional<SafetensorsInfo>> SafetensorsFromBlob(storage::BlobStore& blobs,
                                                                 std::string_view sha256) {
  auto file = blobs.Open(sha256);
  if (!file) return std::optional<SafetensorsInfo>();
  char prefix[8];
  if (pread((*file)->fd(), prefix, sizeof prefix, 0) != 8) {
    return std::optional<SafetensorsInfo>();
  }
  auto length = SafetensorsHeaderLength(std::string_view(prefix, 8));
  if (!length || *length + 8 > (*file)->size()) return std::optional<SafetensorsInfo>();
  std::string header(*length, '\0');
  if (pread((*file)->fd(), header.data(), header.size(), 8) != static_cast<ssize_t>(*length)) {
    return std::optional<SafetensorsInfo>();
  }
  auto info = ParseSafetensorsHeader(header);
  if (!info) return std::optional<SafetensorsInfo>();
  return std::optional<SafetensorsInfo>(std::move(*info));
}

std::optional<SafetensorsInfo> SafetensorsFromContent(std::string_view content) {
  auto length = SafetensorsHeaderLength(content);
  if (!length || *length + 8 > content.size()) return std::nullopt;
  auto info = ParseSafetensorsHeader(content.substr(8, *length));
  if (!info) return std::nullopt;
  return std::move(*info);
}

}  // namespace

core::Result<RepoInfo> RepoService::Info(const Caller& caller, const RepoKey& key,
                                         std::string_view revision) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, lookup.record.row_id));
  RepoInfo info;
  info.record = lookup.record;
  MH_ASSIGN_OR_RETURN(info.sha,
                      internal::ResolveRevisionIn(*txn, *git, lookup.record.row_id, revision));
  MH_ASSIGN_OR_RETURN(auto commit, git->ReadCommit(info.sha));
  info.last_modified = commit.committer.time_seconds * 1000;
  MH_ASSIGN_OR_RETURN(auto tree, git->ListTree(commit.tree, "", /*recursive=*/true));

  std::vector<std::string> paths;
  SafetensorsInfo safetensors_total;
  bool has_safetensors = false;
  for (const auto& tree_entry : tree) {
    if (tree_entry.is_directory) continue;
    MH_ASSIGN_OR_RETURN(auto entry, internal::ToEntry(*git, *impl_, tree_entry));
    info.used_storage += static_cast<int64_t>(entry.size);
    paths.push_back(entry.path);

    if (entry.path == "README.md" && tree_entry.size <= kMaxCardBytes) {
      auto card = impl_->cards.Get(entry.oid);
      if (!card) {
        MH_ASSIGN_OR_RETURN(std::string text, git->ReadBlob(entry.oid));
        auto parsed = card::ParseCardMetadata(text);
        card = parsed ? CardParse{*parsed, ""} : CardParse{nullptr, parsed.error().message};
        impl_->cards.Put(entry.oid, *card);
      }
      info.card_data = card->data;
      info.card_error = card->error;
    } else if (entry.path == "config.json" && !entry.lfs && tree_entry.size <= kMaxConfigBytes) {
      MH_ASSIGN_OR_RETURN(std::string text, git->ReadBlob(entry.oid));
      auto config = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (!config.is_discarded()) info.config = ConfigSubset(config);
    } else if (entry.path.ends_with(".safetensors")) {
      std::string cache_key = entry.lfs ? "lfs:" + entry.lfs->sha256 : entry.oid;
      auto counts = impl_->safetensors.Get(cache_key);
      if (!counts) {
        if (entry.lfs) {
          MH_ASSIGN_OR_RETURN(counts, SafetensorsFromBlob(blobs_, entry.lfs->sha256));
        } else {
          MH_ASSIGN_OR_RETURN(std::string content, git->ReadBlob(entry.oid));
          counts = SafetensorsFromContent(content);
        }
        impl_->safetensors.Put(cache_key, *counts);
      }
      if (*counts) {
        has_safetensors = true;
        for (const auto& [dtype, count] : (*counts)->parameters) {
          safetensors_total.parameters[dtype] += count;
        }
        safetensors_total.total += (*counts)->total;
      }
    }
    info.siblings.push_back(std::move(entry));
  }
  if (has_safetensors) info.safetensors = std::move(safetensors_total);
  if (info.card_data.is_object()) {
    if (info.card_data.contains("pipeline_tag") && info.card_data["pipeline_tag"].is_string()) {
      info.pipeline_tag = info.card_data["pipeline_tag"].get<std::string>();
    }
    if (info.card_data.contains("library_name") && info.card_data["library_name"].is_string()) {
      info.library_name = info.card_data["library_name"].get<std::string>();
    }
  }
  info.tags = DeriveTags(key.type, info.card_data, paths);
  return info;
}

}  // namespace modelhub::hub
