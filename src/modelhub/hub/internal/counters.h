// The figures listings sort by, recomputed from their sources for a few repos at a time:
//   downloads        = downloads counted in the last 30 UTC days (today included), as the Hub
//                      reports `downloads`;
//   likes            = rows in `likes`;
//   trendingScore    = 100 x likes received in the last 7 UTC days + downloads in those days
//                      (a like weighs as much as a hundred downloads; README.md "Counters").
#ifndef MODELHUB_HUB_INTERNAL_COUNTERS_H_
#define MODELHUB_HUB_INTERNAL_COUNTERS_H_

#include <cstdint>

#include "modelhub/core/result.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub::internal {

inline constexpr int64_t kMillisPerDay = 86'400'000;
inline constexpr int64_t kDownloadWindowDays = 30;
inline constexpr int64_t kTrendingWindowDays = 7;
inline constexpr int64_t kTrendingLikeWeight = 100;

inline int64_t DayOf(int64_t unix_millis) { return unix_millis / kMillisPerDay; }

// Recomputes likes, downloads and trending of repo `repo_id` as of `today` (a DayOf value).
core::Status RefreshCounters(storage::Transaction& txn, int64_t repo_id, int64_t today);

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_COUNTERS_H_
