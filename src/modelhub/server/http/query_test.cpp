#include "modelhub/server/http/query.h"

#include <gtest/gtest.h>

namespace modelhub::server::http {
namespace {

QueryParams MustParse(std::string_view text) {
  auto params = QueryParams::Parse(text);
  EXPECT_TRUE(params.has_value()) << text;
  return params.has_value() ? *params : QueryParams();
}

TEST(QueryParams, DecodesKeysAndValues) {
  const QueryParams params = MustParse("search=bert+base&author=google%2Fx&a%20b=c");
  EXPECT_EQ(params.Get("search"), "bert base");
  EXPECT_EQ(params.Get("author"), "google/x");
  EXPECT_EQ(params.Get("a b"), "c");
  EXPECT_FALSE(params.Get("missing"));
  EXPECT_TRUE(params.Has("author"));
}

TEST(QueryParams, RepeatedAndBracketKeysAreOneList) {
  const QueryParams params = MustParse("expand=a&expand[]=b&expand%5B%5D=c&other=1&expand=d");
  EXPECT_EQ(params.GetAll("expand"), (std::vector<std::string_view>{"a", "b", "c", "d"}));
  EXPECT_EQ(params.Get("expand"), "a");
  EXPECT_TRUE(params.GetAll("none").empty());
}

TEST(QueryParams, EmptyPiecesAndMissingValues) {
  const QueryParams params = MustParse("&&full&blobs=&=x&");
  EXPECT_EQ(params.Get("full"), "");
  EXPECT_EQ(params.Get("blobs"), "");
  EXPECT_EQ(params.Get(""), "x");
  EXPECT_EQ(params.pairs().size(), 3u);
  EXPECT_TRUE(MustParse("").pairs().empty());
}

TEST(QueryParams, KeepsBareBrackets) { EXPECT_TRUE(MustParse("[]=1").Has("[]")); }

TEST(QueryParams, MalformedEscapeIsBadRequest) {
  for (std::string_view text : {"a=%", "a=%4", "a=%zz", "%g1=b"}) {
    auto params = QueryParams::Parse(text);
    ASSERT_FALSE(params.has_value()) << text;
    EXPECT_EQ(params.error().code, core::ErrorCode::kBadRequest);
  }
}

TEST(QueryParams, Booleans) {
  const QueryParams params = MustParse("a=true&b=True&c=1&d=false&e=False&f=0&g=TRUE&h&i=yes");
  for (std::string_view key : {"a", "b", "c", "g", "h"}) {
    auto value = params.GetBool(key, false);
    ASSERT_TRUE(value.has_value()) << key;
    EXPECT_TRUE(*value) << key;
  }
  for (std::string_view key : {"d", "e", "f"}) {
    auto value = params.GetBool(key, true);
    ASSERT_TRUE(value.has_value()) << key;
    EXPECT_FALSE(*value) << key;
  }
  EXPECT_TRUE(*params.GetBool("absent", true));
  EXPECT_FALSE(*params.GetBool("absent", false));
  EXPECT_FALSE(params.GetBool("i", false).has_value());
}

TEST(QueryParams, FormBody) {
  auto form = QueryParams::ParseForm("grant_type=password&username=a%40b.c&password=p+w");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->Get("username"), "a@b.c");
  EXPECT_EQ(form->Get("password"), "p w");
}

}  // namespace
}  // namespace modelhub::server::http
