// Request rate limits per token (or per client address for anonymous callers and bad tokens),
// in fixed windows as the Hub counts them (hub-docs rate-limits.md): one budget for the API
// ("api": /api/...) and one for file downloads ("resolvers": resolve, raw, LFS, git). Every
// counted answer carries the headers huggingface_hub parses (utils/_http.py):
//   RateLimit: "api";r=<remaining>;t=<seconds until the window resets>
//   RateLimit-Policy: "fixed window";"api";q=<requests per window>;w=<window seconds>
// and a refused request is a 429 with Retry-After as well, which the Python client sleeps out and
// retries. Thread-safe; memory is one small entry per key seen in the current window.
#ifndef MODELHUB_SERVER_API_RATE_LIMITER_H_
#define MODELHUB_SERVER_API_RATE_LIMITER_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "modelhub/server/http/message.h"

namespace modelhub::server::api {

struct RateLimitOptions {
  uint64_t api_requests = 0;       // per window and key; 0 = unlimited
  uint64_t resolver_requests = 0;  // per window and key; 0 = unlimited
  int64_t window_seconds = 300;
};

enum class RateBucket { kApi, kResolvers };

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    RateBucket bucket = RateBucket::kApi;
    uint64_t limit = 0;
    uint64_t remaining = 0;
    int64_t reset_seconds = 0;
    int64_t window_seconds = 0;
  };

  explicit RateLimiter(RateLimitOptions options) : options_(options) {}

  bool enabled() const { return options_.api_requests > 0 || options_.resolver_requests > 0; }

  // Counts one request of `key` against `bucket` at `now_ms`; nullopt when the bucket is
  // unlimited.
  std::optional<Decision> Count(RateBucket bucket, std::string_view key, int64_t now_ms);

  // Adds the RateLimit headers of `decision` to `response`.
  static void Annotate(const Decision& decision, http::Response& response);
  // The 429 answer for a refused request.
  static http::Response TooManyRequests(const Decision& decision);

 private:
  struct Window {
    int64_t start_ms = 0;
    uint64_t count = 0;
  };

  void SweepExpired(int64_t now_ms);

  const RateLimitOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;  // "<bucket>\n<key>"
  int64_t last_sweep_ms_ = 0;
};

}  // namespace modelhub::server::api

#endif  // MODELHUB_SERVER_API_RATE_LIMITER_H_
