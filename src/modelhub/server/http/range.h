// Parsing of the HTTP Range request header (RFC 9110 §14) for single byte ranges, which is all
// the Hub clients send (`bytes=<n>-` to resume, `bytes=0-0` to probe a size). A pure function of
// outside bytes: it is fuzzed.
#ifndef MODELHUB_SERVER_HTTP_RANGE_H_
#define MODELHUB_SERVER_HTTP_RANGE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "modelhub/core/result.h"

namespace modelhub::server::http {

// An inclusive byte range within a representation: first <= last < size.
struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;

  uint64_t length() const { return last - first + 1; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// Parses `header_value` (e.g. "bytes=0-99", "bytes=100-", "bytes=-500") for a representation of
// `size` bytes; a last position past the end is clipped to size - 1.
// Returns nullopt when the whole representation should be served (empty or malformed header,
// another unit, several ranges), and kRangeNotSatisfiable when the range misses it entirely
// (first >= size, any range of an empty representation, a zero-length suffix).
core::Result<std::optional<ByteRange>> ParseRange(std::string_view header_value, uint64_t size);

}  // namespace modelhub::server::http

#endif  // MODELHUB_SERVER_HTTP_RANGE_H_
