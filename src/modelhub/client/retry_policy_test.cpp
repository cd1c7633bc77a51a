#include "modelhub/client/retry_policy.h"

#include <gtest/gtest.h>

namespace modelhub::client {
namespace {

TEST(RetryPolicyTest, RetryableStatuses) {
  EXPECT_TRUE(RetryPolicy::IsRetryableStatus(0));
  EXPECT_TRUE(RetryPolicy::IsRetryableStatus(429));
  EXPECT_TRUE(RetryPolicy::IsRetryableStatus(503));
  EXPECT_TRUE(RetryPolicy::IsRetryableStatus(408));
  EXPECT_FALSE(RetryPolicy::IsRetryableStatus(404));
  EXPECT_FALSE(RetryPolicy::IsRetryableStatus(401));
  EXPECT_FALSE(RetryPolicy::IsRetryableStatus(200));
}

TEST(RetryPolicyTest, ExponentialBackoffCappedAndBounded) {
  RetryPolicy policy{.max_attempts = 5, .base_delay_ms = 100, .max_delay_ms = 350};
  EXPECT_EQ(policy.Delay(1, std::nullopt, 0.0), 100);
  EXPECT_EQ(policy.Delay(2, std::nullopt, 0.0), 200);
  EXPECT_EQ(policy.Delay(3, std::nullopt, 0.0), 350);
  EXPECT_EQ(policy.Delay(2, std::nullopt, 0.99), 299);
  EXPECT_EQ(policy.Delay(5, std::nullopt, 0.0), std::nullopt);
}

TEST(RetryPolicyTest, RetryAfterWins) {
  RetryPolicy policy{.max_attempts = 3, .base_delay_ms = 100, .max_delay_ms = 5000};
  EXPECT_EQ(policy.Delay(1, 2000, 0.5), 2000);
  EXPECT_EQ(policy.Delay(1, 60000, 0.5), 5000);
}

TEST(RetryPolicyTest, ParsesRetryAfter) {
  EXPECT_EQ(ParseRetryAfterMs("3", 0), 3000);
  EXPECT_EQ(ParseRetryAfterMs(" 0 ", 0), 0);
  // 784111777 = Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example).
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", 784111770), 7000);
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", 784111800), 0);
  EXPECT_EQ(ParseRetryAfterMs("soon", 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfterMs("", 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfterMs("99999999999", 0), std::nullopt);
}

}  // namespace
}  // namespace modelhub::client
