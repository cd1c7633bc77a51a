#include "modelhub/hub/internal/entries.h"

#include "modelhub/hub/lfs_pointer.h"

namespace modelhub::hub::internal {

core::Result<Entry> ToEntry(storage::GitRepo& git, ServiceState& state,
                            const storage::TreeEntry& tree_entry) {
  Entry entry;
  entry.path = tree_entry.path;
  entry.is_directory = tree_entry.is_directory;
  entry.oid = tree_entry.oid;
  entry.size = tree_entry.size;
  if (entry.is_directory) {
    entry.size = 0;
    return entry;
  }
  if (tree_entry.size > kMaxLfsPointerSize) return entry;
  auto cached = state.pointers.Get(tree_entry.oid);
  if (!cached) {
    MH_ASSIGN_OR_RETURN(std::string blob, git.ReadBlob(tree_entry.oid));
    cached = ParseLfsPointer(blob);
    state.pointers.Put(tree_entry.oid, *cached);
  }
  if (*cached) {
    entry.lfs = **cached;
    entry.size = (*cached)->size;
  }
  return entry;
}

}  // namespace modelhub::hub::internal
