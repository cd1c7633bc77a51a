#include "modelhub/hub/access.h"

#include <openssl/crypto.h>

#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"
#include "modelhub/core/random.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/internal/accounts_rows.h"
#include "modelhub/hub/internal/tokens.h"

namespace modelhub::hub {
namespace {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

// A token's last use is written when the stored value is older than this.
constexpr int64_t kLastUseResolutionMs = 60'000;

// The token inside "Bearer <t>" or git's "Basic base64(user:<t>)"; "" when there is none.
std::string ExtractToken(std::string_view header) {
  auto starts_with_ci = [&](std::string_view prefix) {
    if (header.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(header[i])) != prefix[i]) return false;
    }
    return true;
  };
  if (starts_with_ci("bearer ")) return std::string(header.substr(7));
  if (starts_with_ci("basic ")) {
    auto decoded = core::Base64Decode(header.substr(6));
    if (!decoded) return "";
    auto colon = decoded->find(':');
    return colon == std::string::npos ? "" : decoded->substr(colon + 1);
  }
  return std::string(header);
}

core::Error InvalidCredentials() {
  return {ErrorCode::kUnauthorized, std::string(kInvalidCredentials)};
}

}  // namespace

core::Result<std::optional<std::string>> Access::EnsureAdmin(
    std::string_view name, std::optional<std::string_view> token) {
  if (!core::IsValidRepoNamePart(name)) {
    return Unexpected(ErrorCode::kBadRequest, "Invalid user name '" + std::string(name) + "'");
  }
  if (token && (!token->starts_with("hf_") || token->size() < 8)) {
    return Unexpected(ErrorCode::kBadRequest,
                      "Admin token must start with 'hf_' and be at least 8 characters long");
  }
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto user,
                      txn->QueryOne("SELECT id FROM users WHERE name = ?", {std::string(name)}));
  int64_t user_id;
  if (user) {
    user_id = user->Int(0);
    MH_RETURN_IF_ERROR(txn->Execute("UPDATE users SET is_admin = 1 WHERE id = ?", {user_id}));
  } else {
    MH_RETURN_IF_ERROR(internal::CheckNamespaceFree(*txn, name));
    MH_ASSIGN_OR_RETURN(user_id,
                        txn->Insert("INSERT INTO users (name, fullname, is_admin, "
                                    "created_at) VALUES (?, ?, 1, ?)",
                                    {std::string(name), std::string(name), core::NowMillis()}));
  }
  std::optional<std::string> generated;
  if (token) {
    MH_ASSIGN_OR_RETURN(auto existing,
                        txn->QueryOne("SELECT user_id FROM tokens WHERE lookup = ? AND revoked = 0",
                                      {internal::TokenLookupDigest(*token)}));
    if (existing && existing->Int(0) != user_id) {
      return Unexpected(ErrorCode::kConflict, "That token belongs to another user");
    }
    if (!existing)
      MH_RETURN_IF_ERROR(internal::InsertToken(*txn, user_id, *token, "write", "admin"));
  } else {
    MH_ASSIGN_OR_RETURN(auto any, txn->QueryOne("SELECT id FROM tokens WHERE user_id = ? AND "
                                                "revoked = 0 LIMIT 1",
                                                {user_id}));
    if (!any) {
      generated = core::NewAccessToken();
      MH_RETURN_IF_ERROR(internal::InsertToken(*txn, user_id, *generated, "write", "admin"));
    }
  }
  MH_RETURN_IF_ERROR(txn->Commit());
  return generated;
}

core::Result<Caller> Access::Authenticate(std::string_view authorization_header) {
  Caller caller;
  if (authorization_header.empty()) return caller;
  std::string token = ExtractToken(authorization_header);
  if (token.empty()) return Unexpected(InvalidCredentials());
  int64_t last_used_at = 0;
  {
    MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
    MH_ASSIGN_OR_RETURN(
        auto row,
        txn->QueryOne("SELECT t.salt, t.hash, t.role, t.display_name, t.created_at, t.id, "
                      "t.last_used_at, u.id, u.name, u.fullname, u.email, u.is_admin "
                      "FROM tokens t JOIN users u ON u.id = t.user_id "
                      "WHERE t.lookup = ? AND t.revoked = 0",
                      {internal::TokenLookupDigest(token)}));
    if (!row) return Unexpected(InvalidCredentials());
    const std::string& expected = row->Text(1);
    std::string actual = internal::TokenSaltedDigest(row->Text(0), token);
    if (expected.size() != actual.size() ||
        CRYPTO_memcmp(expected.data(), actual.data(), expected.size()) != 0) {
      return Unexpected(InvalidCredentials());
    }
    caller.token_role = row->Text(2);
    caller.token_display_name = row->Text(3);
    caller.token_created_at = row->Int(4);
    caller.token_id = row->Int(5);
    last_used_at = row->Int(6);
    caller.user_id = row->Int(7);
    caller.name = row->Text(8);
    caller.fullname = row->Text(9);
    caller.email = row->Text(10);
    caller.is_admin = row->Int(11) != 0;
    MH_ASSIGN_OR_RETURN(caller.orgs, internal::ReadMemberships(*txn, caller.user_id));
    if (caller.token_role == "fineGrained") {
      MH_ASSIGN_OR_RETURN(caller.scopes, internal::ReadScopes(*txn, caller.token_id));
    }
  }
  const int64_t now = core::NowMillis();
  if (now - last_used_at >= kLastUseResolutionMs) {
    // Best effort: a busy write lock must not fail the request it authenticates.
    if (auto txn = metastore_.Begin(TransactionMode::kWrite)) {
      if ((*txn)->Execute("UPDATE tokens SET last_used_at = ? WHERE id = ?",
                          {now, caller.token_id})) {
        (void)(*txn)->Commit();
      }
    }
  }
  return caller;
}

core::Result<Caller> Access::ActAs(std::string_view name) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto row, txn->QueryOne("SELECT id, name, fullname, email, is_admin FROM "
                                              "users WHERE name = ?",
                                              {std::string(name)}));
  if (!row) return Unexpected(ErrorCode::kNotFound, "No user '" + std::string(name) + "'");
  Caller caller;
  caller.user_id = row->Int(0);
  caller.name = row->Text(1);
  caller.fullname = row->Text(2);
  caller.email = row->Text(3);
  caller.is_admin = row->Int(4) != 0;
  caller.token_role = "write";
  caller.token_display_name = "server";
  MH_ASSIGN_OR_RETURN(caller.orgs, internal::ReadMemberships(*txn, caller.user_id));
  return caller;
}

}  // namespace modelhub::hub
