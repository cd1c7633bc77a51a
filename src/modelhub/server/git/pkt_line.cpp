#include "modelhub/server/git/pkt_line.h"

#include <algorithm>
#include <cstdio>

namespace modelhub::server::git {

void AppendPacket(std::string& out, std::string_view payload) {
  char header[5];
  std::snprintf(header, sizeof(header), "%04zx", payload.size() + 4);
  out.append(header, 4);
  out.append(payload);
}

void AppendSideband(std::string& out, char band, std::string_view data, size_t max_payload) {
  const size_t chunk_size = std::min(max_payload, kMaxPacketPayload) - 1;
  std::string packet;
  for (size_t at = 0; at < data.size(); at += chunk_size) {
    packet.assign(1, band);
    packet.append(data.substr(at, chunk_size));
    AppendPacket(out, packet);
  }
}

core::Result<std::optional<Packet>> PacketReader::Next() {
  if (position_ >= data_.size()) return std::optional<Packet>();
  if (data_.size() - position_ < 4) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "truncated pkt-line header");
  }
  size_t length = 0;
  for (size_t i = 0; i < 4; ++i) {
    const char c = data_[position_ + i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return core::Unexpected(core::ErrorCode::kBadRequest, "malformed pkt-line");
    length = length * 16 + static_cast<size_t>(digit);
  }
  Packet packet;
  if (length < 4) {
    position_ += 4;
    if (length == 3) return core::Unexpected(core::ErrorCode::kBadRequest, "malformed pkt-line");
    packet.kind = length == 0   ? Packet::Kind::kFlush
                  : length == 1 ? Packet::Kind::kDelim
                                : Packet::Kind::kResponseEnd;
    return std::optional<Packet>(packet);
  }
  if (length > data_.size() - position_) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "truncated pkt-line");
  }
  packet.payload = data_.substr(position_ + 4, length - 4);
  if (packet.payload.ends_with('\n')) packet.payload.remove_suffix(1);
  position_ += length;
  return std::optional<Packet>(packet);
}

}  // namespace modelhub::server::git
