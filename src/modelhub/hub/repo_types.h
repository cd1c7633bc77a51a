// Plain data the repo service hands to the server: repos, revisions, files, refs, commits.
#ifndef MODELHUB_HUB_REPO_TYPES_H_
#define MODELHUB_HUB_REPO_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/core/ids.h"
#include "modelhub/search/safetensors.h"

namespace modelhub::hub {

struct RepoKey {
  core::RepoType type = core::RepoType::kModel;
  core::RepoId id;
};

struct RepoRecord {
  int64_t row_id = 0;  // metastore id; also the basis of the protocol's opaque `_id`
  RepoKey key;
  bool is_private = false;
  std::string gated;       // "" (not gated), "auto" or "manual"
  std::string sdk;         // spaces only
  int64_t created_at = 0;  // ms since epoch
  int64_t updated_at = 0;
  int64_t downloads = 0;  // last 30 days (hub/internal/counters.h)
  int64_t downloads_all_time = 0;
  int64_t likes = 0;
  double trending = 0;
  std::string head_sha;    // head of main
  int64_t created_by = 0;  // users.id of the creator; 0 when unknown (repos made before accounts)
};

// The result of looking a repo up by name: `redirected` when the name is an old name of a moved
// repo (the server answers 307 to the new name).
struct RepoLookup {
  RepoRecord record;
  bool redirected = false;
};

struct LfsPointer {
  std::string sha256;
  uint64_t size = 0;
  uint64_t pointer_size = 0;  // size of the pointer file in git
};

// A file or directory of a tree at some commit.
struct Entry {
  std::string path;
  bool is_directory = false;
  std::string oid;    // git blob or tree sha1
  uint64_t size = 0;  // real size (the LFS object's for LFS files), 0 for directories
  std::optional<LfsPointer> lfs;
  struct LastCommit {
    std::string id;
    std::string title;
    int64_t date = 0;  // ms
  };
  std::optional<LastCommit> last_commit;  // filled when asked (expand)
};

// A file resolved for download.
struct ResolvedFile {
  int64_t repo_row_id = 0;
  std::string commit;  // full sha of the resolved revision
  Entry entry;
  std::string content;  // the git blob bytes of regular files (empty for LFS files)
};

// One user who likes a repo (GET /api/{type}s/{id}/likers).
struct Liker {
  std::string user;
  std::string fullname;
};

// A user's request for access to a gated repo (spec §7 user-access-request).
struct AccessRequest {
  std::string user;
  std::string fullname;
  std::string email;      // "" when the user has none
  std::string status;     // "pending", "accepted" or "rejected"
  int64_t timestamp = 0;  // ms, when it was requested (or granted)
  nlohmann::json fields;  // the answers to the card's extra_gated_fields (object)
  std::string rejection_reason;
};

// What a user sees before asking for access to a gated repo: the card's `extra_gated_prompt` and
// `extra_gated_fields`, and where the caller's own request stands.
struct AccessForm {
  std::string gated;      // "auto" or "manual"
  nlohmann::json prompt;  // the card's extra_gated_prompt, or null
  nlohmann::json fields;  // the card's extra_gated_fields, or null
  std::string status;     // the caller's request: "", "pending", "accepted" or "rejected"
};

// What git's ref advertisement shows (spec §8): every branch and tag, and where HEAD points.
struct GitRefList {
  std::vector<std::pair<std::string, std::string>> refs;  // (full name, commit), sorted by name
  std::string head_ref;                                   // "refs/heads/main"
  std::string head;  // its commit, "" when the repo has no main
};

// One command of a push: move `ref` from `old_oid` to `new_oid` (40 zeros: create or delete).
struct GitRefCommand {
  std::string old_oid;
  std::string new_oid;
  std::string ref;
};

// The outcome of a push, per command in order ("" = applied).
struct GitPushResult {
  std::vector<std::string> errors;
  bool applied = false;  // all commands applied (a push is atomic: all or none)
};

// One repo a user likes (GET /api/users/{user}/likes), newest first.
struct LikedRepo {
  RepoKey key;
  int64_t created_at = 0;  // ms
};

struct RefInfo {
  std::string name;  // short name ("main", "v1", "1" for refs/pr/1)
  std::string ref;   // full name
  std::string target_commit;
};

struct Refs {
  std::vector<RefInfo> branches, tags, converts, pull_requests;
};

struct CommitSummary {
  std::string id;
  std::string title;
  std::string message;  // body after the title (may be "")
  std::vector<std::string> authors;
  int64_t date = 0;  // ms
};

using search::SafetensorsInfo;

// Everything repo info can show; the server selects fields per `expand`.
struct RepoInfo {
  RepoRecord record;
  std::string sha;              // resolved revision
  int64_t last_modified = 0;    // date of that commit, ms
  std::vector<Entry> siblings;  // every file (recursive), with sizes and lfs
  nlohmann::json card_data;     // README front matter (null when none or invalid)
  std::string card_error;       // YAML error, when the front matter does not parse
  std::vector<std::string> tags;
  std::optional<std::string> pipeline_tag;
  std::optional<std::string> library_name;
  nlohmann::json config;  // subset of config.json (null when absent)
  std::optional<SafetensorsInfo> safetensors;
  int64_t used_storage = 0;  // bytes of files at this revision
};

struct CommitOperation {
  enum class Kind { kFile, kLfsFile, kDeleteFile, kDeleteFolder };
  Kind kind = Kind::kFile;
  std::string path;
  std::string content;               // kFile: decoded bytes
  std::string lfs_sha256;            // kLfsFile
  std::optional<uint64_t> lfs_size;  // kLfsFile (Python omits it for copies)
};

struct CommitRequest {
  std::string revision = "main";  // branch (or refs/pr/N) to commit to
  std::string summary;
  std::string description;
  std::optional<std::string> parent_commit;
  bool create_pr = false;
  std::vector<CommitOperation> operations;
};

struct CommitResult {
  std::string commit_oid;
  std::optional<int64_t> pr_number;
  bool created = true;  // false when nothing changed and no commit was made
};

struct PreuploadFile {
  std::string path;
  uint64_t size = 0;
  std::string sample;  // first bytes of the file (decoded)
};

struct PreuploadAnswer {
  std::string path;
  bool lfs = false;
  bool should_ignore = false;
  std::optional<std::string> oid;  // current oid at that path (sha256 for LFS, sha1 otherwise)
};

// One object of an LFS batch request and what the client must do for it.
struct LfsObjectStatus {
  std::string oid;
  uint64_t size = 0;
  bool present = false;              // already stored with this size: no upload needed
  std::optional<std::string> error;  // e.g. download of an object that is not there
};

// A page of a catalogue listing; each RepoInfo comes from the index row of main's head (its
// siblings carry paths only).
struct RepoInfoPage {
  std::vector<RepoInfo> repos;
  std::optional<std::string> next_cursor;
};

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_REPO_TYPES_H_
