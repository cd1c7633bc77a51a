#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "modelhub/storage/metastore/metastore.h"
#include "modelhub/storage/metastore/schema/migrations.h"

namespace modelhub::storage {
namespace {

class SqliteMetastoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "metastore_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/modelhub.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Metastore> Open() {
    auto store = Metastore::OpenSqlite(path_);
    EXPECT_TRUE(store.has_value()) << store.error().message;
    return store ? std::move(store).value() : nullptr;
  }

  std::unique_ptr<Transaction> Begin(Metastore& store, TransactionMode mode) {
    auto transaction = store.Begin(mode);
    EXPECT_TRUE(transaction.has_value()) << transaction.error().message;
    return std::move(transaction).value();
  }

  std::string dir_;
  std::string path_;
};

int64_t CountRows(Transaction& transaction, std::string_view table) {
  auto row = transaction.QueryOne("SELECT COUNT(*) FROM " + std::string(table));
  EXPECT_TRUE(row.has_value() && row->has_value());
  return (*row)->Int(0);
}

TEST_F(SqliteMetastoreTest, AppliesMigrationsOnceAndRecordsThem) {
  {
    auto store = Open();
    EXPECT_EQ(store->Engine(), "sqlite");
  }
  auto store = Open();  // reopening must not re-apply anything
  auto transaction = Begin(*store, TransactionMode::kRead);
  auto rows = transaction->Query("SELECT version, name, applied_at FROM schema_migrations");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), schema::Migrations().size());
  for (size_t i = 0; i < rows->size(); ++i) {
    EXPECT_EQ((*rows)[i].Int(0), schema::Migrations()[i].version);
    EXPECT_EQ((*rows)[i].Text(1), schema::Migrations()[i].name);
    EXPECT_GT((*rows)[i].Int(2), 0);
  }
  auto writer = Begin(*store, TransactionMode::kWrite);  // PRAGMA counts as a write to SQLite
  auto mode = writer->QueryOne("PRAGMA journal_mode");
  ASSERT_TRUE(mode.has_value());
  EXPECT_EQ((*mode)->Text(0), "wal");
}

// Every migration's SQL must be listed in schema::Migrations(): migration 6's indexes once existed
// only as text, and evaluation filters scanned catalog_evals.
TEST_F(SqliteMetastoreTest, CreatesTheIndexesListingsRelyOn) {
  auto store = Open();
  auto transaction = Begin(*store, TransactionMode::kRead);
  for (const char* index : {"catalog_evals_by_dataset", "catalog_evals_by_dataset_name",
                            "catalog_rows_by_modified", "catalog_ancestors_by_repo"}) {
    auto row = transaction->QueryOne(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?", {index});
    ASSERT_TRUE(row.has_value() && row->has_value());
    EXPECT_EQ((*row)->Int(0), 1) << index;
  }
}

// Migration 7 derives the base_model closure of a catalogue indexed before it existed.
TEST_F(SqliteMetastoreTest, AncestorsMigrationFillsTheClosureOfExistingLinks) {
  {
    auto store = Open();
    auto writer = Begin(*store, TransactionMode::kWrite);
    auto add = [&](const char* type, const char* name, std::vector<std::string> tags) {
      auto id = writer->Insert(
          "INSERT INTO repos (type, namespace, name, created_at, updated_at) "
          "VALUES (?, 'org', ?, 1, 1)",
          {std::string(type), std::string(name)});
      ASSERT_TRUE(id.has_value());
      for (const std::string& tag : tags) {
        ASSERT_TRUE(
            writer->Execute("INSERT INTO catalog_tags (tag, repo_id) VALUES (?, ?)", {tag, *id}));
      }
    };
    add("model", "root", {"license:mit"});
    add("model", "mid", {"base_model:org/root", "base_model:finetune:org/root"});
    add("model", "leaf", {"base_model:org/mid", "base_model:adapter:org/mid"});
    add("dataset", "data", {"base_model:org/root", "base_model:finetune:org/root"});
    add("model", "loop-a", {"base_model:org/loop-b", "base_model:merge:org/loop-b"});
    add("model", "loop-b", {"base_model:org/loop-a", "base_model:merge:org/loop-a"});
    // As if the catalogue had been written before migration 7.
    ASSERT_TRUE(writer->Execute("DROP TABLE catalog_ancestors"));
    ASSERT_TRUE(writer->Execute("DELETE FROM schema_migrations WHERE version = 7"));
    ASSERT_TRUE(writer->Commit());
  }
  auto store = Open();
  auto transaction = Begin(*store, TransactionMode::kRead);
  auto rows = transaction->Query(
      "SELECT r.name, a.ancestor, a.relation FROM catalog_ancestors a JOIN repos r "
      "ON r.id = a.repo_id ORDER BY 1, 2");
  ASSERT_TRUE(rows.has_value());
  std::vector<std::string> closure;
  for (const Row& row : *rows) {
    closure.push_back(row.Text(0) + " < " + row.Text(1) + " (" + row.Text(2) + ")");
  }
  EXPECT_EQ(closure,
            (std::vector<std::string>{"leaf < org/mid (adapter)", "leaf < org/root (adapter)",
                                      "loop-a < org/loop-a (merge)", "loop-a < org/loop-b (merge)",
                                      "loop-b < org/loop-a (merge)", "loop-b < org/loop-b (merge)",
                                      "mid < org/root (finetune)"}));
}

// Listing caches key on DataVersion: it must move with every commit, from this process's
// connections and from another process's, and stay put otherwise.
TEST_F(SqliteMetastoreTest, DataVersionMovesWithEveryCommitByAnyone) {
  auto store = Open();
  auto version = [&] {
    auto value = store->DataVersion();
    EXPECT_TRUE(value.has_value()) << value.error().message;
    return value.value_or(0);
  };
  uint64_t first = version();
  EXPECT_EQ(version(), first);
  {
    auto reader = Begin(*store, TransactionMode::kRead);
    ASSERT_TRUE(reader->Query("SELECT COUNT(*) FROM repos"));
  }
  EXPECT_EQ(version(), first);
  auto writer = Begin(*store, TransactionMode::kWrite);
  ASSERT_TRUE(
      writer->Execute("INSERT INTO repos (type, namespace, name, created_at, updated_at) VALUES "
                      "('model', 'org', 'a', 1, 1)"));
  EXPECT_EQ(version(), first);  // not committed yet
  ASSERT_TRUE(writer->Commit());
  uint64_t second = version();
  EXPECT_NE(second, first);
  auto other_process = Metastore::OpenSqlite(path_);  // its own connections, as another process
  ASSERT_TRUE(other_process.has_value());
  auto other_writer = (*other_process)->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(other_writer.has_value());
  ASSERT_TRUE((*other_writer)->Execute("UPDATE repos SET downloads = 5"));
  ASSERT_TRUE((*other_writer)->Commit());
  EXPECT_NE(version(), second);
}

// Planner statistics mislead the listing queries, which are written for SQLite's defaults: those
// of the catalogue tables are dropped at open, others are kept.
TEST_F(SqliteMetastoreTest, DropsPlannerStatisticsOfTheCatalogueTables) {
  auto stat_rows = [](Transaction& transaction, const char* table) {
    auto row = transaction.QueryOne("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = ?",
                                    {std::string(table)});
    EXPECT_TRUE(row.has_value() && row->has_value());
    return (*row)->Int(0);
  };
  {
    auto store = Open();
    auto writer = Begin(*store, TransactionMode::kWrite);
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(writer->Execute(
          "INSERT INTO repos (type, namespace, name, created_at, updated_at, downloads) "
          "VALUES ('model', 'org', ?, 1, 1, ?)",
          {"m" + std::to_string(i), int64_t{i}}));
      ASSERT_TRUE(writer->Execute("INSERT INTO users (name, created_at) VALUES (?, 1)",
                                  {"u" + std::to_string(i)}));
    }
    ASSERT_TRUE(writer->Execute("ANALYZE"));
    EXPECT_GT(stat_rows(*writer, "repos"), 0);
    ASSERT_TRUE(writer->Commit());
  }
  auto store = Open();
  auto transaction = Begin(*store, TransactionMode::kRead);
  EXPECT_EQ(stat_rows(*transaction, "repos"), 0);
  EXPECT_GT(stat_rows(*transaction, "users"), 0);
}

TEST_F(SqliteMetastoreTest, RejectsFilesThatAreNotModelhubDatabases) {
  std::ofstream(path_) << "this is not a database, just some text long enough to matter......"
                       << std::string(200, 'x');
  auto store = Metastore::OpenSqlite(path_);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable);

  std::string other = dir_ + "/other.db";
  {
    auto first = Metastore::OpenSqlite(other);
    ASSERT_TRUE(first.has_value());
    auto transaction = Begin(**first, TransactionMode::kWrite);
    // Only the latest row: with several migrations, version (the primary key) must stay unique.
    ASSERT_TRUE(transaction
                    ->Execute("UPDATE schema_migrations SET version = 9999 WHERE version = "
                              "(SELECT MAX(version) FROM schema_migrations)")
                    .has_value());
    ASSERT_TRUE(transaction->Commit().has_value());
  }
  auto newer = Metastore::OpenSqlite(other);
  ASSERT_FALSE(newer.has_value());
  EXPECT_EQ(newer.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(newer.error().message.find("newer"), std::string::npos) << newer.error().message;
}

TEST_F(SqliteMetastoreTest, InsertQueryUpdateDelete) {
  auto store = Open();
  auto transaction = Begin(*store, TransactionMode::kWrite);
  auto id = transaction->Insert("INSERT INTO users (name, fullname, created_at) VALUES (?, ?, ?)",
                                {std::string("alice"), std::string("Alice A."), int64_t{1000}});
  ASSERT_TRUE(id.has_value()) << id.error().message;
  auto second = transaction->Insert("INSERT INTO users (name, created_at) VALUES (?, ?)",
                                    {std::string("bob"), int64_t{2000}});
  ASSERT_TRUE(second.has_value());
  EXPECT_NE(*id, *second);

  auto row =
      transaction->QueryOne("SELECT name, fullname, created_at FROM users WHERE id = ?", {*id});
  ASSERT_TRUE(row.has_value());
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->Text(0), "alice");
  EXPECT_EQ((*row)->Text(1), "Alice A.");
  EXPECT_EQ((*row)->Int(2), 1000);

  auto changed =
      transaction->Execute("UPDATE users SET is_admin = 1 WHERE created_at < ?", {int64_t{5000}});
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(*changed, 2);
  auto missing = transaction->QueryOne("SELECT name FROM users WHERE id = ?", {int64_t{-1}});
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());

  auto duplicate = transaction->Insert("INSERT INTO users (name, created_at) VALUES (?, ?)",
                                       {std::string("alice"), int64_t{3}});
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, core::ErrorCode::kConflict);

  auto removed = transaction->Execute("DELETE FROM users WHERE name = ?", {std::string("bob")});
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ(*removed, 1);
  ASSERT_TRUE(transaction->Commit().has_value());

  auto reader = Begin(*store, TransactionMode::kRead);
  EXPECT_EQ(CountRows(*reader, "users"), 1);
}

TEST_F(SqliteMetastoreTest, BlobsAndNullsRoundTrip) {
  auto store = Open();
  auto transaction = Begin(*store, TransactionMode::kWrite);
  std::string binary("\0\x01\xff\x00z", 5);
  ASSERT_TRUE(transaction
                  ->Execute("INSERT INTO git_objects (repo_id, oid, kind, size, data) "
                            "VALUES (?, ?, ?, ?, ?)",
                            {int64_t{1}, std::string("a"), int64_t{3}, int64_t{5}, Bytes{binary}})
                  .has_value());
  ASSERT_TRUE(transaction
                  ->Execute("INSERT INTO git_objects (repo_id, oid, kind, size, data) "
                            "VALUES (?, ?, ?, ?, ?)",
                            {int64_t{1}, std::string("b"), int64_t{3}, int64_t{0}, Bytes{}})
                  .has_value());
  auto rows = transaction->Query(
      "SELECT data, NULL, typeof(data) FROM git_objects WHERE repo_id = ? ORDER BY oid",
      {int64_t{1}});
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Bytes>((*rows)[0].Value(0)));
  EXPECT_EQ((*rows)[0].Text(0), binary);
  EXPECT_TRUE((*rows)[0].IsNull(1));
  EXPECT_EQ((*rows)[1].Text(0), "");
  EXPECT_EQ((*rows)[1].Text(2), "blob");  // an empty blob is not NULL
}

TEST_F(SqliteMetastoreTest, RollsBackWhenDestroyedWithoutCommit) {
  auto store = Open();
  {
    auto transaction = Begin(*store, TransactionMode::kWrite);
    ASSERT_TRUE(transaction->Execute("INSERT INTO users (name, created_at) VALUES ('ghost', 1)")
                    .has_value());
    EXPECT_EQ(CountRows(*transaction, "users"), 1);
  }
  auto reader = Begin(*store, TransactionMode::kRead);
  EXPECT_EQ(CountRows(*reader, "users"), 0);
  // The connection went back to the pool in a clean state: a new writer is not blocked.
  auto writer = Begin(*store, TransactionMode::kWrite);
  EXPECT_TRUE(writer->Commit().has_value());
}

TEST_F(SqliteMetastoreTest, FinishedTransactionRefusesWork) {
  auto store = Open();
  auto transaction = Begin(*store, TransactionMode::kWrite);
  ASSERT_TRUE(transaction->Commit().has_value());
  auto after = transaction->Query("SELECT 1");
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, core::ErrorCode::kInternal);
  EXPECT_FALSE(transaction->Commit().has_value());
}

TEST_F(SqliteMetastoreTest, ReadTransactionRefusesWritesAndBadSql) {
  auto store = Open();
  auto reader = Begin(*store, TransactionMode::kRead);
  EXPECT_FALSE(reader->IsWrite());
  auto write = reader->Execute("INSERT INTO users (name, created_at) VALUES ('x', 1)");
  ASSERT_FALSE(write.has_value());
  EXPECT_EQ(write.error().code, core::ErrorCode::kInternal);
  auto syntax = reader->Query("SELEKT 1");
  ASSERT_FALSE(syntax.has_value());
  EXPECT_EQ(syntax.error().code, core::ErrorCode::kInternal);
  auto two = reader->Query("SELECT 1; SELECT 2");
  EXPECT_FALSE(two.has_value());
  auto arity = reader->Query("SELECT ?", {});
  EXPECT_FALSE(arity.has_value());
  auto ok = reader->QueryOne("SELECT ? + 1", {int64_t{41}});  // the cached statement is reusable
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ((*ok)->Int(0), 42);
  ok = reader->QueryOne("SELECT ? + 1", {int64_t{1}});
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ((*ok)->Int(0), 2);
}

TEST_F(SqliteMetastoreTest, WriterWaitsBoundedThenUnavailable) {
  auto store = Open();
  auto holder = Begin(*store, TransactionMode::kWrite);
  auto start = std::chrono::steady_clock::now();
  auto second = store->Begin(TransactionMode::kWrite);
  auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, core::ErrorCode::kUnavailable);
  EXPECT_GE(waited, std::chrono::seconds(1));
  ASSERT_TRUE(holder->Commit().has_value());
  auto third = store->Begin(TransactionMode::kWrite);
  EXPECT_TRUE(third.has_value());
}

TEST_F(SqliteMetastoreTest, ReadersSeeSnapshotsWhileAWriterWorks) {
  auto store = Open();
  {
    auto setup = Begin(*store, TransactionMode::kWrite);
    ASSERT_TRUE(setup->Execute("INSERT INTO users (name, created_at) VALUES ('base', 1)"));
    ASSERT_TRUE(setup->Commit());
  }
  auto writer = Begin(*store, TransactionMode::kWrite);
  ASSERT_TRUE(writer->Execute("INSERT INTO users (name, created_at) VALUES ('new', 2)"));

  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        auto reader = store->Begin(TransactionMode::kRead);
        if (!reader) {
          ++failures;
          continue;
        }
        auto count = (*reader)->QueryOne("SELECT COUNT(*) FROM users");
        if (!count || !count->has_value() || (*count)->Int(0) != 1) ++failures;
      }
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(failures.load(), 0);

  auto snapshot = Begin(*store, TransactionMode::kRead);
  EXPECT_EQ(CountRows(*snapshot, "users"), 1);
  ASSERT_TRUE(writer->Commit());
  EXPECT_EQ(CountRows(*snapshot, "users"), 1);  // a snapshot does not move under its reader
  auto fresh = Begin(*store, TransactionMode::kRead);
  EXPECT_EQ(CountRows(*fresh, "users"), 2);
}

TEST_F(SqliteMetastoreTest, ConcurrentWritersAllCommit) {
  auto store = Open();
  constexpr int kThreads = 8;
  constexpr int kRounds = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        auto writer = store->Begin(TransactionMode::kWrite);
        if (!writer) {
          ++failures;
          continue;
        }
        auto inserted =
            (*writer)->Insert("INSERT INTO users (name, created_at) VALUES (?, ?)",
                              {"u" + std::to_string(t) + "_" + std::to_string(round), int64_t{1}});
        if (!inserted || !(*writer)->Commit()) ++failures;
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  auto reader = Begin(*store, TransactionMode::kRead);
  EXPECT_EQ(CountRows(*reader, "users"), kThreads * kRounds);
}

}  // namespace
}  // namespace modelhub::storage
