#include "modelhub/core/result.h"

#include <memory>

#include <gtest/gtest.h>

namespace modelhub::core {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Unexpected(ErrorCode::kBadRequest, "odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  MH_ASSIGN_OR_RETURN(int half, Half(x));
  MH_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int x) {
  MH_RETURN_IF_ERROR(Half(x));
  return Ok();
}

TEST(ResultTest, PropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  auto bad = Quarter(6);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(bad.error().message, "odd");
  EXPECT_TRUE(CheckEven(2).has_value());
  EXPECT_FALSE(CheckEven(3).has_value());
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.has_value());
  std::unique_ptr<int> owned = std::move(r).value();
  EXPECT_EQ(*owned, 7);
}

TEST(ErrorTableTest, MapsHubCodes) {
  EXPECT_EQ(HttpStatus(ErrorCode::kEntryNotFound), 404);
  EXPECT_EQ(HubErrorCode(ErrorCode::kEntryNotFound), "EntryNotFound");
  EXPECT_EQ(HttpStatus(ErrorCode::kPreconditionFailed), 412);
  EXPECT_EQ(HttpStatus(ErrorCode::kRangeNotSatisfiable), 416);
  EXPECT_EQ(HubErrorCode(ErrorCode::kConflict), "");
}

}  // namespace
}  // namespace modelhub::core
