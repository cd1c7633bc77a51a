// The index writer and the query engine against a real SQLite metastore in a temp dir.
#include "modelhub/search/catalog_index.h"

#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "modelhub/search/catalog_query.h"
#include "modelhub/search/tags.h"

namespace modelhub::search {
namespace {

using storage::TransactionMode;

class CatalogIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "catalog_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = storage::Metastore::OpenSqlite(dir_ + "/modelhub.db");
    ASSERT_TRUE(store.has_value()) << store.error().message;
    store_ = std::move(store).value();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Adds a repo row and indexes a head whose card is `card`.
  int64_t AddRepo(const std::string& ns, const std::string& name, const nlohmann::json& card,
                  int64_t created_at, int64_t downloads, bool is_private = false) {
    auto txn = std::move(store_->Begin(TransactionMode::kWrite)).value();
    // Adding an existing repo again indexes a new head for it.
    auto existing =
        *txn->QueryOne("SELECT id FROM repos WHERE namespace = ? AND name = ?", {ns, name});
    int64_t id = existing ? existing->Int(0)
                          : *txn->Insert(
                                "INSERT INTO repos (type, namespace, name, private, created_at, "
                                "updated_at, downloads) VALUES ('model', ?, ?, ?, ?, ?, ?)",
                                {ns, name, int64_t{is_private}, created_at, created_at, downloads});
    RepoFacts facts;
    facts.card_data = card;
    std::vector<std::string> paths = {"README.md"};
    nlohmann::json no_config;
    facts.tags =
        DeriveTags({core::RepoType::kModel, card, paths, no_config, std::nullopt, std::nullopt});
    if (card.contains("pipeline_tag")) facts.pipeline_tag = card["pipeline_tag"];
    facts.used_storage = card.value("size", 100);
    if (card.contains("trust")) facts.trust_score = card["trust"].get<int>();
    if (card.contains("params"))
      facts.safetensors = SafetensorsInfo{{{"F32", card["params"]}}, card["params"]};
    std::vector<FileRef> files = {{"README.md", "0000", 100, std::nullopt}};
    EXPECT_TRUE(WriteCatalogEntry(*txn, id, "sha-" + name, created_at, facts, files).has_value());
    EXPECT_TRUE(txn->Commit().has_value());
    return id;
  }

  std::vector<std::string> Names(const CatalogQuery& query, std::optional<std::string>* next,
                                 const VisibilityPredicate& visible = AllPublic) {
    auto txn = std::move(store_->Begin(TransactionMode::kRead)).value();
    auto page = RunCatalogQuery(*txn, query, visible);
    EXPECT_TRUE(page.has_value()) << page.error().message;
    std::vector<std::string> names;
    if (!page) return names;
    for (const CatalogHit& hit : page->hits) names.push_back(hit.name);
    if (next) *next = page->next_cursor;
    return names;
  }

  static bool AllPublic(const std::string&, const std::string&, bool is_private) {
    return !is_private;
  }

  CatalogQuery Query(std::vector<QueryParam> params) {
    auto query = ParseCatalogQuery(core::RepoType::kModel, params);
    EXPECT_TRUE(query.has_value());
    return *query;
  }

  std::string dir_;
  std::unique_ptr<storage::Metastore> store_;
};

TEST_F(CatalogIndexTest, FiltersByTagsPipelineSearchAndAuthor) {
  AddRepo("org", "bert-en", {{"license", "mit"}, {"language", "en"}, {"pipeline_tag", "fill-mask"}},
          1, 10);
  AddRepo("org", "bert-fr", {{"license", "mit"}, {"language", "fr"}, {"pipeline_tag", "fill-mask"}},
          2, 20);
  AddRepo("other", "gpt", {{"license", "apache-2.0"}, {"pipeline_tag", "text-generation"}}, 3, 30);
  EXPECT_EQ(Names(Query({{"filter", "license:mit"}, {"filter", "language:en"}}), nullptr),
            std::vector<std::string>{"bert-en"});
  EXPECT_EQ(Names(Query({{"pipeline_tag", "fill-mask"}}), nullptr),
            (std::vector<std::string>{"bert-fr", "bert-en"}));
  EXPECT_EQ(Names(Query({{"search", "BERT-"}, {"sort", "downloads"}, {"direction", "1"}}), nullptr),
            (std::vector<std::string>{"bert-en", "bert-fr"}));
  EXPECT_EQ(Names(Query({{"author", "other"}}), nullptr), std::vector<std::string>{"gpt"});
  // LIKE wildcards in the search text match themselves only.
  EXPECT_TRUE(Names(Query({{"search", "b%t"}}), nullptr).empty());
  EXPECT_TRUE(Names(Query({{"filter", "it's"}}), nullptr).empty());
  // The trigram index follows renames and deletions of repos rows.
  {
    auto txn = std::move(store_->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(txn->Execute("UPDATE repos SET name = 'roberta-en' WHERE name = 'bert-en'"));
    ASSERT_TRUE(txn->Execute("DELETE FROM repos WHERE name = 'gpt'"));
    ASSERT_TRUE(txn->Commit());
  }
  EXPECT_EQ(Names(Query({{"search", "RoBERTa"}}), nullptr), std::vector<std::string>{"roberta-en"});
  EXPECT_EQ(Names(Query({{"search", "bert-"}}), nullptr), std::vector<std::string>{"bert-fr"});
  EXPECT_TRUE(Names(Query({{"search", "gpt"}}), nullptr).empty());
  EXPECT_EQ(Names(Query({{"search", "g/rob"}}), nullptr), std::vector<std::string>{"roberta-en"});
}

TEST_F(CatalogIndexTest, PagesWithCursorsInSortOrderAndRespectsVisibility) {
  for (int i = 0; i < 7; ++i) {
    AddRepo("ns", "m" + std::to_string(i), nlohmann::json::object(), 100 + i, i % 3, i == 4);
  }
  std::vector<std::string> all;
  std::optional<std::string> next;
  CatalogQuery query = Query({{"sort", "downloads"}, {"limit", "2"}});
  do {
    query.cursor = next;
    auto names = Names(query, &next);
    ASSERT_LE(names.size(), 2u);
    all.insert(all.end(), names.begin(), names.end());
  } while (next);
  // downloads 2,2(private m4 hidden),1,1,0,0,0 ; ties broken by id, descending.
  EXPECT_EQ(all, (std::vector<std::string>{"m5", "m2", "m1", "m6", "m3", "m0"}));

  auto owner = [](const std::string& ns, const std::string&, bool) { return ns == "ns"; };
  EXPECT_EQ(Names(Query({{"sort", "id"}, {"limit", "100"}}), nullptr, owner).size(), 7u);
  auto bad = Query({{"cursor", "zz"}});
  auto txn = std::move(store_->Begin(TransactionMode::kRead)).value();
  EXPECT_EQ(RunCatalogQuery(*txn, bad, AllPublic).error().code, core::ErrorCode::kBadRequest);
}

TEST_F(CatalogIndexTest, FiltersBeyondTheHub) {
  auto evals = [](double accuracy, int shots, bool verified) {
    return nlohmann::json::array(
        {{{"name", "m"},
          {"results",
           {{{"task", {{"type", "text-generation"}}},
             {"dataset",
              {{"type", "cais/mmlu"}, {"name", "MMLU"}, {"args", {{"num_few_shot", shots}}}}},
             {"metrics", {{{"type", "acc"}, {"value", accuracy}, {"verified", verified}}}}}}}}});
  };
  AddRepo("org", "base",
          {{"license", "apache-2.0"}, {"params", 7000}, {"model-index", evals(0.7, 5, true)}}, 1,
          0);
  AddRepo("org", "ft",
          {{"license", "cc-by-nc-4.0"},
           {"base_model", "org/base"},
           {"params", 7000},
           {"model-index", evals(0.5, 5, false)}},
          2, 0);
  AddRepo("org", "ft-q",
          {{"base_model", "org/ft"}, {"base_model_relation", "quantized"}, {"size", 5000}}, 3, 0);
  AddRepo("org", "lora", {{"base_model", "org/ft"}, {"base_model_relation", "adapter"}}, 4, 0);
  AddRepo("org", "loop-a", {{"base_model", "org/loop-b"}}, 5, 0);
  AddRepo("org", "loop-b", {{"base_model", "org/loop-a"}}, 6, 0);

  EXPECT_EQ(Names(Query({{"eval", "mmlu:acc>=0.6@5"}}), nullptr), std::vector<std::string>{"base"});
  EXPECT_EQ(Names(Query({{"eval", "cais/mmlu:ACC>0.4"}, {"sort", "id"}}), nullptr),
            (std::vector<std::string>{"base", "ft"}));
  EXPECT_TRUE(Names(Query({{"eval", "mmlu:acc>=0.4@0"}}), nullptr).empty());
  EXPECT_EQ(Names(Query({{"eval", "mmlu:acc>0"}, {"eval_verified", "true"}}), nullptr),
            std::vector<std::string>{"base"});
  EXPECT_EQ(Names(Query({{"has_evals", "true"}}), nullptr).size(), 2u);
  EXPECT_EQ(Names(Query({{"has_evals", "false"}}), nullptr).size(), 4u);
  EXPECT_EQ(Names(Query({{"params_min", "7k"}, {"params_max", "7000"}}), nullptr).size(), 2u);
  EXPECT_EQ(Names(Query({{"size_min", "1000"}}), nullptr), std::vector<std::string>{"ft-q"});
  std::optional<std::string> next;
  auto by_params = Query({{"sort", "num_parameters"}, {"limit", "1"}});
  EXPECT_EQ(Names(by_params, &next), std::vector<std::string>{"ft"});
  by_params.cursor = next;
  EXPECT_EQ(Names(by_params, nullptr), std::vector<std::string>{"base"});
  EXPECT_EQ(Names(Query({{"sort", "mainSize"}, {"limit", "1"}}), nullptr),
            std::vector<std::string>{"ft-q"});
  EXPECT_EQ(Names(Query({{"commercial", "true"}}), nullptr), std::vector<std::string>{"base"});
  EXPECT_EQ(Names(Query({{"license_class", "non-commercial"}}), nullptr),
            std::vector<std::string>{"ft"});
  EXPECT_EQ(Names(Query({{"descendants_of", "org/base"}, {"sort", "id"}}), nullptr),
            (std::vector<std::string>{"ft", "ft-q", "lora"}));
  EXPECT_EQ(Names(Query({{"descendants_of", "org/base"}, {"relation", "adapter"}}), nullptr),
            std::vector<std::string>{"lora"});
  EXPECT_EQ(Names(Query({{"descendants_of", "org/loop-a"}, {"sort", "id"}}), nullptr),
            (std::vector<std::string>{"loop-a", "loop-b"}));
}

// The base_model closure follows every change: bases indexed after their children, a link moved
// to another parent, a link removed inside a cycle, a deleted repo.
TEST_F(CatalogIndexTest, DescendantsFollowBaseModelChangesInAnyOrder) {
  auto descendants = [&](const std::string& base) {
    return Names(Query({{"descendants_of", base}, {"sort", "id"}}), nullptr);
  };
  using NameList = std::vector<std::string>;
  AddRepo("org", "leaf", {{"base_model", "org/mid"}}, 1, 0);
  EXPECT_EQ(descendants("org/mid"), NameList{"leaf"});
  EXPECT_TRUE(descendants("org/root").empty());
  // The middle arrives with its own base: the leaf now descends from the root too.
  int64_t mid = AddRepo("org", "mid", {{"base_model", "org/root"}}, 2, 0);
  EXPECT_EQ(descendants("org/root"), (NameList{"leaf", "mid"}));
  AddRepo("org", "root", {{"license", "mit"}}, 3, 0);
  EXPECT_EQ(descendants("org/root"), (NameList{"leaf", "mid"}));
  // The middle moves to another base, as a quantisation: the whole subtree moves with it.
  AddRepo("org", "mid", {{"base_model", "org/other"}, {"base_model_relation", "quantized"}}, 4, 0);
  EXPECT_TRUE(descendants("org/root").empty());
  EXPECT_EQ(descendants("org/other"), (NameList{"leaf", "mid"}));
  EXPECT_EQ(Names(Query({{"descendants_of", "org/other"}, {"relation", "quantized"}}), nullptr),
            NameList{"mid"});
  EXPECT_EQ(Names(Query({{"descendants_of", "org/other"}, {"relation", "finetune"}}), nullptr),
            NameList{"leaf"});
  // A cycle through the middle, then broken again: nothing of it may survive.
  AddRepo("org", "other", {{"base_model", "org/leaf"}}, 5, 0);
  EXPECT_EQ(descendants("org/leaf"), (NameList{"leaf", "mid", "other"}));
  AddRepo("org", "other", {{"license", "mit"}}, 6, 0);
  EXPECT_TRUE(descendants("org/leaf").empty());
  EXPECT_EQ(descendants("org/other"), (NameList{"leaf", "mid"}));
  // The middle is deleted: the leaf still names it, but the chain above it is gone.
  {
    auto txn = std::move(store_->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(DeleteCatalogEntry(*txn, mid).has_value());
    ASSERT_TRUE(txn->Execute("DELETE FROM repos WHERE id = ?", {mid}).has_value());
    ASSERT_TRUE(txn->Commit().has_value());
  }
  EXPECT_EQ(descendants("org/mid"), NameList{"leaf"});
  EXPECT_TRUE(descendants("org/other").empty());
}

TEST_F(CatalogIndexTest, CommercialUseAlongTheWholeChainAndTrustScore) {
  // The child is indexed before its base: indexing the base fixes the child's verdict.
  AddRepo("org", "child",
          {{"license", "apache-2.0"}, {"base_model", "org/llama-ft"}, {"trust", 80}}, 1, 0);
  AddRepo("org", "llama-ft", {{"license", "apache-2.0"}, {"base_model", "meta/llama"}}, 2, 0);
  AddRepo("org", "perm", {{"license", "mit"}, {"trust", 40}}, 3, 0);
  AddRepo("org", "perm-ft", {{"license", "apache-2.0"}, {"base_model", "org/perm"}}, 4, 0);
  AddRepo("org", "orphan", {{"license", "mit"}, {"base_model", "nowhere/x"}}, 5, 0);
  EXPECT_EQ(Names(Query({{"chain_commercial", "yes"}, {"sort", "id"}}), nullptr),
            (std::vector<std::string>{"perm", "perm-ft"}));
  // Own license alone says yes for all but the missing and the unresolved chains.
  EXPECT_EQ(Names(Query({{"commercial", "yes"}}), nullptr).size(), 5u);
  EXPECT_EQ(Names(Query({{"chain_commercial", "unknown"}, {"sort", "id"}}), nullptr),
            (std::vector<std::string>{"child", "llama-ft", "orphan"}));

  // The Llama base arrives: its license flows down two levels.
  AddRepo("meta", "llama", {{"license", "llama3"}}, 6, 0);
  // sort=id orders by "namespace/name": meta/llama first.
  EXPECT_EQ(Names(Query({{"chain_commercial", "conditional"}, {"sort", "id"}}), nullptr),
            (std::vector<std::string>{"llama", "child", "llama-ft"}));
  // A non-commercial base turns every descendant's verdict to no.
  AddRepo("meta", "llama", {{"license", "cc-by-nc-4.0"}}, 7, 0);
  EXPECT_EQ(Names(Query({{"chain_commercial", "false"}, {"sort", "id"}}), nullptr),
            (std::vector<std::string>{"llama", "child", "llama-ft"}));

  EXPECT_EQ(Names(Query({{"trust_min", "50"}}), nullptr), std::vector<std::string>{"child"});
  EXPECT_EQ(Names(Query({{"trust_min", "40"}}), nullptr).size(), 2u);
}

// Filters on a tag with more repos than kDrivingPostings walk the sort order; a rarer tag in the
// same query drives it instead. Both plans must give the same pages.
TEST_F(CatalogIndexTest, CommonAndRareTagsGiveTheSameResultsWhicheverDrives) {
  constexpr int kRepos = 5200;
  {
    auto txn = std::move(store_->Begin(TransactionMode::kWrite)).value();
    for (int i = 0; i < kRepos; ++i) {
      int64_t id = *txn->Insert(
          "INSERT INTO repos (type, namespace, name, created_at, updated_at, downloads) "
          "VALUES ('model', 'bulk', ?, ?, ?, ?)",
          {"m" + std::to_string(i), int64_t{i}, int64_t{i}, int64_t{i % 97}});
      ASSERT_TRUE(
          txn->Execute("INSERT INTO catalog_rows (repo_id, sha, last_modified) VALUES "
                       "(?, 'x', ?)",
                       {id, int64_t{i}}));
      ASSERT_TRUE(
          txn->Execute("INSERT INTO catalog_tags (tag, repo_id) VALUES ('common', ?)", {id}));
      ASSERT_TRUE(
          txn->Execute("INSERT INTO catalog_evals (repo_id, position, dataset, metric, "
                       "value) VALUES (?, 0, 'mmlu', 'acc', ?)",
                       {id, (i % 10) / 10.0}));
      if (i % 1000 == 7) {
        ASSERT_TRUE(
            txn->Execute("INSERT INTO catalog_tags (tag, repo_id) VALUES ('rare', ?)", {id}));
      }
      ASSERT_TRUE(txn->Execute(
          "INSERT INTO catalog_ancestors (ancestor, relation, repo_id) VALUES ('big/base', ?, ?)",
          {i % 1000 == 7 ? "adapter" : "finetune", id}));
    }
    ASSERT_TRUE(txn->Commit());
  }
  EXPECT_EQ(
      Names(Query({{"filter", "common"}, {"filter", "rare"}, {"sort", "downloads"}}), nullptr),
      (std::vector<std::string>{"m2007", "m5007", "m1007", "m4007", "m7", "m3007"}));
  std::vector<std::string> all;
  std::optional<std::string> next;
  CatalogQuery query = Query({{"filter", "common"}, {"sort", "downloads"}, {"limit", "1000"}});
  do {
    query.cursor = next;
    auto names = Names(query, &next);
    all.insert(all.end(), names.begin(), names.end());
  } while (next);
  EXPECT_EQ(all.size(), static_cast<size_t>(kRepos));
  EXPECT_EQ(all.front(), "m5140");  // downloads 96, highest id first
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
  // An eval filter most repos pass is tested per repo; a selective one gives the candidates.
  EXPECT_EQ(
      Names(Query({{"eval", "MMLU:acc>=0.1"}, {"sort", "downloads"}, {"limit", "2"}}), nullptr),
      (std::vector<std::string>{"m5043", "m4946"}));
  EXPECT_EQ(
      Names(Query({{"eval", "mmlu:acc>0.85"}, {"sort", "downloads"}, {"limit", "2"}}), nullptr),
      (std::vector<std::string>{"m4849", "m3879"}));
  // So do the descendants of a base with many, and those of one relation among them.
  EXPECT_EQ(Names(Query({{"descendants_of", "big/base"}, {"sort", "downloads"}, {"limit", "2"}}),
                  nullptr),
            (std::vector<std::string>{"m5140", "m5043"}));
  EXPECT_EQ(Names(Query({{"descendants_of", "big/base"},
                         {"relation", "adapter"},
                         {"sort", "downloads"},
                         {"limit", "2"}}),
                  nullptr),
            (std::vector<std::string>{"m2007", "m5007"}));
  // A namespace with more repos than that is tested per repo too.
  EXPECT_EQ(Names(Query({{"author", "bulk"}, {"sort", "downloads"}, {"limit", "2"}}), nullptr),
            (std::vector<std::string>{"m5140", "m5043"}));
  EXPECT_TRUE(Names(Query({{"author", "nobody"}}), nullptr).empty());
  // A substring of every name walks the sort order; a rare one comes from the trigram index.
  EXPECT_EQ(Names(Query({{"search", "BULK/m"}, {"sort", "downloads"}, {"limit", "2"}}), nullptr),
            (std::vector<std::string>{"m5140", "m5043"}));
  EXPECT_EQ(Names(Query({{"search", "k/m514"}, {"sort", "id"}}), nullptr),
            (std::vector<std::string>{"m514", "m5140", "m5141", "m5142", "m5143", "m5144", "m5145",
                                      "m5146", "m5147", "m5148", "m5149"}));
}

TEST_F(CatalogIndexTest, StoresEvalRecordsAndReplacesRowsOnReindex) {
  nlohmann::json card = nlohmann::json::parse(R"({"model-index":[{"name":"m","results":[
      {"task":{"type":"text-classification"},"dataset":{"type":"glue","name":"MNLI",
       "args":{"num_few_shot":5}},"metrics":[{"type":"accuracy","value":0.91,"verified":true},
       {"type":"f1","value":"88.0 ± 1.2"}]}]}]})");
  int64_t id = AddRepo("ns", "evald", card, 1, 0);
  auto txn = std::move(store_->Begin(TransactionMode::kWrite)).value();
  auto rows = *txn->Query(
      "SELECT dataset, metric, value, shots, verified FROM catalog_evals WHERE repo_id = ? "
      "ORDER BY position",
      {id});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Text(0), "glue");
  EXPECT_EQ(rows[0].Text(1), "accuracy");
  EXPECT_DOUBLE_EQ(rows[0].Real(2), 0.91);
  EXPECT_EQ(rows[0].Int(3), 5);
  EXPECT_EQ(rows[0].Int(4), 1);
  EXPECT_DOUBLE_EQ(rows[1].Real(2), 88.0);

  RepoFacts empty;
  ASSERT_TRUE(WriteCatalogEntry(*txn, id, "sha2", 2, empty, {}).has_value());
  EXPECT_TRUE(txn->Query("SELECT 1 FROM catalog_evals WHERE repo_id = ?", {id})->empty());
  ASSERT_TRUE(DeleteCatalogEntry(*txn, id).has_value());
  EXPECT_TRUE(txn->Query("SELECT 1 FROM catalog_rows WHERE repo_id = ?", {id})->empty());
}

}  // namespace
}  // namespace modelhub::search
