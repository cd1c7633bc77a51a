#include "modelhub/client/range_plan.h"

#include <gtest/gtest.h>

namespace modelhub::client {
namespace {

TEST(RangePlanTest, CoversFileExactly) {
  EXPECT_TRUE(PlanRanges(0, 10).empty());
  EXPECT_EQ(PlanRanges(5, 10), (std::vector<ByteRange>{{0, 5}}));
  EXPECT_EQ(PlanRanges(25, 10), (std::vector<ByteRange>{{0, 10}, {10, 10}, {20, 5}}));
  EXPECT_EQ(PlanRanges(20, 10), (std::vector<ByteRange>{{0, 10}, {10, 10}}));
  EXPECT_EQ(PlanRanges(3, 0).size(), 1u);
}

TEST(RangePlanTest, MissingAfterInterruption) {
  auto ranges = PlanRanges(25, 10);
  EXPECT_EQ(MissingRanges(ranges, {}), ranges);
  EXPECT_EQ(MissingRanges(ranges, {10, 4, 0}), (std::vector<ByteRange>{{14, 6}, {20, 5}}));
  EXPECT_TRUE(MissingRanges(ranges, {10, 10, 5}).empty());
  // Counters larger than a range (a corrupt progress file) never produce negative lengths.
  EXPECT_EQ(MissingRanges(ranges, {99, 0, 99}), (std::vector<ByteRange>{{10, 10}}));
}

TEST(RangePlanTest, ContiguousPrefix) {
  auto ranges = PlanRanges(25, 10);
  EXPECT_EQ(ContiguousPrefix(ranges, {}), 0u);
  EXPECT_EQ(ContiguousPrefix(ranges, {10, 3, 5}), 13u);
  EXPECT_EQ(ContiguousPrefix(ranges, {7, 10, 5}), 7u);
  EXPECT_EQ(ContiguousPrefix(ranges, {10, 10, 5}), 25u);
}

}  // namespace
}  // namespace modelhub::client
