#include "modelhub/hub/catalogue_generator.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "modelhub/hub/internal/synthetic_catalogue.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/storage/metastore/batched_metastore.h"

namespace modelhub::hub {
namespace {

using internal::SyntheticRepo;

// Columns that only some schema versions have (the trending counter of `repos` arrives with a
// later migration); the generator fills what exists.
core::Result<bool> HasColumn(storage::Metastore& metastore, const std::string& table,
                             const std::string& column) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore.Begin(storage::TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto rows, txn->Query("SELECT name FROM pragma_table_info(?)", {table}));
  for (const storage::Row& row : rows) {
    if (row.Text(0) == column) return true;
  }
  return false;
}

// Content-addressed LFS objects: most synthetic repos share a few hundred distinct headers, so
// each is written (and fsynced) once.
class BlobPool {
 public:
  explicit BlobPool(storage::BlobStore& blobs) : blobs_(blobs) {}

  core::Result<storage::BlobInfo> Put(const std::string& content) {
    if (auto found = written_.find(content); found != written_.end()) return found->second;
    MH_ASSIGN_OR_RETURN(auto writer, blobs_.BeginWrite());
    MH_RETURN_IF_ERROR(writer->Write(content));
    MH_ASSIGN_OR_RETURN(auto blob, writer->Commit(std::nullopt, content.size()));
    written_.emplace(content, blob);
    return blob;
  }

  size_t size() const { return written_.size(); }

 private:
  storage::BlobStore& blobs_;
  std::unordered_map<std::string, storage::BlobInfo> written_;
};

struct Columns {
  bool repo_trending = false;
  bool repo_downloads_all_time = false;
  bool catalog_trending = false;
};

core::Status CreateOne(RepoService& service, storage::Metastore& metastore, BlobPool& pool,
                       const Caller& caller, const Columns& columns, const SyntheticRepo& repo) {
  RepoKey key{repo.type, repo.id};
  MH_ASSIGN_OR_RETURN(auto record, service.CreateRepo(caller, key, repo.is_private, repo.sdk));
  CommitRequest request;
  request.summary = "Upload " + repo.id.name;
  using Kind = CommitOperation::Kind;
  for (const auto& file : repo.files) {
    if (file.lfs) {
      MH_ASSIGN_OR_RETURN(auto blob, pool.Put(file.content));
      request.operations.push_back({Kind::kLfsFile, file.path, "", blob.sha256, blob.size});
    } else {
      request.operations.push_back({Kind::kFile, file.path, file.content, "", std::nullopt});
    }
  }
  MH_RETURN_IF_ERROR(service.Commit(caller, key, request));
  if (!repo.gated.empty()) {
    MH_RETURN_IF_ERROR(service.UpdateSettings(caller, key, std::nullopt, repo.gated));
  }

  MH_ASSIGN_OR_RETURN(auto txn, metastore.Begin(storage::TransactionMode::kWrite));
  MH_RETURN_IF_ERROR(txn->Execute(
      "UPDATE repos SET downloads = ?, likes = ?, created_at = ?, updated_at = ? WHERE id = ?",
      {repo.downloads, repo.likes, repo.created_at, repo.last_modified, record.row_id}));
  if (columns.repo_downloads_all_time) {
    MH_RETURN_IF_ERROR(txn->Execute("UPDATE repos SET downloads_all_time = ? WHERE id = ?",
                                    {repo.downloads_all_time, record.row_id}));
  }
  if (columns.repo_trending) {
    MH_RETURN_IF_ERROR(
        txn->Execute("UPDATE repos SET trending = ? WHERE id = ?", {repo.trending, record.row_id}));
  }
  // The index row keeps the commit's date; the synthetic timeline replaces it.
  MH_RETURN_IF_ERROR(txn->Execute("UPDATE catalog_rows SET last_modified = ? WHERE repo_id = ?",
                                  {repo.last_modified, record.row_id}));
  if (columns.catalog_trending) {
    MH_RETURN_IF_ERROR(txn->Execute("UPDATE catalog_rows SET trending = ? WHERE repo_id = ?",
                                    {repo.trending, record.row_id}));
  }
  return txn->Commit();
}

}  // namespace

core::Result<CatalogueStats> GenerateCatalogue(storage::Metastore& metastore,
                                               storage::BlobStore& blobs, const CatalogueSpec& spec,
                                               const CatalogueOptions& options) {
  Columns columns;
  MH_ASSIGN_OR_RETURN(columns.repo_trending, HasColumn(metastore, "repos", "trending"));
  MH_ASSIGN_OR_RETURN(columns.repo_downloads_all_time,
                      HasColumn(metastore, "repos", "downloads_all_time"));
  MH_ASSIGN_OR_RETURN(columns.catalog_trending, HasColumn(metastore, "catalog_rows", "trending"));

  storage::BatchedMetastore batched(metastore);
  RepoService service(batched, blobs);
  BlobPool pool(blobs);
  // The generator acts as the system (an admin that is no user row), like RecordLfsObject.
  const Caller system = SystemCaller();

  internal::SyntheticCatalogue catalogue(spec.seed, spec.models, spec.datasets, spec.spaces);
  size_t batch_size = std::max<size_t>(1, options.repos_per_transaction);
  CatalogueStats stats;
  while (!catalogue.Done()) {
    SyntheticRepo repo = catalogue.Next();
    auto created = CreateOne(service, batched, pool, system, columns, repo);
    if (!created) {
      MH_RETURN_IF_ERROR(batched.Flush());
      return core::Unexpected(created.error().code,
                              "generating " + repo.id.ToString() + ": " + created.error().message);
    }
    ++stats.repos;
    if (stats.repos % batch_size == 0 || catalogue.Done()) {
      MH_RETURN_IF_ERROR(batched.Flush());
      if (options.progress) options.progress(stats.repos, catalogue.size());
    }
  }
  stats.lfs_objects = pool.size();
  return stats;
}

}  // namespace modelhub::hub
