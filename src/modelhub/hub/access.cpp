#include "modelhub/hub/access.h"

#include <openssl/crypto.h>

#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"
#include "modelhub/core/random.h"
#include "modelhub/core/sha256.h"
#include "modelhub/core/time.h"

namespace modelhub::hub {
namespace {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

// The exact message huggingface_hub matches on (spec §1: it is not a RepositoryNotFoundError).
constexpr std::string_view kInvalidCredentials = "Invalid credentials in Authorization header";

// Tokens carry ~200 bits of entropy, so an unsalted digest is a safe index to find the row; the
// stored credential is still the salted digest, compared in constant time.
std::string LookupDigest(std::string_view token) { return core::Sha256Hex(token).substr(0, 32); }

std::string SaltedDigest(std::string_view salt, std::string_view token) {
  return core::Sha256Hex(std::string(salt) + std::string(token));
}

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

core::Status InsertToken(storage::Transaction& txn, int64_t user_id, std::string_view token,
                         std::string_view role, std::string_view display_name) {
  std::string salt = core::RandomHex(16);
  return txn.Insert(
                "INSERT INTO tokens (user_id, display_name, role, salt, hash, lookup, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                {user_id, std::string(display_name), std::string(role), salt,
                 SaltedDigest(salt, token), LookupDigest(token), core::NowMillis()})
                 .has_value()
             ? core::Ok()
             : core::Status(Unexpected(ErrorCode::kInternal, "cannot store token"));
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
    MH_ASSIGN_OR_RETURN(user_id,
                        txn->Insert("INSERT INTO users (name, fullname, is_admin, "
                                    "created_at) VALUES (?, ?, 1, ?)",
                                    {std::string(name), std::string(name), core::NowMillis()}));
  }
  std::optional<std::string> generated;
  if (token) {
    MH_ASSIGN_OR_RETURN(auto existing,
                        txn->QueryOne("SELECT user_id FROM tokens WHERE lookup = ? AND revoked = 0",
                                      {LookupDigest(*token)}));
    if (existing && existing->Int(0) != user_id) {
      return Unexpected(ErrorCode::kConflict, "That token belongs to another user");
    }
    if (!existing) MH_RETURN_IF_ERROR(InsertToken(*txn, user_id, *token, "write", "admin"));
  } else {
    MH_ASSIGN_OR_RETURN(auto any, txn->QueryOne("SELECT id FROM tokens WHERE user_id = ? AND "
                                                "revoked = 0 LIMIT 1",
                                                {user_id}));
    if (!any) {
      generated = core::NewAccessToken();
      MH_RETURN_IF_ERROR(InsertToken(*txn, user_id, *generated, "write", "admin"));
    }
  }
  MH_RETURN_IF_ERROR(txn->Commit());
  return generated;
}

core::Result<Caller> Access::Authenticate(std::string_view authorization_header) {
  Caller caller;
  if (authorization_header.empty()) return caller;
  std::string token = ExtractToken(authorization_header);
  if (token.empty()) return Unexpected(ErrorCode::kUnauthorized, std::string(kInvalidCredentials));
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(
      auto row,
      txn->QueryOne("SELECT t.salt, t.hash, t.role, t.display_name, t.created_at, u.id, u.name, "
                    "u.fullname, u.email, u.is_admin FROM tokens t JOIN users u ON u.id = "
                    "t.user_id WHERE t.lookup = ? AND t.revoked = 0",
                    {LookupDigest(token)}));
  if (!row) return Unexpected(ErrorCode::kUnauthorized, std::string(kInvalidCredentials));
  std::string expected = row->Text(1);
  std::string actual = SaltedDigest(row->Text(0), token);
  if (expected.size() != actual.size() ||
      CRYPTO_memcmp(expected.data(), actual.data(), expected.size()) != 0) {
    return Unexpected(ErrorCode::kUnauthorized, std::string(kInvalidCredentials));
  }
  caller.token_role = row->Text(2);
  caller.token_display_name = row->Text(3);
  caller.token_created_at = row->Int(4);
  caller.user_id = row->Int(5);
  caller.name = row->Text(6);
  caller.fullname = row->Text(7);
  caller.email = row->Text(8);
  caller.is_admin = row->Int(9) != 0;
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
  return caller;
}

core::Result<std::string> Access::CreateToken(std::string_view user, std::string_view role,
                                              std::string_view display_name) {
  if (role != "read" && role != "write") {
    return Unexpected(ErrorCode::kBadRequest, "Token role must be 'read' or 'write'");
  }
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto row,
                      txn->QueryOne("SELECT id FROM users WHERE name = ?", {std::string(user)}));
  if (!row) return Unexpected(ErrorCode::kNotFound, "No user '" + std::string(user) + "'");
  std::string token = core::NewAccessToken();
  MH_RETURN_IF_ERROR(InsertToken(*txn, row->Int(0), token, role, display_name));
  MH_RETURN_IF_ERROR(txn->Commit());
  return token;
}

}  // namespace modelhub::hub
