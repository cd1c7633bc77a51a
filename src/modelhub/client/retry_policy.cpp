#include "modelhub/client/retry_policy.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <string>

namespace modelhub::client {

bool RetryPolicy::IsRetryableStatus(long status) {
  return status == 0 || status == 408 || status == 429 || (status >= 500 && status <= 599);
}

std::optional<int64_t> RetryPolicy::Delay(int attempt, std::optional<int64_t> retry_after_ms,
                                          double jitter) const {
  if (attempt >= max_attempts) return std::nullopt;
  if (retry_after_ms) return std::clamp<int64_t>(*retry_after_ms, 0, max_delay_ms);
  int64_t delay = base_delay_ms;
  for (int i = 1; i < attempt && delay < max_delay_ms; ++i) delay *= 2;
  delay = std::min(delay, max_delay_ms);
  // Up to +50% so that two pods that failed on the same 503 do not come back in lockstep.
  return std::min<int64_t>(max_delay_ms, delay + static_cast<int64_t>(delay * 0.5 * jitter));
}

std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_unix_seconds) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(c) != 0; })) {
    if (value.size() > 9) return std::nullopt;
    return std::stoll(std::string(value)) * 1000;
  }
  std::tm tm{};
  std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  int64_t at = timegm(&tm);
  return std::max<int64_t>(0, at - now_unix_seconds) * 1000;
}

}  // namespace modelhub::client
