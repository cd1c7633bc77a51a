// Where the card tests find the shared corpus and the project's golden files. Test-only.
#ifndef MODELHUB_CARD_INTERNAL_TEST_PATHS_H_
#define MODELHUB_CARD_INTERNAL_TEST_PATHS_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace modelhub::card::testing {

inline std::filesystem::path SourceDir() { return MODELHUB_SOURCE_DIR; }

// ../shared beside the checkout: spec/vocab and data/model-cards live there.
inline std::filesystem::path SharedDir() { return SourceDir().parent_path() / "shared"; }

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace modelhub::card::testing

#endif  // MODELHUB_CARD_INTERNAL_TEST_PATHS_H_
