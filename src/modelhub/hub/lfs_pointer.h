// Git LFS pointer files: the small text blob git stores in place of a large file.
// Format: https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md (version, oid, size lines).
#ifndef MODELHUB_HUB_LFS_POINTER_H_
#define MODELHUB_HUB_LFS_POINTER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "modelhub/hub/repo_types.h"

namespace modelhub::hub {

// Pointer files are small; larger blobs are never parsed.
inline constexpr uint64_t kMaxLfsPointerSize = 1024;

// The pointer a blob holds, or nullopt when it is not a well-formed sha256 LFS pointer.
std::optional<LfsPointer> ParseLfsPointer(std::string_view blob);

// The canonical pointer text for an object, as git-lfs writes it.
std::string FormatLfsPointer(std::string_view sha256, uint64_t size);

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_LFS_POINTER_H_
