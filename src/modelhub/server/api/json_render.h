// JSON shapes of the Hub API (spec/hub-api.md §3-§5), rendered from the repo service's plain data.
// Keys and value types follow what the Python and JS clients read; see the spec's field tables.
#ifndef MODELHUB_SERVER_API_JSON_RENDER_H_
#define MODELHUB_SERVER_API_JSON_RENDER_H_

#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "modelhub/hub/caller.h"
#include "modelhub/hub/repo_types.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::api {

// Serialises `value`; invalid UTF-8 from repo content (paths, commit messages, card YAML) is
// replaced rather than thrown on.
std::string DumpJson(const nlohmann::json& value);

// A 200 (or `status`) application/json response with `value` as body.
http::Response JsonOk(const nlohmann::json& value, int status = 200);

// The protocol's opaque `_id` (24 hex digits, like the Hub's object ids), stable per repo.
std::string OpaqueRepoId(const hub::RepoRecord& record);

// A tree / paths-info entry (§5); lastCommit only when `expand`.
nlohmann::json EntryJson(const hub::Entry& entry, bool expand);

// Which repo-info keys to render: empty `keys` means the default (full) shape.
struct InfoSelection {
  std::set<std::string, std::less<>> keys;  // from `expand`; `_id` and `id` are always sent
  bool blobs = false;                       // siblings with size, blobId and lfs (§3)
  bool Wants(std::string_view key) const { return keys.empty() || keys.contains(key); }
};

// Repo info (§3) for `info` with the selected keys.
nlohmann::json RepoInfoJson(const hub::RepoInfo& info, const InfoSelection& selection);

// The keys of `selection` that the repo row alone can answer (settings replies).
nlohmann::json RepoRecordJson(const hub::RepoRecord& record, const InfoSelection& selection);

// A commit of the history listing (§5); `formatted` adds HTML-escaped title and message.
nlohmann::json CommitJson(const hub::CommitSummary& commit, bool formatted);

// The refs object (§5): branches, tags and converts always, pullRequests when asked for.
nlohmann::json RefsJson(const hub::Refs& refs, bool include_prs);

// whoami-v2 (§7) for an authenticated caller.
nlohmann::json WhoamiJson(const hub::Caller& caller);
// One item of GET .../user-access-request/{status} (spec §7; huggingface_hub AccessRequest).
nlohmann::json AccessRequestJson(const hub::AccessRequest& request);

}  // namespace modelhub::server::api

#endif  // MODELHUB_SERVER_API_JSON_RENDER_H_
