#include "modelhub/search/query.h"

#include <gtest/gtest.h>

namespace modelhub::search {
namespace {

core::Result<CatalogQuery> Parse(std::vector<QueryParam> params) {
  return ParseCatalogQuery(core::RepoType::kModel, params);
}

TEST(QueryTest, DefaultsToNewestFirst) {
  auto query = Parse({});
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->sort, SortKey::kCreatedAt);
  EXPECT_TRUE(query->descending);
  EXPECT_EQ(query->limit, kDefaultPageSize);
}

TEST(QueryTest, ReadsHubParameters) {
  auto query = Parse({{"search", "bert"},
                      {"author", "google"},
                      {"filter", "license:mit"},
                      {"filter", "en"},
                      {"pipeline_tag", "fill-mask"},
                      {"sort", "last_modified"},
                      {"direction", "1"},
                      {"limit", "5000"},
                      {"gated", "False"},
                      {"cursor", "abc"},
                      {"full", "true"},
                      {"inference", "warm"}});
  ASSERT_TRUE(query.has_value()) << query.error().message;
  EXPECT_EQ(query->search, std::vector<std::string>{"bert"});
  EXPECT_EQ(query->author, "google");
  EXPECT_EQ(query->filters, (std::vector<std::string>{"license:mit", "en"}));
  EXPECT_EQ(query->pipeline_tag, "fill-mask");
  EXPECT_EQ(query->sort, SortKey::kLastModified);
  EXPECT_FALSE(query->descending);
  EXPECT_EQ(query->limit, kMaxPageSize);
  EXPECT_EQ(query->gated, false);
  EXPECT_EQ(query->cursor, "abc");
}

TEST(QueryTest, SortByIdIsAscendingUnlessAsked) {
  EXPECT_FALSE(Parse({{"sort", "id"}})->descending);
  EXPECT_TRUE(Parse({{"sort", "id"}, {"direction", "-1"}})->descending);
  EXPECT_TRUE(Parse({{"sort", "trendingScore"}})->descending);
  EXPECT_EQ(Parse({{"sort", "likes30d"}})->sort, SortKey::kLikes);
  EXPECT_EQ(Parse({{"sort", "num_parameters"}})->sort, SortKey::kParameters);
  EXPECT_EQ(Parse({{"sort", "mainSize"}})->sort, SortKey::kSize);
}

TEST(QueryTest, RejectsBadValuesWithTheParameterName) {
  for (const QueryParam& param : std::vector<QueryParam>{{"sort", "size"},
                                                         {"direction", "up"},
                                                         {"limit", "0"},
                                                         {"limit", "-3"},
                                                         {"limit", "1x"},
                                                         {"gated", "maybe"},
                                                         {"search", std::string("a\0b", 3)}}) {
    auto query = Parse({param});
    ASSERT_FALSE(query.has_value()) << param.first << "=" << param.second;
    EXPECT_EQ(query.error().code, core::ErrorCode::kBadRequest);
    EXPECT_NE(query.error().message.find("'" + param.first + "'"), std::string::npos);
  }
}

TEST(QueryTest, ReadsFiltersBeyondTheHub) {
  auto query = Parse({{"params_min", "100M"},
                      {"params_max", "1.5B"},
                      {"size_max", "20000"},
                      {"eval", "mmlu:accuracy>=0.6@5"},
                      {"eval", "glue:f1<90"},
                      {"eval_verified", "true"},
                      {"has_evals", "1"},
                      {"license_class", "permissive"},
                      {"commercial", "true"},
                      {"descendants_of", "org/base"},
                      {"relation", "adapter"}});
  ASSERT_TRUE(query.has_value()) << query.error().message;
  EXPECT_EQ(query->params_min, 100'000'000);
  EXPECT_EQ(query->params_max, 1'500'000'000);
  EXPECT_EQ(query->size_max, 20000);
  ASSERT_EQ(query->evals.size(), 2u);
  EXPECT_EQ(query->evals[0].dataset, "mmlu");
  EXPECT_EQ(query->evals[0].metric, "accuracy");
  EXPECT_EQ(query->evals[0].op, ">=");
  EXPECT_DOUBLE_EQ(query->evals[0].value, 0.6);
  EXPECT_EQ(query->evals[0].shots, 5);
  EXPECT_EQ(query->evals[1].op, "<");
  EXPECT_FALSE(query->evals[1].shots.has_value());
  EXPECT_TRUE(query->eval_verified);
  EXPECT_EQ(query->has_evals, true);
  EXPECT_EQ(query->license_class, "permissive");
  EXPECT_EQ(query->commercial, "yes");
  EXPECT_EQ(query->descendants_of, "org/base");
  EXPECT_EQ(query->relation, "adapter");
}

TEST(QueryTest, RejectsMalformedExtraFilters) {
  for (const QueryParam& param : std::vector<QueryParam>{{"params_min", "7X"},
                                                         {"size_max", "-1"},
                                                         {"eval", "mmlu"},
                                                         {"eval", "mmlu:acc"},
                                                         {"eval", ":acc>1"},
                                                         {"eval", "mmlu:>1"},
                                                         {"eval", "mmlu:acc=>1"},
                                                         {"eval", "mmlu:acc<>1"},
                                                         {"eval", "mmlu:acc>=x"},
                                                         {"eval", "mmlu:acc>=1@"},
                                                         {"license_class", "free"},
                                                         {"commercial", "maybe"},
                                                         {"relation", "fork"}}) {
    auto query = Parse({{"descendants_of", "a/b"}, param});
    ASSERT_FALSE(query.has_value()) << param.first << "=" << param.second;
    EXPECT_NE(query.error().message.find("'" + param.first + "'"), std::string::npos);
  }
  EXPECT_FALSE(Parse({{"relation", "adapter"}}).has_value());  // needs descendants_of
}

}  // namespace
}  // namespace modelhub::search
