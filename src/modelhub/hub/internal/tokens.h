// How tokens are stored, shared by authentication (access.cpp) and token management
// (accounts.cpp): only a salted SHA-256 of each token, found through a separate unsalted lookup
// digest.
#ifndef MODELHUB_HUB_INTERNAL_TOKENS_H_
#define MODELHUB_HUB_INTERNAL_TOKENS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub::internal {

// Tokens carry ~200 bits of entropy, so an unsalted digest is a safe index to find the row; the
// stored credential is still the salted digest, compared in constant time.
std::string TokenLookupDigest(std::string_view token);
std::string TokenSaltedDigest(std::string_view salt, std::string_view token);

// Stores `token` for `user_id`; returns the token's row id.
core::Result<int64_t> InsertToken(storage::Transaction& txn, int64_t user_id,
                                  std::string_view token, std::string_view role,
                                  std::string_view display_name);

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_TOKENS_H_
