// The shared corpus of real cards (../shared/data/model-cards): every card goes through the full
// inspection without a crash, and the cards listed in tests/data/cards/ match their golden
// parse (front matter, metadata, errors, model name, eval results, sections). The cards are read
// from ../shared, never copied. Set MODELHUB_UPDATE_GOLDEN=1 to rewrite the golden files after a
// deliberate change, then review the diff by hand.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "modelhub/card/inspect.h"
#include "modelhub/card/internal/test_paths.h"

namespace modelhub::card {
namespace {

using nlohmann::json;

json GoldenView(const json& report) {
  return {{"front_matter", report["front_matter"]},
          {"kind", report["kind"]},
          {"metadata", report["metadata"]},
          {"errors", report["errors"]},
          {"model_name", report["model_name"]},
          {"eval_results", report["eval_results"]},
          {"eval_results_error", report["eval_results_error"]},
          {"sections", report["sections"]}};
}

TEST(Corpus, EveryCardInspects) {
  const auto dir = testing::SharedDir() / "data/model-cards";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " not found; corpus test skipped";
  int cards = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".md") continue;
    const json report = InspectCard(testing::ReadFile(entry.path()));
    EXPECT_TRUE(report.contains("trust")) << entry.path();
    EXPECT_NO_THROW(report.dump(-1, ' ', false, json::error_handler_t::strict)) << entry.path();
    ++cards;
  }
  EXPECT_GE(cards, 150);
}

TEST(Corpus, GoldenFiles) {
  const auto dir = testing::SharedDir() / "data/model-cards";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " not found; golden test skipped";
  const auto golden_dir = testing::SourceDir() / "tests/data/cards";
  const bool update = std::getenv("MODELHUB_UPDATE_GOLDEN") != nullptr;
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(golden_dir)) {
    if (entry.path().extension() != ".json") continue;
    const auto card_path = dir / (entry.path().stem().string() + ".md");
    ASSERT_TRUE(std::filesystem::exists(card_path)) << card_path;
    const json actual = GoldenView(InspectCard(testing::ReadFile(card_path)));
    if (update) {
      std::ofstream(entry.path(), std::ios::binary) << actual.dump(1) << "\n";
      continue;
    }
    const json expected = json::parse(testing::ReadFile(entry.path()));
    EXPECT_EQ(actual, expected) << entry.path().filename() << "\n" << json::diff(expected, actual);
    ++compared;
  }
  if (!update) {
    EXPECT_GE(compared, 30);
  }
}

}  // namespace
}  // namespace modelhub::card
