// Turning git tree entries into protocol entries (LFS pointers recognised, real sizes filled in),
// with the results cached by blob oid.
#ifndef MODELHUB_HUB_INTERNAL_ENTRIES_H_
#define MODELHUB_HUB_INTERNAL_ENTRIES_H_

#include <string>

#include "modelhub/core/result.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/repo_types.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::hub::internal {

// `tree_entry` as a protocol Entry; a small blob that is an LFS pointer becomes an LFS entry
// whose size is the object's.
core::Result<Entry> ToEntry(storage::GitRepo& git, ServiceState& state,
                            const storage::TreeEntry& tree_entry);

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_ENTRIES_H_
