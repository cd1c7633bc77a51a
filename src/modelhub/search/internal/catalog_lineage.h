// The license verdict along a model's base_model chain, computed over the catalogue itself: each
// ancestor's card is its indexed card_data (main's head), so a listing's `chain_commercial`
// agrees with `modelhub card inspect` given the same cards. A change to one repo's card can change
// the verdict of every descendant; RefreshDescendants walks them in the same transaction.
#ifndef MODELHUB_SEARCH_INTERNAL_CATALOG_LINEAGE_H_
#define MODELHUB_SEARCH_INTERNAL_CATALOG_LINEAGE_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/core/result.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::search::internal {

// yes | conditional | no | unknown for the card `card_data` of model `self` ("ns/name") holding
// `paths`: card::TraceLineage's commercial_use with ancestors looked up in the catalogue.
core::Result<std::string> ChainCommercial(storage::Transaction& txn,
                                          const nlohmann::json& card_data, const std::string& self,
                                          const std::vector<std::string>& paths);

// Recomputes chain_commercial of the models whose base_model names `self`, and of theirs in turn
// while a verdict changes (each repo at most once, so base_model cycles end).
core::Status RefreshDescendants(storage::Transaction& txn, const std::string& self);

}  // namespace modelhub::search::internal

#endif  // MODELHUB_SEARCH_INTERNAL_CATALOG_LINEAGE_H_
