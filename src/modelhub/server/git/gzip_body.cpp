#include "modelhub/server/git/gzip_body.h"

#include <zlib.h>

namespace modelhub::server::git {

core::Result<std::string> Gunzip(std::string_view compressed, size_t max_size) {
  z_stream stream{};
  // 16 + MAX_WBITS: a gzip wrapper, not raw zlib.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    return core::Unexpected(core::ErrorCode::kInternal, "inflateInit2 failed");
  }
  std::string out;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  int status = Z_OK;
  char buffer[64 * 1024];
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      inflateEnd(&stream);
      return core::Unexpected(core::ErrorCode::kBadRequest, "corrupt gzip request body");
    }
    out.append(buffer, sizeof(buffer) - stream.avail_out);
    if (out.size() > max_size) {
      inflateEnd(&stream);
      return core::Unexpected(core::ErrorCode::kPayloadTooLarge, "request body too large");
    }
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      inflateEnd(&stream);
      return core::Unexpected(core::ErrorCode::kBadRequest, "truncated gzip request body");
    }
  }
  inflateEnd(&stream);
  return out;
}

}  // namespace modelhub::server::git
