// Parameter counts from the header of a .safetensors file: an 8-byte little-endian header length N
// followed by N bytes of JSON mapping tensor names to {dtype, shape, data_offsets}.
#ifndef MODELHUB_HUB_SAFETENSORS_H_
#define MODELHUB_HUB_SAFETENSORS_H_

#include <cstdint>
#include <string_view>

#include "modelhub/core/result.h"
#include "modelhub/hub/repo_types.h"

namespace modelhub::hub {

// The Hub's own limit on header size (huggingface_hub SAFETENSORS_MAX_HEADER_LENGTH).
inline constexpr uint64_t kMaxSafetensorsHeader = 25'000'000;

// N from the first 8 bytes; BadRequest when shorter or N exceeds the limit.
core::Result<uint64_t> SafetensorsHeaderLength(std::string_view first_bytes);

// Sums the element count of every tensor per dtype. BadRequest on malformed JSON or shapes.
core::Result<SafetensorsInfo> ParseSafetensorsHeader(std::string_view header_json);

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_SAFETENSORS_H_
