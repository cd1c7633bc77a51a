#include "modelhub/hub/lfs_pointer.h"

#include <charconv>

namespace modelhub::hub {
namespace {

constexpr std::string_view kVersionLine = "version https://git-lfs.github.com/spec/v1";

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::optional<LfsPointer> ParseLfsPointer(std::string_view blob) {
  if (blob.size() > kMaxLfsPointerSize || !blob.starts_with(kVersionLine)) return std::nullopt;
  LfsPointer pointer;
  pointer.pointer_size = blob.size();
  bool have_oid = false;
  bool have_size = false;
  size_t start = 0;
  while (start < blob.size()) {
    size_t end = blob.find('\n', start);
    if (end == std::string_view::npos) return std::nullopt;  // every line ends with '\n'
    std::string_view line = blob.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("oid sha256:")) {
      std::string_view hex = line.substr(11);
      if (hex.size() != 64 || !IsLowerHex(hex)) return std::nullopt;
      pointer.sha256 = std::string(hex);
      have_oid = true;
    } else if (line.starts_with("size ")) {
      std::string_view digits = line.substr(5);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pointer.size);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty()) {
        return std::nullopt;
      }
      have_size = true;
    }
  }
  if (!have_oid || !have_size) return std::nullopt;
  return pointer;
}

std::string FormatLfsPointer(std::string_view sha256, uint64_t size) {
  std::string text(kVersionLine);
  text += "\noid sha256:";
  text += sha256;
  text += "\nsize ";
  text += std::to_string(size);
  text += '\n';
  return text;
}

}  // namespace modelhub::hub
