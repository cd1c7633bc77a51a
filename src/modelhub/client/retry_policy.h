// When to retry an HTTP exchange and how long to wait: exponential backoff with jitter on
// connection failures, 408, 429 and 5xx, honouring Retry-After (seconds or an HTTP date).
#ifndef MODELHUB_CLIENT_RETRY_POLICY_H_
#define MODELHUB_CLIENT_RETRY_POLICY_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace modelhub::client {

struct RetryPolicy {
  int max_attempts = 6;
  int64_t base_delay_ms = 250;
  int64_t max_delay_ms = 30000;

  // True for statuses worth retrying (408, 429, 500-599); status 0 means no response at all.
  static bool IsRetryableStatus(long status);

  // Delay before attempt `attempt` (1 = first retry), or nullopt when attempts are exhausted.
  // `retry_after_ms` (from the server) wins over the backoff, capped by max_delay_ms.
  // `jitter` in [0, 1) spreads clients that failed together.
  std::optional<int64_t> Delay(int attempt, std::optional<int64_t> retry_after_ms,
                               double jitter) const;
};

// Parses a Retry-After value: delta-seconds or an IMF-fixdate, relative to `now_unix_seconds`.
// nullopt when malformed.
std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_unix_seconds);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_RETRY_POLICY_H_
