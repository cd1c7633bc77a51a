// Splitting a file into byte ranges fetched in parallel, and what is still missing after an
// interrupted download (per-range byte counters persisted beside the partial file).
#ifndef MODELHUB_CLIENT_RANGE_PLAN_H_
#define MODELHUB_CLIENT_RANGE_PLAN_H_

#include <cstdint>
#include <vector>

namespace modelhub::client {

struct ByteRange {
  uint64_t start = 0;
  uint64_t length = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// 16 MiB: large enough that per-request overhead is noise at loopback speed, small enough that a
// 1 GiB file spreads over every worker and a kill loses little.
inline constexpr uint64_t kDefaultChunkSize = 16ull << 20;

// Consecutive ranges covering [0, size) of at most `chunk_size` bytes; empty for size 0.
std::vector<ByteRange> PlanRanges(uint64_t size, uint64_t chunk_size = kDefaultChunkSize);

// The parts of `ranges` not yet fetched, given `done[i]` bytes already written from the start of
// range i (clamped to its length). Fully fetched ranges are omitted.
std::vector<ByteRange> MissingRanges(const std::vector<ByteRange>& ranges,
                                     const std::vector<uint64_t>& done);

// End (exclusive) of the prefix of the file that is completely written.
uint64_t ContiguousPrefix(const std::vector<ByteRange>& ranges, const std::vector<uint64_t>& done);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_RANGE_PLAN_H_
