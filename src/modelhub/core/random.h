// Cryptographically secure random strings (OpenSSL RAND_bytes), for tokens, salts and upload ids.
#ifndef MODELHUB_CORE_RANDOM_H_
#define MODELHUB_CORE_RANDOM_H_

#include <string>

namespace modelhub::core {

// `bytes` random bytes, hex-encoded (2 * bytes characters).
std::string RandomHex(size_t bytes);

// A fresh access token: "hf_" followed by 34 base62 characters (the Hub's shape).
std::string NewAccessToken();

}  // namespace modelhub::core

#endif  // MODELHUB_CORE_RANDOM_H_
