#include "modelhub/storage/metastore/metastore.h"

#include <gtest/gtest.h>

namespace modelhub::storage {
namespace {

TEST(RowTest, AccessorsConvertByColumnType) {
  Row row({std::monostate(), int64_t{42}, 2.5, std::string("text"), Bytes{std::string("\0b", 2)}});
  EXPECT_EQ(row.size(), 5u);
  EXPECT_TRUE(row.IsNull(0));
  EXPECT_FALSE(row.IsNull(1));
  EXPECT_EQ(row.Int(0), 0);
  EXPECT_EQ(row.Int(1), 42);
  EXPECT_EQ(row.Int(2), 2);
  EXPECT_DOUBLE_EQ(row.Real(1), 42.0);
  EXPECT_DOUBLE_EQ(row.Real(2), 2.5);
  EXPECT_EQ(row.Text(0), "");
  EXPECT_EQ(row.Text(3), "text");
  EXPECT_EQ(row.Text(4), std::string("\0b", 2));
  EXPECT_EQ(row.OptionalText(0), std::nullopt);
  EXPECT_EQ(row.OptionalText(3), "text");
  EXPECT_THROW(row.Value(5), std::out_of_range);
}

}  // namespace
}  // namespace modelhub::storage
