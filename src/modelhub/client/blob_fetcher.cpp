#include "modelhub/client/blob_fetcher.h"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "modelhub/client/file_lock.h"
#include "modelhub/client/internal/partial_file.h"

namespace modelhub::client {
using core::ErrorCode;
using core::Unexpected;
using internal::PartialFile;

namespace {

struct Transfer {
  BlobJob job;
  std::optional<FileLock> lock;
  std::unique_ptr<PartialFile> file;
  int progress_id = 0;
  std::atomic<size_t> ranges_left{0};
  std::atomic<bool> failed{false};
};

constexpr size_t kWriteBufferSize = 1 << 20;

// One buffer per worker thread, kept across ranges.
std::string& WriteBuffer() {
  thread_local std::string buffer;
  if (buffer.capacity() < kWriteBufferSize) buffer.reserve(kWriteBufferSize);
  return buffer;
}

struct Task {
  Transfer* transfer;
  size_t range;  // kCommitOnly: nothing to fetch, only verify and rename
};
constexpr size_t kCommitOnly = static_cast<size_t>(-1);

class Run {
 public:
  Run(const HttpClient& http, Progress& progress) : http_(http), progress_(progress) {}

  // Takes the job's lock (or, when `blocking` is false and another process holds it, hands the
  // job back) and queues whatever is missing.
  std::optional<BlobJob> Admit(BlobJob job, bool blocking) {
    std::optional<FileLock> lock;
    if (blocking) {
      core::Result<FileLock> held = FileLock::Acquire(job.lock_path);
      if (!held) return Fail(held.error()), std::nullopt;
      lock.emplace(std::move(*held));
    } else {
      core::Result<std::optional<FileLock>> tried = FileLock::TryAcquire(job.lock_path);
      if (!tried) return Fail(tried.error()), std::nullopt;
      if (!*tried) return job;
      lock.emplace(std::move(**tried));
    }
    if (job.is_present && job.is_present()) {
      progress_.Cached(job.label, job.size);
      if (job.on_done) Check(job.on_done());
      return std::nullopt;
    }
    core::Result<std::unique_ptr<PartialFile>> file =
        PartialFile::Open(job.partial_path, job.size, job.verify ? job.etag : std::string());
    if (!file) return Fail(file.error()), std::nullopt;
    auto transfer = std::make_unique<Transfer>();
    transfer->job = std::move(job);
    transfer->lock = std::move(lock);
    transfer->file = std::move(*file);
    transfer->progress_id =
        progress_.AddFile(transfer->job.label, transfer->job.size, transfer->file->resumed_bytes());
    std::vector<size_t> missing = transfer->file->IncompleteRanges();
    transfer->ranges_left = missing.size();
    std::lock_guard guard(mutex_);
    if (missing.empty()) queue_.push_back({transfer.get(), kCommitOnly});
    for (size_t range : missing) queue_.push_back({transfer.get(), range});
    transfers_.push_back(std::move(transfer));
    return std::nullopt;
  }

  void Work() {
    for (;;) {
      Task task;
      {
        std::lock_guard guard(mutex_);
        if (queue_.empty()) return;
        task = queue_.front();
        queue_.pop_front();
      }
      Transfer& transfer = *task.transfer;
      if (transfer.failed) continue;
      if (task.range != kCommitOnly) {
        core::Status fetched = FetchRange(transfer, task.range);
        if (!fetched) {
          transfer.failed = true;
          Fail(fetched.error());
          continue;
        }
        if (--transfer.ranges_left != 0) continue;
      }
      Finish(transfer);
    }
  }

  core::Status result() {
    std::lock_guard guard(mutex_);
    if (!first_error_) return core::Ok();
    return Unexpected(*first_error_);
  }

 private:
  void Fail(const core::Error& error) {
    std::lock_guard guard(mutex_);
    if (!first_error_) first_error_ = error;
  }
  void Check(const core::Status& status) {
    if (!status) Fail(status.error());
  }

  void Finish(Transfer& transfer) {
    core::Status committed = transfer.file->Commit(transfer.job.final_path, transfer.job.label);
    transfer.file.reset();
    if (committed && transfer.job.on_done) committed = transfer.job.on_done();
    if (!committed) return Fail(committed.error());
    progress_.FinishFile(transfer.progress_id);
    // Unlock only once the blob is whole under its final name, so a waiting process finds it.
    transfer.lock.reset();
  }

  core::Status FetchRange(Transfer& transfer, size_t index) {
    PartialFile& file = *transfer.file;
    int attempt = 0;
    for (;;) {
      ByteRange want = file.Remaining(index);
      if (want.length == 0) return core::Ok();
      HttpRequest request;
      request.url = transfer.job.url;
      request.headers.push_back("Range: bytes=" + std::to_string(want.start) + "-" +
                                std::to_string(want.start + want.length - 1));
      uint64_t received = 0;  // body bytes seen, including skipped ones
      core::Status write_status;
      // curl hands over at most 16 KiB per callback; gathering 1 MiB per pwrite (and per
      // counter update) cut the syscalls of a 1 GiB download from 131k to 2k
      // (bench/client_download.sh). Bytes still in `pending` are simply refetched after a kill.
      std::string& pending = WriteBuffer();
      pending.clear();
      auto flush = [&] {
        if (!pending.empty() && write_status) {
          write_status = file.Append(index, pending.data(), pending.size());
        }
        pending.clear();
        return write_status.has_value();
      };
      core::Result<HttpResponse> response =
          http_.Stream(request, [&](const HttpResponse& head, const char* data, size_t size) {
            if (head.status >= 300) return true;  // an error body: read it, keep nothing
            // A server that ignores Range answers 200 from byte 0: skip to where we are.
            uint64_t skip = head.status == 200 ? want.start : 0;
            if (received < skip) {
              uint64_t drop = std::min<uint64_t>(skip - received, size);
              data += drop;
              size -= static_cast<size_t>(drop);
              received += drop;
            }
            size_t keep = static_cast<size_t>(
                std::min<uint64_t>(size, file.Remaining(index).length - pending.size()));
            if (keep == 0) return size == 0;
            pending.append(data, keep);
            progress_.Advance(transfer.progress_id, keep);
            received += keep;
            return pending.size() < kWriteBufferSize || flush();
          });
      flush();
      if (!write_status) return write_status;
      if (response && response->status >= 400 &&
          !RetryPolicy::IsRetryableStatus(response->status)) {
        return Unexpected(HttpClient::ErrorFor(*response, request.url));
      }
      if (file.Remaining(index).length == 0) return core::Ok();
      // Progress made resets the budget: a flaky link that keeps delivering is not a failure.
      if (received > 0) attempt = 0;
      if (transfer.failed) return core::Ok();
      if (!http_.BackOff(++attempt, response ? &*response : nullptr)) {
        if (!response) return Unexpected(response.error());
        return Unexpected(ErrorCode::kUnavailable,
                          "download of " + transfer.job.label + " kept failing (HTTP " +
                              std::to_string(response->status) + "); run again to resume");
      }
    }
  }

  const HttpClient& http_;
  Progress& progress_;
  std::mutex mutex_;
  std::deque<Task> queue_;
  std::vector<std::unique_ptr<Transfer>> transfers_;
  std::optional<core::Error> first_error_;
};

}  // namespace

core::Status BlobFetcher::Run(std::vector<BlobJob> jobs) {
  ::modelhub::client::Run run(http_, progress_);
  // Pass 1 takes free locks without waiting; pass 2 waits for jobs another process holds, and
  // usually finds the blob present when its lock comes free.
  if (jobs.empty()) return core::Ok();
  for (bool blocking : {false, true}) {
    std::vector<BlobJob> deferred;
    for (BlobJob& job : jobs) {
      if (std::optional<BlobJob> busy = run.Admit(std::move(job), blocking)) {
        deferred.push_back(std::move(*busy));
      }
    }
    std::vector<std::thread> threads;
    for (int i = 0; i < workers_; ++i) threads.emplace_back([&run] { run.Work(); });
    for (std::thread& thread : threads) thread.join();
    if (deferred.empty()) break;
    progress_.Message("waiting for another process downloading " + std::to_string(deferred.size()) +
                      " file(s) into this cache");
    jobs = std::move(deferred);
  }
  return run.result();
}

}  // namespace modelhub::client
