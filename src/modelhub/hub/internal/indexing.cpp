#include "modelhub/hub/internal/indexing.h"

#include "modelhub/hub/internal/entries.h"
#include "modelhub/search/catalog_index.h"

namespace modelhub::hub::internal {
namespace {

std::vector<search::FileRef> FileRefs(const std::vector<Entry>& files) {
  std::vector<search::FileRef> refs;
  refs.reserve(files.size());
  for (const Entry& entry : files) {
    search::FileRef ref{entry.path, entry.oid, entry.size, std::nullopt};
    if (entry.lfs) ref.lfs = entry.lfs->sha256;
    refs.push_back(std::move(ref));
  }
  return refs;
}

}  // namespace

core::Result<std::vector<Entry>> TreeFiles(storage::GitRepo& git, ServiceState& state,
                                           std::string_view tree) {
  MH_ASSIGN_OR_RETURN(auto tree_entries, git.ListTree(std::string(tree), "", /*recursive=*/true));
  std::vector<Entry> files;
  files.reserve(tree_entries.size());
  for (const auto& tree_entry : tree_entries) {
    if (tree_entry.is_directory) continue;
    MH_ASSIGN_OR_RETURN(auto entry, ToEntry(git, state, tree_entry));
    files.push_back(std::move(entry));
  }
  return files;
}

core::Result<search::RepoFacts> FactsOf(core::RepoType type, storage::GitRepo& git,
                                        storage::BlobStore& blobs, ServiceState& state,
                                        const std::vector<Entry>& files) {
  return search::DeriveRepoFacts(type, git, blobs, FileRefs(files), state.facts);
}

core::Status IndexHead(storage::Transaction& txn, storage::GitRepo& git, storage::BlobStore& blobs,
                       ServiceState& state, core::RepoType type, int64_t repo_id,
                       std::string_view commit) {
  MH_ASSIGN_OR_RETURN(auto head, git.ReadCommit(std::string(commit)));
  MH_ASSIGN_OR_RETURN(auto files, TreeFiles(git, state, head.tree));
  auto refs = FileRefs(files);
  MH_ASSIGN_OR_RETURN(auto facts, search::DeriveRepoFacts(type, git, blobs, refs, state.facts));
  return search::WriteCatalogEntry(txn, repo_id, commit, head.committer.time_seconds * 1000, facts,
                                   refs);
}

}  // namespace modelhub::hub::internal
