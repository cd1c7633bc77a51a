// Request bodies git sends gzip-compressed (fetch requests above 1 KiB carry
// `Content-Encoding: gzip`).
#ifndef MODELHUB_SERVER_GIT_GZIP_BODY_H_
#define MODELHUB_SERVER_GIT_GZIP_BODY_H_

#include <string>
#include <string_view>

#include "modelhub/core/result.h"

namespace modelhub::server::git {

// The inflated body; BadRequest for corrupt data or more than `max_size` bytes inflated.
core::Result<std::string> Gunzip(std::string_view compressed, size_t max_size);

}  // namespace modelhub::server::git

#endif  // MODELHUB_SERVER_GIT_GZIP_BODY_H_
