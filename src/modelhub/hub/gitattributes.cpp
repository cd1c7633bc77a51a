#include "modelhub/hub/gitattributes.h"

#include "modelhub/hub/internal/git_pattern.h"

namespace modelhub::hub {
namespace {

// Extensions the Hub tracks with LFS in new repos (its default `.gitattributes`).
constexpr std::string_view kCommonPatterns[] = {"*.7z",          "*.arrow",
                                                "*.bin",         "*.bz2",
                                                "*.ckpt",        "*.ftz",
                                                "*.gz",          "*.h5",
                                                "*.joblib",      "*.lfs.*",
                                                "*.mlmodel",     "*.model",
                                                "*.msgpack",     "*.npy",
                                                "*.npz",         "*.onnx",
                                                "*.ot",          "*.parquet",
                                                "*.pb",          "*.pickle",
                                                "*.pkl",         "*.pt",
                                                "*.pth",         "*.rar",
                                                "*.safetensors", "saved_model/**/*",
                                                "*.tar.*",       "*.tar",
                                                "*.tflite",      "*.tgz",
                                                "*.wasm",        "*.xz",
                                                "*.zip",         "*.zst",
                                                "*tfevents*"};
constexpr std::string_view kDatasetPatterns[] = {"*.mds", "*.lz4",  "*.mp3", "*.ogg",  "*.wav",
                                                 "*.jpg", "*.jpeg", "*.png", "*.webp", "*.gif"};

}  // namespace

std::string DefaultGitattributes(core::RepoType type) {
  std::string text;
  auto add = [&](std::string_view pattern) {
    text += pattern;
    text += " filter=lfs diff=lfs merge=lfs -text\n";
  };
  for (auto pattern : kCommonPatterns) add(pattern);
  if (type == core::RepoType::kDataset) {
    for (auto pattern : kDatasetPatterns) add(pattern);
  }
  return text;
}

bool IsLfsPath(std::string_view gitattributes, std::string_view path) {
  bool lfs = false;
  size_t start = 0;
  while (start < gitattributes.size()) {
    size_t end = gitattributes.find('\n', start);
    if (end == std::string_view::npos) end = gitattributes.size();
    std::string_view line = gitattributes.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    size_t space = line.find_first_of(" \t");
    if (space == std::string_view::npos) continue;
    std::string pattern(line.substr(0, space));
    std::string_view attributes = line.substr(space);
    bool sets_lfs = attributes.find("filter=lfs") != std::string_view::npos;
    bool unsets = attributes.find("-filter") != std::string_view::npos ||
                  (!sets_lfs && attributes.find("filter=") != std::string_view::npos);
    if (!sets_lfs && !unsets) continue;
    if (internal::GitPatternMatches(pattern, path)) lfs = sets_lfs;
  }
  return lfs;
}

}  // namespace modelhub::hub
