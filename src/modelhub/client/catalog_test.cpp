#include "modelhub/client/catalog.h"

#include <gtest/gtest.h>

namespace modelhub::client {
namespace {

TEST(CatalogTest, NextPageUrl) {
  EXPECT_EQ(NextPageUrl(R"(<http://h/api/models?cursor=x>; rel="next")", "http://e"),
            "http://h/api/models?cursor=x");
  EXPECT_EQ(NextPageUrl(R"(</api/models?cursor=y>; rel="next")", "http://e"),
            "http://e/api/models?cursor=y");
  EXPECT_EQ(NextPageUrl(R"(<http://h/a>; rel="prev", <http://h/b>; rel="next")", "http://e"),
            "http://h/b");
  EXPECT_EQ(NextPageUrl(R"(<http://h/a>; rel="prev")", "http://e"), "");
  EXPECT_EQ(NextPageUrl("", "http://e"), "");
}

TEST(CatalogTest, ListUrlEncodesEveryParameter) {
  EXPECT_EQ(ListUrl("http://e", core::RepoType::kDataset, {}), "http://e/api/datasets");
  EXPECT_EQ(
      ListUrl("http://e", core::RepoType::kModel,
              {{"search", "bert base"}, {"filter", "license:mit"}, {"eval", "mmlu:acc>=0.6@5"}}),
      "http://e/api/models?search=bert%20base&filter=license%3Amit&eval=mmlu%3Aacc%3E%3D0.6%405");
}

}  // namespace
}  // namespace modelhub::client
