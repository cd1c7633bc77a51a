// Single-threaded `card inspect --json` throughput: the shared corpus of real cards, repeated to
// at least 100,000 cards, each given to AppendInspectCardJson (front matter, metadata, eval
// results, sections, lint, trust, lineage, written as the report's JSON text into a reused string,
// the CLI's path without its file reads and indentation). Prints cards/s by wall
// clock and by process CPU time (the shared machine's load skews the former), MB/s, peak RSS,
// and a peer timed in the same run: PyYAML's safe_load (what huggingface_hub parses front matter
// with) over the same cards' front matter, pure-Python and C loaders. Not a test.
//
//   card_bench [CARDS_DIR] [MIN_CARDS]   (defaults: ../shared/data/model-cards, 100000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "modelhub/card/inspect.h"

namespace {

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// huggingface_hub's front matter regex and yaml.safe_load, repeated for about two seconds;
// prints "<python cards/s> <C-loader cards/s>" or nothing when PyYAML is missing.
constexpr const char* kPeer = R"PY(
import os, re, sys, time, yaml
r = re.compile(r"^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))")
d = sys.argv[1]
docs = []
for n in sorted(os.listdir(d)):
    if n.endswith(".md"):
        m = r.search(open(os.path.join(d, n), encoding="utf-8", errors="replace").read())
        docs.append(m.group(2) if m else "")
def rate(loader):
    count, start = 0, time.process_time()
    while time.process_time() - start < 2:
        for y in docs:
            try:
                yaml.load(y, Loader=loader)
            except yaml.YAMLError:
                pass
        count += len(docs)
    return count / (time.process_time() - start)
c = getattr(yaml, "CSafeLoader", None)
print(round(rate(yaml.SafeLoader)), round(rate(c)) if c else 0)
)PY";

}  // namespace

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
  const double cpu_start = CpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  // Each report written into the same string, as a caller that writes reports out one by one
  // (the CLI appends them to its output) does.
  std::string report;
  for (long r = 0; r < rounds; ++r) {
    for (const std::string& text : cards) {
      report.clear();
      modelhub::card::AppendInspectCardJson(text, {}, &report);
      output += report.size();
      bytes += text.size();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = CpuSeconds() - cpu_start;
  const long total = rounds * static_cast<long>(cards.size());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "cards=%ld distinct=%zu input_mb=%.1f seconds=%.2f cards_per_s=%.0f mb_per_s=%.1f "
      "cpu_seconds=%.2f cards_per_cpu_s=%.0f peak_rss_mb=%.1f output_mb=%.1f\n",
      total, cards.size(), bytes / 1e6, seconds, total / seconds, bytes / 1e6 / seconds, cpu,
      total / cpu, usage.ru_maxrss / 1024.0, output / 1e6);
  std::fflush(stdout);

  const std::string command = "python3 -c '" + std::string(kPeer) + "' '" + dir.string() + "'";
  FILE* peer = popen(command.c_str(), "r");
  double python_rate = 0;
  double c_rate = 0;
  if (peer != nullptr) {
    if (std::fscanf(peer, "%lf %lf", &python_rate, &c_rate) != 2) python_rate = c_rate = 0;
    pclose(peer);
  }
  if (python_rate <= 0) {
    std::printf("peer=unavailable (python3 with PyYAML)\n");
    return 0;
  }
  std::printf(
      "peer=pyyaml_safe_load_front_matter_only python_cards_per_cpu_s=%.0f "
      "c_loader_cards_per_cpu_s=%.0f ratio_vs_python=%.1f ratio_vs_c_loader=%.1f\n",
      python_rate, c_rate, total / cpu / python_rate, c_rate > 0 ? total / cpu / c_rate : 0.0);
  return 0;
}
