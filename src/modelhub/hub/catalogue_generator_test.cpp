#include "modelhub/hub/catalogue_generator.h"

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "modelhub/hub/repo_service.h"

namespace modelhub::hub {
namespace {

namespace fs = std::filesystem;

constexpr CatalogueSpec kSpec{.seed = 7, .models = 300, .datasets = 20, .spaces = 10};

class CatalogueGeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("modelhub-catalogue-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  struct Store {
    std::unique_ptr<storage::Metastore> metastore;
    std::unique_ptr<storage::BlobStore> blobs;
  };

  Store Generate(const std::string& name, const CatalogueSpec& spec) {
    fs::path dir = root_ / name;
    fs::create_directories(dir);
    Store store;
    store.metastore = std::move(*storage::Metastore::OpenSqlite(
        (dir / "modelhub.db").string(), storage::SqliteOptions{.durable = false}));
    store.blobs = std::move(*storage::OpenFsBlobStore((dir / "blobs").string()));
    CatalogueOptions options;
    options.repos_per_transaction = 64;
    auto stats = GenerateCatalogue(*store.metastore, *store.blobs, spec, options);
    EXPECT_TRUE(stats.has_value()) << stats.error().message;
    if (stats) {
      EXPECT_EQ(stats->repos, spec.models + spec.datasets + spec.spaces);
    }
    return store;
  }

  // Everything a listing shows, per repo in id order, except commit shas (they carry the time).
  static std::vector<std::string> Listing(storage::Metastore& metastore) {
    auto txn = std::move(*metastore.Begin(storage::TransactionMode::kRead));
    auto rows = txn->Query(
        "SELECT r.type || ' ' || r.namespace || '/' || r.name || ' ' || r.private || ' ' || "
        "r.gated || ' ' || r.sdk || ' ' || r.created_at || ' ' || r.updated_at || ' ' || "
        "r.downloads || ' ' || r.likes || ' ' || c.last_modified || ' ' || "
        "COALESCE(c.pipeline_tag, '-') || ' ' || COALESCE(c.library_name, '-') || ' ' || "
        "COALESCE(c.license, '-') || ' ' || c.tags || ' ' || c.card_data || ' ' || c.config || "
        "' ' || c.safetensors || ' ' || c.siblings || ' ' || COALESCE(c.parameters, '-') || ' ' "
        "|| c.total_size || ' ' || c.eval_count "
        "FROM repos r JOIN catalog_rows c ON c.repo_id = r.id ORDER BY r.id");
    EXPECT_TRUE(rows.has_value()) << rows.error().message;
    std::vector<std::string> out;
    if (!rows) return out;
    for (const auto& row : *rows) out.push_back(row.Text(0));
    return out;
  }

  fs::path root_;
};

TEST_F(CatalogueGeneratorTest, SameSeedSameCatalogueOtherSeedDiffers) {
  Store first = Generate("a", kSpec);
  Store second = Generate("b", kSpec);
  CatalogueSpec other = kSpec;
  other.seed = 8;
  Store third = Generate("c", other);
  auto listing = Listing(*first.metastore);
  ASSERT_EQ(listing.size(), 330u);
  EXPECT_EQ(listing, Listing(*second.metastore));
  EXPECT_NE(listing, Listing(*third.metastore));

  // The same through the service's listing, most downloaded first.
  Caller anonymous;
  search::CatalogQuery query;
  query.sort = search::SortKey::kDownloads;
  query.limit = 50;
  auto ids = [&](Store& store) {
    RepoService service(*store.metastore, *store.blobs);
    auto page = service.Search(anonymous, query);
    EXPECT_TRUE(page.has_value());
    std::vector<std::string> out;
    for (const auto& info : page->repos) out.push_back(info.record.key.id.ToString());
    return out;
  };
  EXPECT_EQ(ids(first), ids(second));
  EXPECT_EQ(ids(first).size(), 50u);
}

TEST_F(CatalogueGeneratorTest, DistributionsLookLikeTheHub) {
  Store store = Generate("a", CatalogueSpec{.seed = 11, .models = 600});
  auto txn = std::move(*store.metastore->Begin(storage::TransactionMode::kRead));
  auto rows = std::move(*txn->Query(
      "SELECT r.namespace || '/' || r.name, c.card_data, c.pipeline_tag, c.library_name, "
      "c.license, c.parameters, c.eval_count, r.downloads, c.tags FROM repos r "
      "JOIN catalog_rows c ON c.repo_id = r.id WHERE r.type = 'model'"));
  ASSERT_EQ(rows.size(), 600u);
  std::map<std::string, std::vector<std::string>> bases;
  std::map<std::string, int> pipelines, licenses;
  int with_evals = 0, with_parameters = 0, peft = 0, merges = 0, gguf = 0, relations = 0;
  int64_t max_downloads = 0, zero_downloads = 0;
  for (const auto& row : rows) {
    auto card = nlohmann::json::parse(row.Text(1));
    ASSERT_TRUE(card.is_object()) << row.Text(0);
    if (card.contains("base_model")) {
      auto base = card["base_model"];
      if (base.is_string()) base = nlohmann::json::array({base});
      for (const auto& id : base) bases[row.Text(0)].push_back(id.get<std::string>());
      merges += base.size() >= 2;
    }
    relations += card.contains("base_model_relation");
    ++pipelines[row.OptionalText(2).value_or("")];
    ++licenses[row.OptionalText(4).value_or("")];
    peft += row.OptionalText(3) == "peft";
    with_parameters += !row.IsNull(5);
    with_evals += row.Int(6) > 0;
    max_downloads = std::max(max_downloads, row.Int(7));
    zero_downloads += row.Int(7) == 0;
    gguf += row.Text(8).find("\"gguf\"") != std::string::npos;
  }
  // Depth of the base_model chain of each model (parents are always created first).
  std::map<std::string, int> depth;
  std::function<int(const std::string&)> depth_of = [&](const std::string& id) {
    if (auto found = depth.find(id); found != depth.end()) return found->second;
    int d = 0;
    for (const auto& base : bases[id]) d = std::max(d, depth_of(base) + 1);
    return depth[id] = d;
  };
  int deep = 0;
  for (const auto& [id, parents] : bases) deep += depth_of(id) >= 3;

  EXPECT_GT(with_evals, 20);  // about a tenth
  EXPECT_LT(with_evals, 120);
  EXPECT_GT(deep, 5);
  EXPECT_GT(merges, 3);
  EXPECT_GT(peft, 20);
  EXPECT_GT(gguf, 20);
  EXPECT_GT(relations, 50);
  EXPECT_GT(with_parameters, 200);
  auto most = [](const std::map<std::string, int>& counts, const std::string& except) {
    std::string best;
    for (const auto& [key, count] : counts) {
      if (key != except && (best.empty() || count > counts.at(best))) best = key;
    }
    return best;
  };
  EXPECT_EQ(most(pipelines, ""), "text-generation");
  EXPECT_EQ(most(licenses, ""), "apache-2.0");
  EXPECT_GT(max_downloads, 100'000);  // a heavy tail ...
  EXPECT_GT(zero_downloads, 100);     // ... over many repos nobody downloads
}

TEST_F(CatalogueGeneratorTest, RefusesToOverwriteAnExistingCatalogue) {
  Store store = Generate("a", CatalogueSpec{.seed = 1, .models = 5});
  auto again =
      GenerateCatalogue(*store.metastore, *store.blobs, CatalogueSpec{.seed = 1, .models = 5});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
}

}  // namespace
}  // namespace modelhub::hub
