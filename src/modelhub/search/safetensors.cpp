#include "modelhub/search/safetensors.h"

#include <nlohmann/json.hpp>

namespace modelhub::search {

core::Result<uint64_t> SafetensorsHeaderLength(std::string_view first_bytes) {
  if (first_bytes.size() < 8) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "safetensors file shorter than 8 bytes");
  }
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | static_cast<uint8_t>(first_bytes[i]);
  if (length > kMaxSafetensorsHeader) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "safetensors header too large");
  }
  return length;
}

core::Result<SafetensorsInfo> ParseSafetensorsHeader(std::string_view header_json) {
  auto header = nlohmann::json::parse(header_json, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) {
    return core::Unexpected(core::ErrorCode::kBadRequest,
                            "safetensors header is not a JSON object");
  }
  SafetensorsInfo info;
  for (const auto& [name, tensor] : header.items()) {
    if (name == "__metadata__") continue;
    if (!tensor.is_object() || !tensor.contains("dtype") || !tensor["dtype"].is_string() ||
        !tensor.contains("shape") || !tensor["shape"].is_array()) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "safetensors tensor '" + name + "' lacks dtype or shape");
    }
    int64_t count = 1;
    for (const auto& dim : tensor["shape"]) {
      if (!dim.is_number_unsigned()) {
        return core::Unexpected(core::ErrorCode::kBadRequest,
                                "safetensors tensor '" + name + "' has an invalid shape");
      }
      count *= dim.get<int64_t>();
    }
    info.parameters[tensor["dtype"].get<std::string>()] += count;
    info.total += count;
  }
  return info;
}

}  // namespace modelhub::search
