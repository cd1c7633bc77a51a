// Reading account rows inside a transaction; shared by authentication and account management.
#ifndef MODELHUB_HUB_INTERNAL_ACCOUNTS_ROWS_H_
#define MODELHUB_HUB_INTERNAL_ACCOUNTS_ROWS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/hub/caller.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub::internal {

// The organisations `user_id` belongs to, by name.
core::Result<std::vector<Membership>> ReadMemberships(storage::Transaction& txn, int64_t user_id);

// The scopes of fine-grained token `token_id`.
core::Result<std::vector<TokenScope>> ReadScopes(storage::Transaction& txn, int64_t token_id);

// Conflict when a user or an organisation is already called `name`: they share namespaces.
core::Status CheckNamespaceFree(storage::Transaction& txn, std::string_view name);

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_ACCOUNTS_ROWS_H_
