#include "modelhub/core/random.h"

#include <stdexcept>
#include <string>

#include <openssl/rand.h>

#include "modelhub/core/encoding.h"

namespace modelhub::core {
namespace {

std::string RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    throw std::runtime_error("RAND_bytes failed: no entropy source");
  }
  return bytes;
}

}  // namespace

std::string RandomHex(size_t bytes) { return HexEncode(RandomBytes(bytes)); }

std::string NewAccessToken() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string token = "hf_";
  // Rejection sampling keeps the characters uniform over the 62-letter alphabet.
  while (token.size() < 37) {
    for (unsigned char b : RandomBytes(48)) {
      if (b < 248 && token.size() < 37) token += kAlphabet[b % 62];
    }
  }
  return token;
}

}  // namespace modelhub::core
