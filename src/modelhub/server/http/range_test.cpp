#include "modelhub/server/http/range.h"

#include <gtest/gtest.h>

namespace modelhub::server::http {
namespace {

std::optional<ByteRange> Parsed(std::string_view header, uint64_t size) {
  auto result = ParseRange(header, size);
  EXPECT_TRUE(result.has_value()) << header;
  return result.has_value() ? *result : std::nullopt;
}

bool Unsatisfiable(std::string_view header, uint64_t size) {
  auto result = ParseRange(header, size);
  return !result.has_value() && result.error().code == core::ErrorCode::kRangeNotSatisfiable;
}

TEST(ParseRange, ClosedRange) {
  EXPECT_EQ(Parsed("bytes=0-99", 1000), (ByteRange{0, 99}));
  EXPECT_EQ(Parsed("bytes=0-0", 1000), (ByteRange{0, 0}));
  EXPECT_EQ(Parsed("bytes=10-10", 11), (ByteRange{10, 10}));
  EXPECT_EQ(Parsed("bytes=0-0", 1000)->length(), 1u);
}

TEST(ParseRange, LastIsClippedToSize) {
  EXPECT_EQ(Parsed("bytes=500-5000", 1000), (ByteRange{500, 999}));
  EXPECT_EQ(Parsed("bytes=0-99999999999999999999999", 10), (ByteRange{0, 9}));
}

TEST(ParseRange, OpenRange) {
  EXPECT_EQ(Parsed("bytes=100-", 1000), (ByteRange{100, 999}));
  EXPECT_EQ(Parsed("bytes=999-", 1000), (ByteRange{999, 999}));
}

TEST(ParseRange, Suffix) {
  EXPECT_EQ(Parsed("bytes=-500", 1000), (ByteRange{500, 999}));
  EXPECT_EQ(Parsed("bytes=-5000", 1000), (ByteRange{0, 999}));
  EXPECT_EQ(Parsed("bytes=-1", 1), (ByteRange{0, 0}));
}

TEST(ParseRange, WhitespaceAndUnitCase) {
  EXPECT_EQ(Parsed("  Bytes=1-2 ", 10), (ByteRange{1, 2}));
  EXPECT_EQ(Parsed("bytes= 1 - 2", 10), (ByteRange{1, 2}));
}

TEST(ParseRange, IgnoredHeadersServeWholeBody) {
  for (std::string_view header :
       {"", "bytes", "bytes=", "bytes=-", "items=0-1", "bytes=0-1,5-6", "bytes=a-b", "bytes=5-1",
        "bytes=1", "bytes=--1", "bytes=+1-2", "bytes=0x1-2", "bytes 0-1"}) {
    EXPECT_EQ(Parsed(header, 100), std::nullopt) << header;
  }
}

TEST(ParseRange, Unsatisfiable) {
  EXPECT_TRUE(Unsatisfiable("bytes=1000-", 1000));
  EXPECT_TRUE(Unsatisfiable("bytes=1000-2000", 1000));
  EXPECT_TRUE(Unsatisfiable("bytes=99999999999999999999999-", 1000));
  EXPECT_TRUE(Unsatisfiable("bytes=-0", 1000));
  EXPECT_TRUE(Unsatisfiable("bytes=0-0", 0));
  EXPECT_TRUE(Unsatisfiable("bytes=0-", 0));
  EXPECT_TRUE(Unsatisfiable("bytes=-10", 0));
}

}  // namespace
}  // namespace modelhub::server::http
