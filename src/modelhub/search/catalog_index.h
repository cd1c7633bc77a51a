// The catalogue index: one row per repo with its listing data (catalog_rows), one row per tag
// (catalog_tags, for filters) and one per evaluation record of its model-index (catalog_evals).
// Repo identity, visibility and counters stay in the `repos` row and are joined at query time, so
// that a rename, a settings change or a download never rewrites index rows.
//
// The index is written in the caller's write transaction — the same one that moves main's ref —
// so a commit is searchable as soon as it returns and is never half-indexed after a crash.
#ifndef MODELHUB_SEARCH_CATALOG_INDEX_H_
#define MODELHUB_SEARCH_CATALOG_INDEX_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/search/repo_facts.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::search {

// Replaces the index rows of repo `repo_id` with those of main's new head `sha` (committed at
// `last_modified`, ms) whose tree holds `files` and yields `facts`. `txn` must be a write
// transaction.
core::Status WriteCatalogEntry(storage::Transaction& txn, int64_t repo_id, std::string_view sha,
                               int64_t last_modified, const RepoFacts& facts,
                               const std::vector<FileRef>& files);

// Removes every index row of the repo (it is being deleted).
core::Status DeleteCatalogEntry(storage::Transaction& txn, int64_t repo_id);

}  // namespace modelhub::search

#endif  // MODELHUB_SEARCH_CATALOG_INDEX_H_
