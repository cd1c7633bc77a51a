#include "modelhub/server/http/range.h"

#include <limits>

namespace modelhub::server::http {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Decimal digits only; saturates at the maximum so that a huge position still compares correctly
// against the size instead of wrapping.
std::optional<uint64_t> ParsePosition(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<uint64_t>(c - '0');
    value = value > (kMax - digit) / 10 ? kMax : value * 10 + digit;
  }
  return value;
}

core::Unexpected NotSatisfiable(uint64_t size) {
  return core::Unexpected(core::ErrorCode::kRangeNotSatisfiable,
                          "Requested range not satisfiable for size " + std::to_string(size));
}

}  // namespace

core::Result<std::optional<ByteRange>> ParseRange(std::string_view header_value, uint64_t size) {
  constexpr std::string_view kUnit = "bytes=";
  std::string_view spec = Trim(header_value);
  // Per RFC 9110 §14.2 a Range header that is not understood is ignored: the whole body is sent.
  if (!StartsWithIgnoreCase(spec, kUnit)) return std::optional<ByteRange>();
  spec = Trim(spec.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return std::optional<ByteRange>();
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::optional<ByteRange>();
  const std::string_view first_text = Trim(spec.substr(0, dash));
  const std::string_view last_text = Trim(spec.substr(dash + 1));

  if (first_text.empty()) {
    const std::optional<uint64_t> suffix = ParsePosition(last_text);
    if (!suffix) return std::optional<ByteRange>();
    if (*suffix == 0 || size == 0) return NotSatisfiable(size);
    const uint64_t length = *suffix < size ? *suffix : size;
    return std::optional<ByteRange>(ByteRange{size - length, size - 1});
  }

  const std::optional<uint64_t> first = ParsePosition(first_text);
  if (!first) return std::optional<ByteRange>();
  uint64_t last = std::numeric_limits<uint64_t>::max();
  if (!last_text.empty()) {
    const std::optional<uint64_t> parsed_last = ParsePosition(last_text);
    if (!parsed_last || *parsed_last < *first) return std::optional<ByteRange>();
    last = *parsed_last;
  }
  if (*first >= size) return NotSatisfiable(size);
  if (last > size - 1) last = size - 1;
  return std::optional<ByteRange>(ByteRange{*first, last});
}

}  // namespace modelhub::server::http
