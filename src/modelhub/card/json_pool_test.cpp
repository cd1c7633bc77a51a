// The per-thread JSON pool must hand back blocks that hold exactly what is asked of them, stay
// within its bounds, and take any DOM apart without losing or corrupting values.
#include "modelhub/card/internal/json_pool.h"

#include <string>

#include <gtest/gtest.h>

namespace modelhub::card::internal {
namespace {

TEST(JsonPool, RecycledStringsComeBackHoldingTheNewText) {
  nlohmann::json value = {{"a", "a string longer than the small-string buffer"}, {"b", {1, 2}}};
  RecycleJson(value);
  EXPECT_TRUE(value.is_null());
  nlohmann::json* pooled = ThreadJsonPool().String("fresh");
  ASSERT_NE(pooled, nullptr);
  EXPECT_EQ(*pooled, "fresh");
  nlohmann::json taken = std::move(*pooled);
  EXPECT_EQ(taken, "fresh");
}

TEST(JsonPool, LongTextsGetPooledHeapBlocks) {
  EXPECT_EQ(std::string().capacity(), JsonPool::kShortChars);
  JsonPool& pool = ThreadJsonPool();
  const std::string long_text(100, 'l');
  nlohmann::json value = {"short", long_text, std::string(JsonPool::kMaxChars + 1, 'x')};
  const size_t short_before = pool.strings.size;
  const size_t long_before = pool.long_strings.size;
  RecycleJson(value);
  EXPECT_EQ(pool.strings.size, short_before + 1);
  EXPECT_EQ(pool.long_strings.size, long_before + 1);  // the outsized one was freed
  // A short text leaves the heap blocks to the long texts, which get one without growing it.
  nlohmann::json short_taken = std::move(*pool.String("s"));
  EXPECT_EQ(short_taken, "s");
  EXPECT_EQ(pool.long_strings.size, long_before + 1);
  nlohmann::json long_taken = std::move(*pool.String(std::string(80, 'n')));
  EXPECT_EQ(long_taken, std::string(80, 'n'));
  EXPECT_GE(long_taken.get_ref<const std::string&>().capacity(), long_text.size());
  EXPECT_EQ(pool.long_strings.size, long_before);
}

TEST(JsonPool, NumbersAndBooleansAreLeftAsTheyWere) {
  nlohmann::json number = 42;
  RecycleJson(number);
  EXPECT_EQ(number, 42);
  nlohmann::json flag = true;
  RecycleJson(flag);
  EXPECT_EQ(flag, true);
}

TEST(JsonPool, RecyclingContentsLeavesAnEmptyContainer) {
  nlohmann::json object = {{"k", {{"nested", "x"}}}, {"list", {"y", 3}}};
  RecycleJsonContents(object);
  EXPECT_TRUE(object.is_object());
  EXPECT_TRUE(object.empty());
  nlohmann::json array = {"x", {{"k", 1}}};
  RecycleJsonContents(array);
  EXPECT_TRUE(array.is_array());
  EXPECT_TRUE(array.empty());
}

TEST(JsonPool, StaysWithinItsBounds) {
  for (int i = 0; i < 3 * static_cast<int>(JsonPool::kMaxEntries); ++i) {
    nlohmann::json value = {{"key " + std::to_string(i), std::string(40, 'v')},
                            {"big", std::string(JsonPool::kMaxChars * 2, 'x')}};
    RecycleJson(value);
  }
  JsonPool& pool = ThreadJsonPool();
  EXPECT_LE(pool.strings.size, JsonPool::kMaxEntries);
  EXPECT_LE(pool.objects.size, JsonPool::kMaxEntries);
  EXPECT_LE(pool.nodes.size(), JsonPool::kMaxEntries);
  EXPECT_LE(pool.long_strings.size, JsonPool::kMaxEntries);
  for (size_t i = 0; i < pool.strings.size; ++i) {
    EXPECT_LE(pool.strings.values[i].get_ref<const std::string&>().capacity(),
              JsonPool::kShortChars);
  }
  for (size_t i = 0; i < pool.long_strings.size; ++i) {
    EXPECT_LE(pool.long_strings.values[i].get_ref<const std::string&>().capacity(),
              JsonPool::kMaxChars);
  }
}

TEST(JsonPool, DeepValuesAreTakenApartWithoutRecursingPastTheLimit) {
  nlohmann::json deep = "leaf";
  for (int i = 0; i < 10000; ++i) deep = nlohmann::json::array({std::move(deep)});
  RecycleJson(deep);  // below kMaxDepth the rest is left to nlohmann's own destructor
  EXPECT_TRUE(deep.is_null());
}

}  // namespace
}  // namespace modelhub::card::internal
