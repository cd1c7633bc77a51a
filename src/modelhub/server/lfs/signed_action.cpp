#include "modelhub/server/lfs/signed_action.h"

#include <charconv>
#include <optional>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "modelhub/core/encoding.h"
#include "modelhub/server/http/query.h"

namespace modelhub::server::lfs {
namespace {

// Length-prefixed fields, so that no two different actions share a canonical form.
std::string Canonical(const SignedAction& action) {
  std::string out = "modelhub-lfs-v1";
  for (const std::string& field :
       {action.verb, action.repo, action.oid, std::to_string(action.size), action.upload_id,
        std::to_string(action.part), std::to_string(action.chunk_size),
        std::to_string(action.expires)}) {
    out += '|';
    out += std::to_string(field.size());
    out += ':';
    out += field;
  }
  return out;
}

std::optional<uint64_t> ParseUnsigned(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string SignAction(std::string_view secret, const SignedAction& action) {
  const std::string message = Canonical(action);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
       &digest_size);
  return core::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), digest_size));
}

std::string SignedQuery(std::string_view secret, const SignedAction& action) {
  std::string query = "verb=" + action.verb + "&repo=" + core::PercentEncode(action.repo) +
                      "&oid=" + action.oid + "&size=" + std::to_string(action.size);
  if (!action.upload_id.empty()) query += "&upload=" + action.upload_id;
  if (action.part != 0) query += "&part=" + std::to_string(action.part);
  if (action.chunk_size != 0) query += "&chunk=" + std::to_string(action.chunk_size);
  query += "&expires=" + std::to_string(action.expires) + "&sig=" + SignAction(secret, action);
  return query;
}

core::Result<SignedAction> VerifySignedQuery(std::string_view secret, std::string_view query,
                                             std::string_view expected_verb, int64_t now_seconds) {
  MH_ASSIGN_OR_RETURN(http::QueryParams fields, http::QueryParams::Parse(query));
  auto text = [&](std::string_view key) { return std::string(fields.Get(key).value_or("")); };
  auto number = [&](std::string_view key, bool required) -> std::optional<uint64_t> {
    auto value = fields.Get(key);
    if (!value) return required ? std::nullopt : std::optional<uint64_t>(0);
    return ParseUnsigned(*value);
  };

  SignedAction action;
  action.verb = text("verb");
  action.repo = text("repo");
  action.oid = text("oid");
  action.upload_id = text("upload");
  const auto size = number("size", true);
  const auto part = number("part", false);
  const auto chunk = number("chunk", false);
  const auto expires = number("expires", true);
  const std::string signature = text("sig");
  if (action.verb.empty() || action.repo.empty() || action.oid.empty() || !size || !part ||
      !chunk || !expires || signature.empty()) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "Incomplete signed LFS URL");
  }
  action.size = *size;
  action.part = *part;
  action.chunk_size = *chunk;
  action.expires = static_cast<int64_t>(*expires);

  const std::string expected = SignAction(secret, action);
  if (expected.size() != signature.size() ||
      CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0) {
    return core::Unexpected(core::ErrorCode::kForbidden, "Invalid signature on LFS URL");
  }
  if (action.verb != expected_verb) {
    return core::Unexpected(core::ErrorCode::kForbidden, "This LFS URL is for another action");
  }
  if (action.expires < now_seconds) {
    return core::Unexpected(core::ErrorCode::kForbidden,
                            "This LFS URL has expired; request a new one with a batch call");
  }
  return action;
}

}  // namespace modelhub::server::lfs
