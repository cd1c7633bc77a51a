// Parameter counts from the header of a .safetensors file: an 8-byte little-endian header length N
// followed by N bytes of JSON mapping tensor names to {dtype, shape, data_offsets}.
#ifndef MODELHUB_SEARCH_SAFETENSORS_H_
#define MODELHUB_SEARCH_SAFETENSORS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"

namespace modelhub::search {

// The `safetensors` object of repo info (spec §3): parameters per dtype and their sum.
struct SafetensorsInfo {
  std::map<std::string, int64_t> parameters;  // dtype -> count
  int64_t total = 0;
};

// The Hub's own limit on header size (huggingface_hub SAFETENSORS_MAX_HEADER_LENGTH).
inline constexpr uint64_t kMaxSafetensorsHeader = 25'000'000;

// N from the first 8 bytes; BadRequest when shorter or N exceeds the limit.
core::Result<uint64_t> SafetensorsHeaderLength(std::string_view first_bytes);

// Sums the element count of every tensor per dtype. BadRequest on malformed JSON or shapes.
core::Result<SafetensorsInfo> ParseSafetensorsHeader(std::string_view header_json);

}  // namespace modelhub::search

#endif  // MODELHUB_SEARCH_SAFETENSORS_H_
