// Self-authorising LFS URLs (spec/hub-api.md §6.3): Python PUTs to the upload `href` with no
// headers at all, so the URL itself must carry the permission. Each URL names one action on one
// object of one repo and carries an expiry and an HMAC-SHA256 over all of that, keyed with the
// server's secret (RepoService::SigningSecret()). Pure and thread-safe.
#ifndef MODELHUB_SERVER_LFS_SIGNED_ACTION_H_
#define MODELHUB_SERVER_LFS_SIGNED_ACTION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"

namespace modelhub::server::lfs {

// What a signed URL allows. Every field is covered by the signature.
struct SignedAction {
  std::string verb;  // "upload", "part", "complete", "verify" or "download"
  std::string repo;  // "<type>/<ns>/<name>", e.g. "model/alice/bert"
  std::string oid;   // sha256 of the object
  uint64_t size = 0;
  std::string upload_id;    // multipart: names the directory holding the parts
  uint64_t part = 0;        // multipart part number (1-based), 0 otherwise
  uint64_t chunk_size = 0;  // multipart chunk size, 0 otherwise
  int64_t expires = 0;      // unix seconds
};

// The hex HMAC-SHA256 of `action` under `secret`.
std::string SignAction(std::string_view secret, const SignedAction& action);

// The query string ("verb=...&...&sig=...") that carries `action` and its signature.
std::string SignedQuery(std::string_view secret, const SignedAction& action);

// Parses and checks a query built by SignedQuery: Forbidden when the signature does not match
// (tampered or foreign), when it expired before `now_seconds`, or when `verb` differs from
// `expected_verb`; BadRequest when fields are missing or malformed.
core::Result<SignedAction> VerifySignedQuery(std::string_view secret, std::string_view query,
                                             std::string_view expected_verb, int64_t now_seconds);

}  // namespace modelhub::server::lfs

#endif  // MODELHUB_SERVER_LFS_SIGNED_ACTION_H_
