// The closure of base_model links (catalog_ancestors, migration 7): for every model, each
// ancestor's "ns/name" with the relation of the model's own link to its parent on the way there.
// `descendants_of` listings read it through an index instead of walking the tree per request.
//
// Rows are derived from the `base_model:<relation>:<parent>` tags in catalog_tags and from the
// parents' own rows, so they are kept in step in the transaction that writes a model's tags.
#ifndef MODELHUB_SEARCH_INTERNAL_CATALOG_ANCESTRY_H_
#define MODELHUB_SEARCH_INTERNAL_CATALOG_ANCESTRY_H_

#include <cstdint>
#include <string>

#include "modelhub/core/result.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::search::internal {

// Recomputes the ancestry of model `repo_id` (named `self`) from its current tags. When it
// changed, every descendant's ancestry changes with it: the whole subtree is recomputed, from
// empty rows up, so that a link removed inside a base_model cycle cannot keep itself alive.
core::Status RefreshAncestry(storage::Transaction& txn, int64_t repo_id, const std::string& self);

}  // namespace modelhub::search::internal

#endif  // MODELHUB_SEARCH_INTERNAL_CATALOG_ANCESTRY_H_
