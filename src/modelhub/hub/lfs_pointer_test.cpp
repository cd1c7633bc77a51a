#include "modelhub/hub/lfs_pointer.h"

#include <gtest/gtest.h>

namespace modelhub::hub {
namespace {

constexpr char kSha[] = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";

TEST(LfsPointerTest, RoundTrips) {
  std::string text = FormatLfsPointer(kSha, 12345);
  EXPECT_EQ(text, std::string("version https://git-lfs.github.com/spec/v1\noid sha256:") + kSha +
                      "\nsize 12345\n");
  auto pointer = ParseLfsPointer(text);
  ASSERT_TRUE(pointer.has_value());
  EXPECT_EQ(pointer->sha256, kSha);
  EXPECT_EQ(pointer->size, 12345u);
  EXPECT_EQ(pointer->pointer_size, text.size());
}

TEST(LfsPointerTest, RejectsNearMisses) {
  std::string good = FormatLfsPointer(kSha, 1);
  EXPECT_FALSE(ParseLfsPointer("hello").has_value());
  EXPECT_FALSE(ParseLfsPointer(good.substr(0, good.size() - 1)).has_value());  // no final '\n'
  std::string upper = good;
  upper[60] = 'A';
  EXPECT_FALSE(ParseLfsPointer(upper).has_value());
  std::string bad_size = good;
  bad_size.replace(bad_size.find("size 1"), 6, "size x");
  EXPECT_FALSE(ParseLfsPointer(bad_size).has_value());
  EXPECT_FALSE(ParseLfsPointer(good + std::string(2000, 'x')).has_value());
}

}  // namespace
}  // namespace modelhub::hub
