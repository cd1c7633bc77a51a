// Download counting by the Hub's rule (spec/hub-api.md §10; hub-docs models-download-stats):
// a model counts one download per GET or HEAD of a "query file" (config.json, config.yaml,
// hyperparams.yaml, params.json, meta.yaml, diffusers' model_index.json, and every .gguf file);
// a dataset counts one per client address and repo within 5 minutes, whatever the file; spaces
// count nothing.
//
// Counting must not slow resolve down: Record only bumps an in-memory counter under a mutex, and
// Flush writes everything pending in one write transaction (per-day rows, then each touched
// repo's 30-day downloads and trending score, hub/internal/counters.h). A background thread
// flushes every few seconds; counts not yet flushed when the process is killed are lost, which
// the Hub's own statistics tolerate too. Thread-safe.
#ifndef MODELHUB_HUB_DOWNLOAD_COUNTER_H_
#define MODELHUB_HUB_DOWNLOAD_COUNTER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "modelhub/core/ids.h"
#include "modelhub/core/result.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub {

class DownloadCounter {
 public:
  explicit DownloadCounter(storage::Metastore& metastore) : metastore_(metastore) {}
  ~DownloadCounter();  // stops the flusher and flushes what is pending

  // Whether a request for `path` of a repo of `type` counts at all (datasets: any file).
  static bool Counts(core::RepoType type, std::string_view path);

  // Notes a GET or HEAD of `path` in repo `repo_id` by `client` (its address) at `now_ms`.
  void Record(int64_t repo_id, core::RepoType type, std::string_view path, std::string_view client,
              int64_t now_ms);

  // Writes what is pending as of `now_ms` and, on the first flush of a new UTC day, refreshes the
  // repos whose 30- or 7-day windows dropped a day. On failure the counts stay pending.
  core::Status Flush(int64_t now_ms);

  // Starts a thread that flushes every `interval` (idempotent).
  void StartFlusher(std::chrono::milliseconds interval);

 private:
  core::Status SweepDroppedDays(storage::Transaction& txn, int64_t today);
  void StopFlusher();

  storage::Metastore& metastore_;
  std::mutex mutex_;
  std::unordered_map<int64_t, int64_t> pending_;                     // repo id -> downloads
  std::map<std::pair<std::string, int64_t>, int64_t> dataset_seen_;  // (client, repo) -> ms
  std::mutex flush_mutex_;                                           // one Flush at a time
  int64_t swept_day_ = -1;                                           // guarded by flush_mutex_

  std::mutex flusher_mutex_;
  std::condition_variable flusher_wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_DOWNLOAD_COUNTER_H_
