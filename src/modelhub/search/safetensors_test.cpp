#include "modelhub/search/safetensors.h"

#include <gtest/gtest.h>

namespace modelhub::search {
namespace {

TEST(SafetensorsTest, ReadsLittleEndianLength) {
  std::string prefix("\x10\x01\0\0\0\0\0\0", 8);
  EXPECT_EQ(*SafetensorsHeaderLength(prefix), 0x110u);
  EXPECT_FALSE(SafetensorsHeaderLength("short").has_value());
  EXPECT_FALSE(SafetensorsHeaderLength(std::string("\xff\xff\xff\xff\0\0\0\0", 8)).has_value());
}

TEST(SafetensorsTest, CountsParametersPerDtype) {
  auto info = ParseSafetensorsHeader(
      R"({"__metadata__":{"format":"pt"},
          "a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},
          "b":{"dtype":"F32","shape":[4],"data_offsets":[24,40]},
          "c":{"dtype":"BF16","shape":[],"data_offsets":[40,42]}})");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->parameters.at("F32"), 10);
  EXPECT_EQ(info->parameters.at("BF16"), 1);
  EXPECT_EQ(info->total, 11);
}

TEST(SafetensorsTest, RejectsMalformedHeaders) {
  EXPECT_FALSE(ParseSafetensorsHeader("not json").has_value());
  EXPECT_FALSE(ParseSafetensorsHeader("[]").has_value());
  EXPECT_FALSE(ParseSafetensorsHeader(R"({"a":{"dtype":"F32"}})").has_value());
  EXPECT_FALSE(ParseSafetensorsHeader(R"({"a":{"dtype":"F32","shape":[-1]}})").has_value());
}

}  // namespace
}  // namespace modelhub::search
