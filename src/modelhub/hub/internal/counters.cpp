#include "modelhub/hub/internal/counters.h"

namespace modelhub::hub::internal {

core::Status RefreshCounters(storage::Transaction& txn, int64_t repo_id, int64_t today) {
  const int64_t download_since = today - kDownloadWindowDays + 1;
  const int64_t trending_since = today - kTrendingWindowDays + 1;
  MH_RETURN_IF_ERROR(txn.Execute(
      "UPDATE repos SET "
      "likes = (SELECT COUNT(*) FROM likes WHERE repo_id = ?), "
      "downloads = (SELECT COALESCE(SUM(count), 0) FROM download_days "
      "WHERE repo_id = ? AND day >= ?), "
      "trending = ? * (SELECT COUNT(*) FROM likes WHERE repo_id = ? AND created_at >= ?) + "
      "(SELECT COALESCE(SUM(count), 0) FROM download_days WHERE repo_id = ? AND day >= ?) "
      "WHERE id = ?",
      {repo_id, repo_id, download_since, kTrendingLikeWeight, repo_id,
       trending_since * kMillisPerDay, repo_id, trending_since, repo_id}));
  return core::Ok();
}

}  // namespace modelhub::hub::internal
