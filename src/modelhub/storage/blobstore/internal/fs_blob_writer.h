// The filesystem BlobWriter and the path and fsync helpers it shares with the store.
#ifndef MODELHUB_STORAGE_BLOBSTORE_INTERNAL_FS_BLOB_WRITER_H_
#define MODELHUB_STORAGE_BLOBSTORE_INTERNAL_FS_BLOB_WRITER_H_

#include <memory>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"
#include "modelhub/storage/blobstore/blob_store.h"

namespace modelhub::storage::internal {

// True for 64 lowercase hex digits (the only names the store accepts, so no path tricks).
bool IsSha256Hex(std::string_view text);

// root/ab/cd/<sha256>.
std::string BlobPath(const std::string& root, std::string_view sha256);

// An Internal error naming the failed operation, the path and errno's text.
core::Error SystemError(std::string_view operation, const std::string& path);

// fsyncs a directory so that a rename or a new entry in it survives a crash.
core::Status SyncDirectory(const std::string& path);

// Creates `root/tmp/<random>` and returns a writer for it.
core::Result<std::unique_ptr<BlobWriter>> NewFsBlobWriter(const std::string& root);

}  // namespace modelhub::storage::internal

#endif  // MODELHUB_STORAGE_BLOBSTORE_INTERNAL_FS_BLOB_WRITER_H_
