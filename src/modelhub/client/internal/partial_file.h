// One blob being written: the partial file, its persisted per-range byte counters, and the hash
// that follows the written prefix. Shared by the worker threads fetching its ranges; every method
// is thread-safe.
#ifndef MODELHUB_CLIENT_INTERNAL_PARTIAL_FILE_H_
#define MODELHUB_CLIENT_INTERNAL_PARTIAL_FILE_H_

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "modelhub/client/range_plan.h"
#include "modelhub/core/result.h"
#include "modelhub/core/sha256.h"

namespace modelhub::client::internal {

class PartialFile {
 public:
  // Opens (or resumes) `path` for a blob of `size` bytes whose content should hash to `etag`.
  static core::Result<std::unique_ptr<PartialFile>> Open(const std::filesystem::path& path,
                                                         uint64_t size, const std::string& etag);
  ~PartialFile();
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  const std::vector<ByteRange>& ranges() const { return ranges_; }
  uint64_t size() const { return size_; }
  // Bytes already present when opened.
  uint64_t resumed_bytes() const { return resumed_bytes_; }
  // Indices of ranges with bytes missing.
  std::vector<size_t> IncompleteRanges() const;
  // Next byte to fetch for range `index`, and its last byte.
  ByteRange Remaining(size_t index) const;

  // Writes `data` at the current end of range `index` and records it. Errors: disk full, I/O.
  core::Status Append(size_t index, const char* data, size_t size);

  // Waits for the hash to cover the whole file, then compares it with the etag; on success
  // flushes and renames to `final_path`, removing the ranges file. On a mismatch the partial file
  // is deleted (its bytes cannot be trusted) and PreconditionFailed returned.
  core::Status Commit(const std::filesystem::path& final_path, const std::string& label);

 private:
  PartialFile() = default;
  core::Status LoadCounters();
  void AdvanceHash(bool force);

  std::filesystem::path path_;
  std::filesystem::path counters_path_;
  std::string etag_;
  uint64_t size_ = 0;
  uint64_t resumed_bytes_ = 0;
  int fd_ = -1;
  int counters_fd_ = -1;
  std::vector<ByteRange> ranges_;

  mutable std::mutex mutex_;
  std::condition_variable hashed_;
  std::vector<uint64_t> done_;
  std::unique_ptr<core::Digest> digest_;  // null when the etag is not a content hash
  uint64_t hash_offset_ = 0;
  bool hashing_ = false;
  std::string io_error_;
};

}  // namespace modelhub::client::internal

#endif  // MODELHUB_CLIENT_INTERNAL_PARTIAL_FILE_H_
