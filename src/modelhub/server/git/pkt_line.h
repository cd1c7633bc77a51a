// git's pkt-line framing (gitprotocol-common): a 4-hex-digit length that counts itself, then the
// payload; "0000" flush, "0001" delimiter, "0002" response end. Side-band packets carry a band
// byte first: 1 pack data, 2 progress text, 3 a fatal error.
#ifndef MODELHUB_SERVER_GIT_PKT_LINE_H_
#define MODELHUB_SERVER_GIT_PKT_LINE_H_

#include <optional>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"

namespace modelhub::server::git {

// Largest payload of one packet (65520 bytes with its header).
inline constexpr size_t kMaxPacketPayload = 65516;

void AppendPacket(std::string& out, std::string_view payload);
inline void AppendFlush(std::string& out) { out += "0000"; }
inline void AppendDelim(std::string& out) { out += "0001"; }

// `data` on side-band `band`, split into packets of at most `max_payload` bytes (band included).
void AppendSideband(std::string& out, char band, std::string_view data,
                    size_t max_payload = kMaxPacketPayload);

struct Packet {
  enum class Kind { kData, kFlush, kDelim, kResponseEnd };
  Kind kind = Kind::kData;
  std::string_view payload;  // kData only; a trailing '\n' is removed

  bool is(std::string_view line) const { return kind == Kind::kData && payload == line; }
};

// Reads packets from a buffer; the views point into it.
class PacketReader {
 public:
  explicit PacketReader(std::string_view data) : data_(data) {}

  // The next packet, nullopt at the end of the buffer; BadRequest on a malformed header.
  core::Result<std::optional<Packet>> Next();
  // What follows the packets read so far (a push's pack after its commands).
  std::string_view rest() const { return data_.substr(position_); }

 private:
  std::string_view data_;
  size_t position_ = 0;
};

}  // namespace modelhub::server::git

#endif  // MODELHUB_SERVER_GIT_PKT_LINE_H_
