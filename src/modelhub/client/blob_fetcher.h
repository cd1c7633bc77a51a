// Fetches blobs into place: many files at once and, within a large file, many byte ranges at
// once, over a fixed pool of worker threads (each with its own kept-alive connection).
//
// Crash safety: bytes go to `partial_path` with pwrite, and a `<partial>.ranges` file records, per
// 16 MiB range, how many bytes from its start are written (updated after the data, so after
// kill -9 it never claims more than the page cache holds). A rerun fetches only the missing bytes.
// The content hash (sha256 for LFS etags, git's blob sha1 for regular files) is computed while the
// file is written, following the written prefix, so no second pass is needed; only a verified file
// is renamed to `final_path`. Every job holds its lock file (huggingface_hub's
// `.locks/<repo>/<etag>.lock`) from the presence check to the rename.
#ifndef MODELHUB_CLIENT_BLOB_FETCHER_H_
#define MODELHUB_CLIENT_BLOB_FETCHER_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "modelhub/client/http_client.h"
#include "modelhub/client/progress.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

struct BlobJob {
  std::string label;  // the repo path, for progress and errors
  std::string url;
  std::string etag;    // 64 hex: sha256 checked; 40 hex: git blob sha1 checked; else unchecked
  bool verify = true;  // false: trust the etag (huggingface_hub's behaviour), only sizes checked
  uint64_t size = 0;
  std::filesystem::path final_path;
  std::filesystem::path partial_path;
  std::filesystem::path lock_path;
  // Under the lock: true when final_path already holds this content (nothing to fetch).
  std::function<bool()> is_present;
  // Under the lock, after final_path is in place (or found present): links, metadata.
  std::function<core::Status()> on_done;
};

class BlobFetcher {
 public:
  BlobFetcher(const HttpClient& http, int workers, Progress& progress)
      : http_(http), workers_(workers < 1 ? 1 : workers), progress_(progress) {}

  // Runs every job to completion; jobs locked by another process are done after the others
  // (waiting for that process, then using its result). Returns the first error; the other jobs
  // still run, so a rerun has less to do.
  core::Status Run(std::vector<BlobJob> jobs);

 private:
  const HttpClient& http_;
  int workers_;
  Progress& progress_;
};

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_BLOB_FETCHER_H_
