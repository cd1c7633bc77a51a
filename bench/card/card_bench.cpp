// Single-threaded `card inspect` throughput: the shared corpus of real cards, repeated to at
// least 100,000 cards, each given to InspectCard (metadata, eval results, sections, lint, trust,
// lineage) and the report serialised. Prints cards/s, MB/s and peak RSS. Not a test.
//
//   card_bench [CARDS_DIR] [MIN_CARDS]   (defaults: ../shared/data/model-cards, 100000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "modelhub/card/inspect.h"

int main(int argc, char** argv) {
  const std::filesystem::path dir =
      argc > 1
          ? argv[1]
          : std::filesystem::path(MODELHUB_SOURCE_DIR).parent_path() / "shared/data/model-cards";
  const long min_cards = argc > 2 ? std::atol(argv[2]) : 100000;
  std::vector<std::string> cards;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    cards.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (cards.empty()) {
    std::fprintf(stderr, "no cards in %s\n", dir.c_str());
    return 1;
  }
  const long rounds =
      (min_cards + static_cast<long>(cards.size()) - 1) / static_cast<long>(cards.size());
  size_t bytes = 0;
  size_t output = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long r = 0; r < rounds; ++r) {
    for (const std::string& text : cards) {
      const nlohmann::json report = modelhub::card::InspectCard(text);
      output += report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size();
      bytes += text.size();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long total = rounds * static_cast<long>(cards.size());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "cards=%ld distinct=%zu input_mb=%.1f seconds=%.2f cards_per_s=%.0f mb_per_s=%.1f "
      "peak_rss_mb=%.1f output_mb=%.1f\n",
      total, cards.size(), bytes / 1e6, seconds, total / seconds, bytes / 1e6 / seconds,
      usage.ru_maxrss / 1024.0, output / 1e6);
  return 0;
}
