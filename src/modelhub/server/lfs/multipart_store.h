// Where the parts of a multipart LFS upload wait for its completion call (spec §6.3): one
// directory per upload id under the multipart root, one file per part. Parts are not fsynced:
// completion re-hashes the assembled object, and a crash only costs the client a retry.
#ifndef MODELHUB_SERVER_LFS_MULTIPART_STORE_H_
#define MODELHUB_SERVER_LFS_MULTIPART_STORE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"
#include "modelhub/storage/blobstore/blob_store.h"

namespace modelhub::server::lfs {

// ceil(size / chunk_size): the part count the clients check the batch answer against.
uint64_t PartCount(uint64_t size, uint64_t chunk_size);
// Byte length of part `part` (1-based) of an object of `size`.
uint64_t PartSize(uint64_t size, uint64_t chunk_size, uint64_t part);

class MultipartStore {
 public:
  explicit MultipartStore(std::string root) : root_(std::move(root)) {}

  // Final path of a part; writers fill `PartPath(...) + ".tmp-<random>"` and rename it.
  std::string PartPath(std::string_view upload_id, uint64_t part) const;
  // Creates the upload's directory. Internal on I/O errors.
  core::Status Prepare(std::string_view upload_id) const;
  // Streams parts 1..count, in order, into `writer`. BadRequest when a part is missing or has
  // the wrong size.
  core::Status Assemble(std::string_view upload_id, uint64_t size, uint64_t chunk_size,
                        storage::BlobWriter& writer) const;
  // Removes the upload's directory and its parts.
  void Remove(std::string_view upload_id) const;
  // Removes uploads untouched for longer than `max_age_seconds` (abandoned by their clients).
  void RemoveStale(int64_t max_age_seconds) const;

 private:
  std::string root_;
};

}  // namespace modelhub::server::lfs

#endif  // MODELHUB_SERVER_LFS_MULTIPART_STORE_H_
