// The pure parts of `upload_folder` / `upload_file` (spec/hub-api.md §6.2, §6.3): which local
// files go where in the repo, and the JSON/NDJSON bodies of preupload, LFS batch and commit with
// their answers parsed. No I/O except CollectUploadFiles, which only lists a folder.
#ifndef MODELHUB_CLIENT_UPLOAD_PLAN_H_
#define MODELHUB_CLIENT_UPLOAD_PLAN_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modelhub/core/result.h"

namespace modelhub::client {

struct LocalFile {
  std::filesystem::path local;  // on disk
  std::string path;             // in the repo
  uint64_t size = 0;
};

// huggingface_hub's DEFAULT_IGNORE_PATTERNS: .git/ and .cache/huggingface/ at any depth.
const std::vector<std::string>& DefaultUploadIgnorePatterns();

// The files to upload from `source`. A file goes to `path_in_repo` (default: its name); a folder's
// files (recursively, symlinks followed, sorted) go under `path_in_repo`, filtered like
// upload_folder: `include`/`exclude` (fnmatch, '*' crosses '/') and the default ignores, matched
// against the path relative to the folder. Errors: NotFound (no such source), BadRequest (a name
// that is not a valid repo path), Internal (unreadable folder).
core::Result<std::vector<LocalFile>> CollectUploadFiles(const std::filesystem::path& source,
                                                        const std::string& path_in_repo,
                                                        const std::vector<std::string>& include,
                                                        const std::vector<std::string>& exclude);

struct PreuploadEntry {
  std::string path;
  uint64_t size = 0;
  std::string sample;  // first 512 bytes, raw
};

// {"files":[{"path","size","sample":<base64>}], "gitIgnore"?}. `git_ignore` is the content of a
// root .gitignore being uploaded (Python sends it so that shouldIgnore follows it).
std::string PreuploadBody(const std::vector<PreuploadEntry>& entries,
                          const std::optional<std::string>& git_ignore);

struct PreuploadAnswer {
  bool lfs = false;
  bool should_ignore = false;
  std::optional<std::string> remote_oid;  // sha256 (lfs) or git blob sha1 at that path
};

// Path -> answer. BadRequest when `files` or an uploadMode/shouldIgnore is missing or malformed.
core::Result<std::map<std::string, PreuploadAnswer>> ParsePreupload(const std::string& body);

struct LfsObject {
  std::string oid;  // sha256 hex
  uint64_t size = 0;
};

// {"operation":"upload","transfers":["basic","multipart"],"objects":[...],"hash_algo":"sha256"}
// with "ref":{"name":revision} unless `revision` is empty.
std::string LfsBatchBody(const std::vector<LfsObject>& objects, const std::string& revision);

struct LfsUpload {
  std::string oid;
  uint64_t size = 0;
  bool needed = false;                      // false: the server already has it
  std::string href;                         // single PUT, or the multipart completion POST
  uint64_t chunk_size = 0;                  // > 0: multipart, one PUT per entry of part_urls
  std::vector<std::string> part_urls;       // in part order
  std::string verify_href;                  // "" when the server offers no verify action
  std::vector<std::string> verify_headers;  // "Name: value" from verify.header
};

// Objects of a batch answer. An object with an `error`, a part count other than
// ceil(size / chunk_size) or a missing size is a BadRequest naming the oid.
core::Result<std::vector<LfsUpload>> ParseLfsBatch(const std::string& body);

// Body of the multipart completion POST: {"oid","parts":[{"partNumber":1,"etag"},...]}.
std::string MultipartCompletionBody(const std::string& oid, const std::vector<std::string>& etags);

struct CommitOperation {
  std::string path;
  bool lfs = false;
  std::string content;  // regular files: the bytes
  std::string oid;      // lfs: sha256
  uint64_t size = 0;    // lfs: size
};

// The NDJSON commit: a header line, then `file` (base64) or `lfsFile` lines, each ending in '\n'.
std::string CommitNdjson(const std::string& summary, const std::string& description,
                         const std::vector<CommitOperation>& operations);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_UPLOAD_PLAN_H_
