// RepoService::Reindex (`modelhub admin reindex`): the catalogue rebuilt from the repos alone, one
// repo per write transaction, exactly as a commit to main indexes it — so a rebuilt index equals
// the one the commits maintained.
#include "modelhub/hub/internal/indexing.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/search/catalog_index.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::hub {

using storage::TransactionMode;

core::Result<size_t> RepoService::Reindex(const ReindexProgress& progress) {
  std::vector<std::pair<int64_t, core::RepoType>> repos;
  {
    MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
    // Index rows of repos that no longer exist (none, unless written by an older version).
    for (const char* table : {"catalog_rows", "catalog_tags", "catalog_evals"}) {
      MH_RETURN_IF_ERROR(txn->Execute(std::string("DELETE FROM ") + table +
                                      " WHERE repo_id NOT IN (SELECT id FROM repos)"));
    }
    MH_ASSIGN_OR_RETURN(auto rows, txn->Query("SELECT id, type FROM repos ORDER BY id"));
    MH_RETURN_IF_ERROR(txn->Commit());
    repos.reserve(rows.size());
    for (const storage::Row& row : rows) {
      auto type = core::ParseRepoType(row.Text(1));
      if (type) repos.emplace_back(row.Int(0), *type);
    }
  }
  size_t done = 0;
  for (const auto& [repo_id, type] : repos) {
    MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
    MH_ASSIGN_OR_RETURN(auto head, storage::ReadRef(*txn, repo_id, "refs/heads/main"));
    if (head) {
      MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, repo_id));
      MH_RETURN_IF_ERROR(internal::IndexHead(*txn, *git, blobs_, *impl_, type, repo_id, *head));
    } else {
      // A repo whose main branch was deleted still lists (every repo has a catalogue row), with
      // nothing derived from files.
      MH_RETURN_IF_ERROR(search::WriteCatalogEntry(*txn, repo_id, "", 0, search::RepoFacts{}, {}));
    }
    MH_RETURN_IF_ERROR(txn->Commit());
    ++done;
    if (progress) progress(done, repos.size());
  }
  return done;
}

}  // namespace modelhub::hub
