#include "modelhub/server/api/rate_limiter.h"

#include <string>

#include "modelhub/server/http/error_response.h"

namespace modelhub::server::api {
namespace {

std::string_view BucketName(RateBucket bucket) {
  return bucket == RateBucket::kApi ? "api" : "resolvers";
}

}  // namespace

std::optional<RateLimiter::Decision> RateLimiter::Count(RateBucket bucket, std::string_view key,
                                                        int64_t now_ms) {
  const uint64_t limit =
      bucket == RateBucket::kApi ? options_.api_requests : options_.resolver_requests;
  if (limit == 0) return std::nullopt;
  const int64_t window_ms = options_.window_seconds * 1000;
  std::string slot(BucketName(bucket));
  slot += '\n';
  slot += key;
  std::lock_guard lock(mutex_);
  SweepExpired(now_ms);
  Window& window = windows_[slot];
  if (window.count == 0 || now_ms - window.start_ms >= window_ms) window = Window{now_ms, 0};
  Decision decision;
  decision.bucket = bucket;
  decision.limit = limit;
  decision.window_seconds = options_.window_seconds;
  decision.allowed = window.count < limit;
  if (decision.allowed) ++window.count;
  decision.remaining = limit - window.count;
  // Rounded up, so that a client sleeping `t` seconds wakes in the next window.
  decision.reset_seconds = (window.start_ms + window_ms - now_ms + 999) / 1000;
  return decision;
}

void RateLimiter::SweepExpired(int64_t now_ms) {
  const int64_t window_ms = options_.window_seconds * 1000;
  if (now_ms - last_sweep_ms_ < window_ms) return;
  last_sweep_ms_ = now_ms;
  std::erase_if(windows_,
                [&](const auto& entry) { return now_ms - entry.second.start_ms >= window_ms; });
}

void RateLimiter::Annotate(const Decision& decision, http::Response& response) {
  const std::string name = "\"" + std::string(BucketName(decision.bucket)) + "\"";
  response.headers.Set("RateLimit", name + ";r=" + std::to_string(decision.remaining) +
                                        ";t=" + std::to_string(decision.reset_seconds));
  response.headers.Set("RateLimit-Policy", "\"fixed window\";" + name +
                                               ";q=" + std::to_string(decision.limit) +
                                               ";w=" + std::to_string(decision.window_seconds));
}

http::Response RateLimiter::TooManyRequests(const Decision& decision) {
  http::Response response = http::ErrorResponse(
      {core::ErrorCode::kTooManyRequests,
       "Rate limit reached: " + std::to_string(decision.limit) + " '" +
           std::string(BucketName(decision.bucket)) + "' requests per window. Retry after " +
           std::to_string(decision.reset_seconds) + " seconds."});
  Annotate(decision, response);
  response.headers.Set("Retry-After", std::to_string(decision.reset_seconds));
  return response;
}

}  // namespace modelhub::server::api
