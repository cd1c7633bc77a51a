#include "modelhub/client/range_plan.h"

#include <algorithm>

namespace modelhub::client {

std::vector<ByteRange> PlanRanges(uint64_t size, uint64_t chunk_size) {
  std::vector<ByteRange> ranges;
  if (chunk_size == 0) chunk_size = kDefaultChunkSize;
  for (uint64_t start = 0; start < size; start += chunk_size) {
    ranges.push_back({start, std::min(chunk_size, size - start)});
  }
  return ranges;
}

std::vector<ByteRange> MissingRanges(const std::vector<ByteRange>& ranges,
                                     const std::vector<uint64_t>& done) {
  std::vector<ByteRange> missing;
  for (size_t i = 0; i < ranges.size(); ++i) {
    uint64_t have = i < done.size() ? std::min(done[i], ranges[i].length) : 0;
    if (have < ranges[i].length) {
      missing.push_back({ranges[i].start + have, ranges[i].length - have});
    }
  }
  return missing;
}

uint64_t ContiguousPrefix(const std::vector<ByteRange>& ranges, const std::vector<uint64_t>& done) {
  uint64_t end = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    uint64_t have = i < done.size() ? std::min(done[i], ranges[i].length) : 0;
    end = ranges[i].start + have;
    if (have < ranges[i].length) break;
  }
  return end;
}

}  // namespace modelhub::client
