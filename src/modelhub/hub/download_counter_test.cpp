// DownloadCounter against a real SQLite metastore: the Hub's counting rule, dataset de-duplication,
// batched flushes, the 30- and 7-day windows sliding at a day change, and counts kept pending when
// a flush fails.
#include "modelhub/hub/download_counter.h"

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "modelhub/hub/internal/counters.h"

namespace modelhub::hub {
namespace {

namespace fs = std::filesystem;
using core::RepoType;
using internal::kMillisPerDay;

constexpr int64_t kDay = 20'000;  // some UTC day, as DayOf counts them
constexpr int64_t kNoon = kDay * kMillisPerDay + kMillisPerDay / 2;

class DownloadCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("modelhub-counter-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    metastore_ = std::move(*storage::Metastore::OpenSqlite((dir_ / "db.sqlite").string()));
    auto txn = std::move(*metastore_->Begin(storage::TransactionMode::kWrite));
    for (const char* type : {"model", "dataset"}) {
      ids_.push_back(*txn->Insert(
          "INSERT INTO repos (type, namespace, name, created_at, updated_at) VALUES (?, 'ns', 'r', "
          "0, 0)",
          {std::string(type)}));
    }
    ASSERT_TRUE(txn->Commit().has_value());
  }
  void TearDown() override {
    metastore_.reset();
    fs::remove_all(dir_);
  }

  struct Figures {
    int64_t downloads, all_time;
    double trending;
  };
  Figures Read(int64_t repo_id) {
    auto txn = std::move(*metastore_->Begin(storage::TransactionMode::kRead));
    auto row = **txn->QueryOne(
        "SELECT downloads, downloads_all_time, trending FROM repos WHERE id = ?", {repo_id});
    return {row.Int(0), row.Int(1), row.Real(2)};
  }

  fs::path dir_;
  std::unique_ptr<storage::Metastore> metastore_;
  std::vector<int64_t> ids_;
};

TEST(DownloadCounterRule, QueryFilesForModelsAnyFileForDatasetsNothingForSpaces) {
  EXPECT_TRUE(DownloadCounter::Counts(RepoType::kModel, "config.json"));
  EXPECT_TRUE(DownloadCounter::Counts(RepoType::kModel, "model_index.json"));
  EXPECT_TRUE(DownloadCounter::Counts(RepoType::kModel, "sub/model-Q4_K_M.gguf"));
  EXPECT_FALSE(DownloadCounter::Counts(RepoType::kModel, "sub/config.json"));
  EXPECT_FALSE(DownloadCounter::Counts(RepoType::kModel, "model.safetensors"));
  EXPECT_TRUE(DownloadCounter::Counts(RepoType::kDataset, "data/train.parquet"));
  EXPECT_FALSE(DownloadCounter::Counts(RepoType::kSpace, "config.json"));
}

TEST_F(DownloadCounterTest, CountsInBatchesAndDeduplicatesDatasetClients) {
  DownloadCounter counter(*metastore_);
  const int64_t model = ids_[0], dataset = ids_[1];
  counter.Record(model, RepoType::kModel, "config.json", "10.0.0.1", kNoon);
  counter.Record(model, RepoType::kModel, "config.json", "10.0.0.1", kNoon);
  counter.Record(model, RepoType::kModel, "tokenizer.json", "10.0.0.1", kNoon);
  counter.Record(dataset, RepoType::kDataset, "a.csv", "10.0.0.1", kNoon);
  counter.Record(dataset, RepoType::kDataset, "b.csv", "10.0.0.1", kNoon + 60'000);
  counter.Record(dataset, RepoType::kDataset, "a.csv", "10.0.0.2", kNoon + 60'000);
  // Nothing is written before a flush: resolve never waits for the database.
  EXPECT_EQ(Read(model).downloads, 0);
  ASSERT_TRUE(counter.Flush(kNoon + 60'000).has_value());
  EXPECT_EQ(Read(model).downloads, 2);
  EXPECT_EQ(Read(model).all_time, 2);
  EXPECT_DOUBLE_EQ(Read(model).trending, 2);
  EXPECT_EQ(Read(dataset).downloads, 2);  // two addresses
  // Five minutes after the first request the same address counts again.
  counter.Record(dataset, RepoType::kDataset, "a.csv", "10.0.0.1", kNoon + 5 * 60'000);
  ASSERT_TRUE(counter.Flush(kNoon + 5 * 60'000).has_value());
  EXPECT_EQ(Read(dataset).downloads, 3);
}

TEST_F(DownloadCounterTest, WindowsSlideWhenTheDayChanges) {
  const int64_t model = ids_[0];
  // (Counters flush at destruction with the real clock, so both live until the end.)
  DownloadCounter counter(*metastore_);
  ASSERT_TRUE(counter.Flush(kNoon).has_value());  // first flush: records the sweep day
  for (int i = 0; i < 4; ++i) counter.Record(model, RepoType::kModel, "config.json", "a", kNoon);
  ASSERT_TRUE(counter.Flush(kNoon).has_value());
  counter.Record(model, RepoType::kModel, "config.json", "a", kNoon + 3 * kMillisPerDay);
  ASSERT_TRUE(counter.Flush(kNoon + 3 * kMillisPerDay).has_value());
  EXPECT_EQ(Read(model).downloads, 5);
  EXPECT_DOUBLE_EQ(Read(model).trending, 5);

  // Another process (it finds the last sweep day in the metastore), 7 days on: the first four
  // left the trending window, not the 30-day one.
  DownloadCounter later(*metastore_);
  ASSERT_TRUE(later.Flush(kNoon + 7 * kMillisPerDay).has_value());
  EXPECT_EQ(Read(model).downloads, 5);
  EXPECT_DOUBLE_EQ(Read(model).trending, 1);
  // 30 days on, only the later download is still in the window; all-time keeps everything.
  ASSERT_TRUE(later.Flush(kNoon + 30 * kMillisPerDay).has_value());
  EXPECT_EQ(Read(model).downloads, 1);
  EXPECT_DOUBLE_EQ(Read(model).trending, 0);
  EXPECT_EQ(Read(model).all_time, 5);
  ASSERT_TRUE(later.Flush(kNoon + 33 * kMillisPerDay).has_value());
  EXPECT_EQ(Read(model).downloads, 0);
}

TEST_F(DownloadCounterTest, FailedFlushKeepsCountsPending) {
  const int64_t model = ids_[0];
  DownloadCounter counter(*metastore_);
  counter.Record(model, RepoType::kModel, "config.json", "a", kNoon);
  {
    // Another writer holds the write lock for longer than a flush waits.
    auto blocker = std::move(*metastore_->Begin(storage::TransactionMode::kWrite));
    auto flushed = counter.Flush(kNoon);
    ASSERT_FALSE(flushed.has_value());
  }
  ASSERT_TRUE(counter.Flush(kNoon).has_value());
  EXPECT_EQ(Read(model).downloads, 1);
}

}  // namespace
}  // namespace modelhub::hub
