// Authentication: the Caller behind a request's Authorization header, with its organisations and
// its token's role and scopes. Tokens are "hf_" strings shown once; only a salted SHA-256 is
// stored (internal/tokens.h), compared in constant time. Thread-safe.
#ifndef MODELHUB_HUB_ACCESS_H_
#define MODELHUB_HUB_ACCESS_H_

#include <optional>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"
#include "modelhub/hub/caller.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub {

class Access {
 public:
  explicit Access(storage::Metastore& metastore) : metastore_(metastore) {}

  // Creates admin user `name` if missing. With `token`, makes it a valid write token of the admin
  // (idempotent). Without, and when the admin has no token yet, generates one and returns it (the
  // only time it is ever shown); returns nullopt otherwise.
  core::Result<std::optional<std::string>> EnsureAdmin(std::string_view name,
                                                       std::optional<std::string_view> token);

  // The caller behind an `Authorization` header value ("Bearer hf_..." or git's "Basic ...").
  // Empty header: anonymous. Unknown or revoked token: Unauthorized with the message the Hub
  // clients recognise ("Invalid credentials in Authorization header"). Records the token's last
  // use (at most one write a minute per token, so reads stay reads).
  core::Result<Caller> Authenticate(std::string_view authorization_header);

  // A write-capable caller for existing user `name`, for work the server does on a user's behalf
  // (seeding the demo repo). NotFound when there is no such user.
  core::Result<Caller> ActAs(std::string_view name);

 private:
  storage::Metastore& metastore_;
};

// The exact message huggingface_hub matches on (spec §1: it is not a RepositoryNotFoundError).
inline constexpr std::string_view kInvalidCredentials =
    "Invalid credentials in Authorization header";

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_ACCESS_H_
