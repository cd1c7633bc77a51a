// RepoService::Search: catalogue listings from the index rows (never from per-repo Info calls),
// filtered by the one visibility predicate, CanRead.
#include "modelhub/hub/repo_service.h"
#include "modelhub/search/catalog_query.h"

namespace modelhub::hub {
namespace {

RepoInfo InfoFromHit(core::RepoType type, search::CatalogHit hit) {
  RepoInfo info;
  RepoRecord& record = info.record;
  record.row_id = hit.repo_id;
  record.key = RepoKey{type, core::RepoId{std::move(hit.ns), std::move(hit.name)}};
  record.is_private = hit.is_private;
  record.gated = std::move(hit.gated);
  record.sdk = std::move(hit.sdk);
  record.created_at = hit.created_at;
  record.updated_at = hit.updated_at;
  record.downloads = hit.downloads;
  record.downloads_all_time = hit.downloads_all_time;
  record.likes = hit.likes;
  record.trending = hit.trending;
  record.head_sha = hit.sha;
  info.sha = std::move(hit.sha);
  info.last_modified = hit.last_modified;
  for (std::string& path : hit.siblings) {
    Entry entry;
    entry.path = std::move(path);
    info.siblings.push_back(std::move(entry));
  }
  info.card_data = std::move(hit.card_data);
  info.tags = std::move(hit.tags);
  info.pipeline_tag = std::move(hit.pipeline_tag);
  info.library_name = std::move(hit.library_name);
  info.config = std::move(hit.config);
  info.safetensors = std::move(hit.safetensors);
  info.used_storage = hit.used_storage;
  return info;
}

}  // namespace

core::Result<RepoInfoPage> RepoService::Search(const Caller& caller,
                                               const search::CatalogQuery& query) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(storage::TransactionMode::kRead));
  auto visible = [&caller, &query](const std::string& ns, const std::string& name,
                                   bool is_private) {
    return CanRead(caller, RepoKey{query.type, core::RepoId{ns, name}}, is_private);
  };
  MH_ASSIGN_OR_RETURN(auto page, search::RunCatalogQuery(*txn, query, visible));
  RepoInfoPage out;
  out.next_cursor = std::move(page.next_cursor);
  out.repos.reserve(page.hits.size());
  for (search::CatalogHit& hit : page.hits)
    out.repos.push_back(InfoFromHit(query.type, std::move(hit)));
  return out;
}

}  // namespace modelhub::hub
