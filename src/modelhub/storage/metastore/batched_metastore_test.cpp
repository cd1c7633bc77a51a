#include "modelhub/storage/metastore/batched_metastore.h"

#include <filesystem>

#include <gtest/gtest.h>
#include <stdlib.h>

namespace modelhub::storage {
namespace {

class BatchedMetastoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "batched_metastore_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = Metastore::OpenSqlite(dir_ + "/modelhub.db", SqliteOptions{.durable = false});
    ASSERT_TRUE(store.has_value()) << store.error().message;
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Setting values as another connection sees them.
  std::vector<std::string> CommittedKeys() {
    auto txn = std::move(store_->Begin(TransactionMode::kRead)).value();
    auto rows = std::move(txn->Query("SELECT key FROM settings ORDER BY key")).value();
    std::vector<std::string> keys;
    for (const Row& row : rows) keys.push_back(row.Text(0));
    return keys;
  }

  void Put(Metastore& store, const std::string& key, bool commit) {
    auto txn = std::move(store.Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(txn->Execute("INSERT INTO settings (key, value) VALUES (?, 'v')", {key}));
    if (commit) {
      ASSERT_TRUE(txn->Commit());
    }
  }

  std::string dir_;
  std::unique_ptr<Metastore> store_;
};

TEST_F(BatchedMetastoreTest, TransactionsBecomeVisibleAtFlush) {
  BatchedMetastore batched(*store_);
  Put(batched, "a", /*commit=*/true);
  Put(batched, "b", /*commit=*/false);  // rolled back to its savepoint only
  Put(batched, "c", /*commit=*/true);
  {
    auto txn = std::move(batched.Begin(TransactionMode::kRead)).value();
    auto rows = std::move(txn->Query("SELECT COUNT(*) FROM settings")).value();
    EXPECT_EQ(rows.front().Int(0), 2);  // the batch sees its own writes
    ASSERT_TRUE(txn->Commit());
  }
  ASSERT_TRUE(batched.Flush());
  EXPECT_EQ(CommittedKeys(), (std::vector<std::string>{"a", "c"}));
  Put(batched, "d", /*commit=*/true);  // a new batch starts on demand
  ASSERT_TRUE(batched.Flush());
  EXPECT_EQ(CommittedKeys(), (std::vector<std::string>{"a", "c", "d"}));
}

TEST_F(BatchedMetastoreTest, FlushRefusesOpenTransactionsAndDestructionRollsBack) {
  {
    BatchedMetastore batched(*store_);
    auto txn = std::move(batched.Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(txn->Execute("INSERT INTO settings (key, value) VALUES ('x', 'v')"));
    EXPECT_EQ(batched.Flush().error().code, core::ErrorCode::kInternal);
    ASSERT_TRUE(txn->Commit());
    EXPECT_FALSE(txn->Commit());
  }
  EXPECT_TRUE(CommittedKeys().empty());
}

}  // namespace
}  // namespace modelhub::storage
