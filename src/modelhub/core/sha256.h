// Incremental SHA-256 and SHA-1 (OpenSSL EVP, which uses SHA-NI where the CPU has it) and the git
// blob id. Not thread-safe per object; create one hasher per stream.
#ifndef MODELHUB_CORE_SHA256_H_
#define MODELHUB_CORE_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace modelhub::core {

class Digest {
 public:
  enum class Algorithm { kSha1, kSha256 };
  explicit Digest(Algorithm algorithm);
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;
  Digest(Digest&&) noexcept;
  Digest& operator=(Digest&&) noexcept;

  void Update(const void* data, size_t size);
  void Update(std::string_view data) { Update(data.data(), data.size()); }
  // Lowercase hex digest; the object is reset and may be reused afterwards.
  std::string FinishHex();

 private:
  Algorithm algorithm_;
  evp_md_ctx_st* context_;
};

class Sha256 : public Digest {
 public:
  Sha256() : Digest(Algorithm::kSha256) {}
};

std::string Sha256Hex(std::string_view data);
std::string Sha1Hex(std::string_view data);

// git's object id of a blob with `content`: sha1("blob <size>\0" + content).
std::string GitBlobSha1(std::string_view content);

}  // namespace modelhub::core

#endif  // MODELHUB_CORE_SHA256_H_
