#include "modelhub/server/api/rate_limiter.h"

#include <gtest/gtest.h>

namespace modelhub::server::api {
namespace {

TEST(RateLimiterTest, UnlimitedBucketsAreNotCounted) {
  RateLimiter limiter({.api_requests = 0, .resolver_requests = 3, .window_seconds = 60});
  EXPECT_TRUE(limiter.enabled());
  EXPECT_FALSE(limiter.Count(RateBucket::kApi, "k", 0).has_value());
  EXPECT_TRUE(limiter.Count(RateBucket::kResolvers, "k", 0).has_value());
  EXPECT_FALSE(RateLimiter({}).enabled());
}

TEST(RateLimiterTest, RefusesPastTheLimitUntilTheWindowEnds) {
  RateLimiter limiter({.api_requests = 2, .resolver_requests = 0, .window_seconds = 60});
  auto first = limiter.Count(RateBucket::kApi, "token:1", 1'000);
  EXPECT_TRUE(first->allowed);
  EXPECT_EQ(first->remaining, 1u);
  EXPECT_EQ(first->reset_seconds, 60);
  EXPECT_TRUE(limiter.Count(RateBucket::kApi, "token:1", 2'000)->allowed);
  auto refused = limiter.Count(RateBucket::kApi, "token:1", 30'500);
  EXPECT_FALSE(refused->allowed);
  EXPECT_EQ(refused->remaining, 0u);
  EXPECT_EQ(refused->reset_seconds, 31);  // rounded up: sleeping t seconds reaches the next window
  // Other keys have budgets of their own.
  EXPECT_TRUE(limiter.Count(RateBucket::kApi, "address:127.0.0.2", 30'500)->allowed);
  // The window started at the first request: 61 s later it is new.
  auto renewed = limiter.Count(RateBucket::kApi, "token:1", 61'000);
  EXPECT_TRUE(renewed->allowed);
  EXPECT_EQ(renewed->remaining, 1u);
}

TEST(RateLimiterTest, HeadersMatchWhatHuggingfaceHubParses) {
  RateLimiter limiter({.api_requests = 1, .resolver_requests = 1, .window_seconds = 300});
  ASSERT_TRUE(limiter.Count(RateBucket::kResolvers, "k", 0)->allowed);
  auto refused = limiter.Count(RateBucket::kResolvers, "k", 250'000);
  http::Response response = RateLimiter::TooManyRequests(*refused);
  EXPECT_EQ(response.status, 429);
  // huggingface_hub utils/_http.py: "(?P<resource_type>\w+)";r=(?P<r>\d+);t=(?P<t>\d+) and
  // q=(?P<q>\d+).*?w=(?P<w>\d+).
  EXPECT_EQ(response.headers.Get("RateLimit"), "\"resolvers\";r=0;t=50");
  EXPECT_EQ(response.headers.Get("RateLimit-Policy"), "\"fixed window\";\"resolvers\";q=1;w=300");
  EXPECT_EQ(response.headers.Get("Retry-After"), "50");
  EXPECT_NE(response.body.find("Retry after 50 seconds"), std::string::npos);
}

}  // namespace
}  // namespace modelhub::server::api
