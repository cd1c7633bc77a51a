#include "modelhub/core/sha256.h"

#include <stdexcept>
#include <utility>

#include <openssl/evp.h>

#include "modelhub/core/encoding.h"

namespace modelhub::core {
namespace {

const EVP_MD* Md(Digest::Algorithm algorithm) {
  return algorithm == Digest::Algorithm::kSha1 ? EVP_sha1() : EVP_sha256();
}

}  // namespace

Digest::Digest(Algorithm algorithm) : algorithm_(algorithm), context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr || EVP_DigestInit_ex(context_, Md(algorithm_), nullptr) != 1) {
    throw std::bad_alloc();
  }
}

Digest::~Digest() {
  if (context_ != nullptr) EVP_MD_CTX_free(context_);
}

Digest::Digest(Digest&& other) noexcept
    : algorithm_(other.algorithm_), context_(std::exchange(other.context_, nullptr)) {}

Digest& Digest::operator=(Digest&& other) noexcept {
  std::swap(algorithm_, other.algorithm_);
  std::swap(context_, other.context_);
  return *this;
}

void Digest::Update(const void* data, size_t size) { EVP_DigestUpdate(context_, data, size); }

std::string Digest::FinishHex() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, out, &length);
  EVP_DigestInit_ex(context_, Md(algorithm_), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(out), length));
}

std::string Sha256Hex(std::string_view data) {
  Digest digest(Digest::Algorithm::kSha256);
  digest.Update(data);
  return digest.FinishHex();
}

std::string Sha1Hex(std::string_view data) {
  Digest digest(Digest::Algorithm::kSha1);
  digest.Update(data);
  return digest.FinishHex();
}

std::string GitBlobSha1(std::string_view content) {
  Digest digest(Digest::Algorithm::kSha1);
  std::string header = "blob " + std::to_string(content.size());
  digest.Update(header.data(), header.size() + 1);  // includes the NUL terminator
  digest.Update(content);
  return digest.FinishHex();
}

}  // namespace modelhub::core
