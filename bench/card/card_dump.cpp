// Prints InspectCardJson of each file given, one report per line, for byte-for-byte comparison of
// the inspect output before and after a change (bench/README.md, section "card"). Not a test.
//
//   card_dump FILE...   (a file that cannot be read prints an empty line)
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "modelhub/card/inspect.h"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::string report = in ? modelhub::card::InspectCardJson(text) : std::string();
    std::fwrite(report.data(), 1, report.size(), stdout);
    std::fputc('\n', stdout);
  }
  return 0;
}
