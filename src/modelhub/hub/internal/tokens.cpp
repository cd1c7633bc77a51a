#include "modelhub/hub/internal/tokens.h"

#include "modelhub/core/random.h"
#include "modelhub/core/sha256.h"
#include "modelhub/core/time.h"

namespace modelhub::hub::internal {

std::string TokenLookupDigest(std::string_view token) {
  return core::Sha256Hex(token).substr(0, 32);
}

std::string TokenSaltedDigest(std::string_view salt, std::string_view token) {
  return core::Sha256Hex(std::string(salt) + std::string(token));
}

core::Result<int64_t> InsertToken(storage::Transaction& txn, int64_t user_id,
                                  std::string_view token, std::string_view role,
                                  std::string_view display_name) {
  std::string salt = core::RandomHex(16);
  return txn.Insert(
      "INSERT INTO tokens (user_id, display_name, role, salt, hash, lookup, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {user_id, std::string(display_name), std::string(role), salt, TokenSaltedDigest(salt, token),
       TokenLookupDigest(token), core::NowMillis()});
}

}  // namespace modelhub::hub::internal
