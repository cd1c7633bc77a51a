#include "modelhub/server/api/listing_cache.h"

#include <gtest/gtest.h>

namespace modelhub::server::api {
namespace {

ListingCache::Page PageOf(size_t bytes, std::string link = "") {
  return {std::string(bytes, 'x'), std::move(link)};
}

TEST(ListingCacheTest, AnswersOnlyForTheVersionAPageWasStoredUnder) {
  ListingCache cache(1 << 20);
  EXPECT_EQ(cache.Find("q", 1), nullptr);
  cache.Store("q", 1, {"[1]", "<next>"});
  auto page = cache.Find("q", 1);
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(page->body, "[1]");
  EXPECT_EQ(page->link, "<next>");
  EXPECT_EQ(cache.Find("other", 1), nullptr);
  // A commit moved the version on: the page no longer answers.
  EXPECT_EQ(cache.Find("q", 2), nullptr);
  cache.Store("q", 2, {"[2]", ""});  // replaces, not adds
  EXPECT_EQ(cache.Find("q", 1), nullptr);
  // A request that read the version just before that commit misses, and leaves the newer page.
  ASSERT_NE(cache.Find("q", 2), nullptr);
  EXPECT_EQ(cache.Find("q", 2)->body, "[2]");
}

TEST(ListingCacheTest, EvictsTheLeastRecentlyUsedToStayWithinItsBytes) {
  ListingCache cache(1000);  // each entry below costs its key + 100 bytes
  cache.Store("a", 1, PageOf(100));
  cache.Store("b", 1, PageOf(100));
  cache.Store("c", 1, PageOf(100));
  ASSERT_NE(cache.Find("a", 1), nullptr);  // now b is the least recently used
  for (int i = 0; i < 8; ++i) cache.Store("fill" + std::to_string(i), 1, PageOf(100));
  EXPECT_NE(cache.Find("a", 1), nullptr);
  EXPECT_EQ(cache.Find("b", 1), nullptr);
  // A page above an eighth of the budget would push out most others: never kept.
  cache.Store("huge", 1, PageOf(200));
  EXPECT_EQ(cache.Find("huge", 1), nullptr);
  EXPECT_NE(cache.Find("a", 1), nullptr);
}

TEST(ListingCacheTest, ZeroBytesDisablesIt) {
  ListingCache cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.Store("q", 1, {"[]", ""});
  EXPECT_EQ(cache.Find("q", 1), nullptr);
}

}  // namespace
}  // namespace modelhub::server::api
