// BlobStore: content-addressed storage of large (LFS) files, keyed by the lowercase hex sha256 of
// their bytes.
//
// Writes go through a BlobWriter: bytes are hashed as they arrive and land in a temporary file;
// only Commit(), after the digest and size are verified and the data is fsynced, renames the file
// to its final name (and fsyncs the directory). A crash or an abandoned writer therefore never
// leaves a partial blob under a final name. The store and its methods are thread-safe; a BlobWriter
// is used by one thread at a time.
#ifndef MODELHUB_STORAGE_BLOBSTORE_BLOB_STORE_H_
#define MODELHUB_STORAGE_BLOBSTORE_BLOB_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"

namespace modelhub::storage {

struct BlobInfo {
  std::string sha256;
  uint64_t size = 0;
};

// An open blob for reading: a file descriptor suitable for pread/sendfile. Closes on destruction.
class BlobFile {
 public:
  BlobFile(int fd, uint64_t size) : fd_(fd), size_(size) {}
  ~BlobFile();
  BlobFile(const BlobFile&) = delete;
  BlobFile& operator=(const BlobFile&) = delete;

  int fd() const { return fd_; }
  uint64_t size() const { return size_; }

 private:
  int fd_;
  uint64_t size_;
};

class BlobWriter {
 public:
  virtual ~BlobWriter() = default;  // an uncommitted writer deletes its temporary file

  // Appends bytes. Errors: Internal (disk full, I/O error).
  virtual core::Status Write(std::string_view bytes) = 0;
  virtual uint64_t BytesWritten() const = 0;

  // Verifies the content against `expected_sha256`/`expected_size` when given (BadRequest on a
  // mismatch, and the temporary file is deleted), fsyncs and moves it into place. Committing a
  // blob that already exists succeeds and keeps the existing file.
  virtual core::Result<BlobInfo> Commit(std::optional<std::string_view> expected_sha256,
                                        std::optional<uint64_t> expected_size) = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  virtual core::Result<std::unique_ptr<BlobWriter>> BeginWrite() = 0;

  // Size of the stored blob, or nullopt when absent.
  virtual core::Result<std::optional<uint64_t>> Stat(std::string_view sha256) = 0;

  // Opens a stored blob. EntryNotFound when absent.
  virtual core::Result<std::unique_ptr<BlobFile>> Open(std::string_view sha256) = 0;

  // Deletes a blob (used by gc); absent blobs are not an error.
  virtual core::Status Remove(std::string_view sha256) = 0;

  // Calls `visit` for every stored blob (gc, fsck); stops early when it returns false.
  virtual core::Status ForEach(const std::function<bool(const BlobInfo&)>& visit) = 0;
};

// Filesystem store under `root`: blobs at root/ab/cd/<sha256>, temporaries in root/tmp/ (cleared of
// leftovers from a crash on open).
core::Result<std::unique_ptr<BlobStore>> OpenFsBlobStore(const std::string& root);

}  // namespace modelhub::storage

#endif  // MODELHUB_STORAGE_BLOBSTORE_BLOB_STORE_H_
