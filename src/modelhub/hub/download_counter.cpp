#include "modelhub/hub/download_counter.h"

#include <array>
#include <vector>

#include "modelhub/core/log.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/internal/counters.h"

namespace modelhub::hub {
namespace {

using internal::DayOf;

constexpr int64_t kDatasetDedupMillis = 5 * 60 * 1000;
constexpr std::string_view kSweptDayKey = "counters.swept_day";

constexpr std::array<std::string_view, 6> kQueryFiles = {
    "config.json", "config.yaml", "hyperparams.yaml",
    "params.json", "meta.yaml",   "model_index.json",
};

}  // namespace

DownloadCounter::~DownloadCounter() {
  StopFlusher();
  if (auto flushed = Flush(core::NowMillis()); !flushed) {
    core::LogError("download counts lost at shutdown: " + flushed.error().message);
  }
}

bool DownloadCounter::Counts(core::RepoType type, std::string_view path) {
  switch (type) {
    case core::RepoType::kModel:
      if (path.ends_with(".gguf")) return true;
      for (std::string_view name : kQueryFiles) {
        if (path == name) return true;
      }
      return false;
    case core::RepoType::kDataset:
      return true;
    case core::RepoType::kSpace:
      break;
  }
  return false;
}

void DownloadCounter::Record(int64_t repo_id, core::RepoType type, std::string_view path,
                             std::string_view client, int64_t now_ms) {
  if (!Counts(type, path)) return;
  std::lock_guard lock(mutex_);
  if (type == core::RepoType::kDataset) {
    auto [it, inserted] = dataset_seen_.try_emplace({std::string(client), repo_id}, now_ms);
    if (!inserted) {
      if (now_ms - it->second < kDatasetDedupMillis) return;
      it->second = now_ms;
    }
  }
  ++pending_[repo_id];
}

core::Status DownloadCounter::Flush(int64_t now_ms) {
  std::lock_guard flush_lock(flush_mutex_);
  std::unordered_map<int64_t, int64_t> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
    std::erase_if(dataset_seen_,
                  [&](const auto& seen) { return now_ms - seen.second >= kDatasetDedupMillis; });
  }
  const int64_t today = DayOf(now_ms);
  if (batch.empty() && swept_day_ == today) return core::Ok();

  auto written = [&]() -> core::Status {
    MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(storage::TransactionMode::kWrite));
    for (const auto& [repo_id, count] : batch) {
      MH_RETURN_IF_ERROR(txn->Execute(
          "INSERT INTO download_days (repo_id, day, count) VALUES (?, ?, ?) "
          "ON CONFLICT (repo_id, day) DO UPDATE SET count = download_days.count + excluded.count",
          {repo_id, today, count}));
      MH_RETURN_IF_ERROR(
          txn->Execute("UPDATE repos SET downloads_all_time = downloads_all_time + ? WHERE id = ?",
                       {count, repo_id}));
      MH_RETURN_IF_ERROR(internal::RefreshCounters(*txn, repo_id, today));
    }
    if (swept_day_ != today) MH_RETURN_IF_ERROR(SweepDroppedDays(*txn, today));
    return txn->Commit();
  }();
  if (!written) {
    // Keep the counts for the next flush rather than dropping them.
    std::lock_guard lock(mutex_);
    for (const auto& [repo_id, count] : batch) pending_[repo_id] += count;
    return written;
  }
  swept_day_ = today;
  return core::Ok();
}

core::Status DownloadCounter::SweepDroppedDays(storage::Transaction& txn, int64_t today) {
  MH_ASSIGN_OR_RETURN(auto last, txn.QueryOne("SELECT value FROM settings WHERE key = ?",
                                              {std::string(kSweptDayKey)}));
  int64_t last_day = today;
  if (last) last_day = std::stoll(last->Text(0));
  if (last_day < today) {
    // Repos with counts that left a window since the last sweep: downloads older than 30 days,
    // downloads and likes older than 7.
    const int64_t first = last_day;
    MH_ASSIGN_OR_RETURN(
        auto repos,
        txn.Query("SELECT DISTINCT repo_id FROM download_days WHERE (day > ? AND day <= ?) OR "
                  "(day > ? AND day <= ?) UNION SELECT repo_id FROM likes WHERE created_at >= ? "
                  "AND created_at < ?",
                  {first - internal::kDownloadWindowDays, today - internal::kDownloadWindowDays,
                   first - internal::kTrendingWindowDays, today - internal::kTrendingWindowDays,
                   (first - internal::kTrendingWindowDays + 1) * internal::kMillisPerDay,
                   (today - internal::kTrendingWindowDays + 1) * internal::kMillisPerDay}));
    for (const storage::Row& row : repos) {
      MH_RETURN_IF_ERROR(internal::RefreshCounters(txn, row.Int(0), today));
    }
    MH_RETURN_IF_ERROR(txn.Execute("DELETE FROM download_days WHERE day < ?",
                                   {today - internal::kDownloadWindowDays}));
  }
  MH_RETURN_IF_ERROR(
      txn.Execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                  {std::string(kSweptDayKey), std::to_string(today)}));
  return core::Ok();
}

void DownloadCounter::StartFlusher(std::chrono::milliseconds interval) {
  std::lock_guard lock(flusher_mutex_);
  if (flusher_.joinable()) return;
  flusher_ = std::thread([this, interval] {
    std::unique_lock wait_lock(flusher_mutex_);
    while (!stopping_) {
      flusher_wake_.wait_for(wait_lock, interval, [this] { return stopping_; });
      if (stopping_) break;
      wait_lock.unlock();
      if (auto flushed = Flush(core::NowMillis()); !flushed) {
        core::LogError("download counts not written yet: " + flushed.error().message);
      }
      wait_lock.lock();
    }
  });
}

void DownloadCounter::StopFlusher() {
  {
    std::lock_guard lock(flusher_mutex_);
    stopping_ = true;
  }
  flusher_wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
}

}  // namespace modelhub::hub
