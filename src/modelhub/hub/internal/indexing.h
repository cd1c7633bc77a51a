// The bridge from a commit's tree to the search module: the tree's files as protocol entries,
// their derived facts (search::DeriveRepoFacts, shared with repo info) and the catalogue update
// that runs inside the transaction that moves main.
#ifndef MODELHUB_HUB_INTERNAL_INDEXING_H_
#define MODELHUB_HUB_INTERNAL_INDEXING_H_

#include <string>
#include <string_view>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/repo_types.h"
#include "modelhub/search/repo_facts.h"
#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub::internal {

// Every file (not directory) of `tree`, recursively, as entries with LFS pointers resolved.
core::Result<std::vector<Entry>> TreeFiles(storage::GitRepo& git, ServiceState& state,
                                           std::string_view tree);

// The facts of a commit whose tree holds `files`.
core::Result<search::RepoFacts> FactsOf(core::RepoType type, storage::GitRepo& git,
                                        storage::BlobStore& blobs, ServiceState& state,
                                        const std::vector<Entry>& files);

// Re-indexes repo `repo_id` for main's new head `commit`, in `txn` (the write transaction that
// moves main), so the catalogue never disagrees with a committed head.
core::Status IndexHead(storage::Transaction& txn, storage::GitRepo& git, storage::BlobStore& blobs,
                       ServiceState& state, core::RepoType type, int64_t repo_id,
                       std::string_view commit);

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_INDEXING_H_
