// GenerateCatalogue: fills a data directory's stores with a synthetic, Hub-shaped catalogue for
// benchmarks and demos (`modelhub admin generate-catalogue`). Deterministic: the same counts and
// seed give the same repo ids, files, card metadata, counters and timestamps (commit shas differ,
// as git signatures carry the wall-clock time).
//
// Repos are created through RepoService (CreateRepo + Commit), so the catalogue index is written by
// the real commit path; counters and timestamps are then set with SQL, as a Hub import would.
// Many repos share one write transaction (storage::BatchedMetastore). Single-threaded; nothing
// else may write to the store meanwhile.
#ifndef MODELHUB_HUB_CATALOGUE_GENERATOR_H_
#define MODELHUB_HUB_CATALOGUE_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <functional>

#include "modelhub/core/result.h"
#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub {

struct CatalogueSpec {
  uint64_t seed = 0;
  size_t models = 0;
  size_t datasets = 0;
  size_t spaces = 0;
};

struct CatalogueOptions {
  size_t repos_per_transaction = 256;
  // Called after every committed batch with (repos done, repos in all).
  std::function<void(size_t done, size_t total)> progress;
};

struct CatalogueStats {
  size_t repos = 0;
  size_t lfs_objects = 0;  // distinct blobs written
};

// Creates the catalogue. Conflict when one of its repos exists already (use an empty store);
// otherwise the errors of the stores. Repos of batches committed before an error stay.
core::Result<CatalogueStats> GenerateCatalogue(storage::Metastore& metastore,
                                               storage::BlobStore& blobs, const CatalogueSpec& spec,
                                               const CatalogueOptions& options = {});

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_CATALOGUE_GENERATOR_H_
