// The audit log: who did what to which repo, when, from where, and with what outcome. Writes and
// access-request decisions are appended in the transaction that makes the change, so a change and
// its record commit together; token events are appended by the accounts code the same way; denied
// requests are appended by the server as they are answered.
#ifndef MODELHUB_HUB_AUDIT_H_
#define MODELHUB_HUB_AUDIT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/hub/caller.h"
#include "modelhub/hub/repo_types.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub {

struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;     // ms since epoch
  std::string actor;  // user name, "" for anonymous
  int64_t token_id = 0;
  std::string address;
  std::string action;   // e.g. "repo.create", "commit", "token.revoke", "access.denied"
  std::string repo;     // AuditRepoName, "" when the action concerns no repo
  std::string outcome;  // "ok", or the denial ("401 RepoNotFound", "403", ...)
  std::string detail;   // free text: commit sha, ref, token id, request path
};

// How a repo is named in the log and in `admin audit --repo`: "ns/name" for models,
// "datasets/ns/name", "spaces/ns/name" as in its URL.
std::string AuditRepoName(const RepoKey& key);

core::Status AppendAudit(storage::Transaction& txn, const Caller& caller, std::string_view action,
                         std::string_view repo, std::string_view outcome = "ok",
                         std::string_view detail = {});

struct AuditQuery {
  std::string repo;  // AuditRepoName form; "" for all
  std::string user;  // actor; "" for all
  int64_t since_ms = 0;
  size_t limit = 1000;  // newest entries first
};

core::Result<std::vector<AuditEntry>> ReadAudit(storage::Metastore& metastore,
                                                const AuditQuery& query);

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_AUDIT_H_
