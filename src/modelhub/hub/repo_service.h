// RepoService: the hub's repo operations, called by the server's thin HTTP adapters.
//
// Every method checks access for `caller` with the one visibility predicate (caller.h): a repo the
// caller may not see is RepoNotFound, exactly like a missing one. Reads run in one read transaction
// (one consistent snapshot); each write is ONE write transaction: git objects, the ref move
// (compare- and-swap) and the metadata rows commit together or not at all. Thread-safe.
#ifndef MODELHUB_HUB_REPO_SERVICE_H_
#define MODELHUB_HUB_REPO_SERVICE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/hub/caller.h"
#include "modelhub/hub/repo_types.h"
#include "modelhub/search/query.h"
#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/gitstore/pack.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::hub {
namespace internal {
struct ServiceState;
}  // namespace internal

class RepoService {
 public:
  RepoService(storage::Metastore& metastore, storage::BlobStore& blobs);
  ~RepoService();

  storage::BlobStore& blobs() { return blobs_; }

  // ---- Repos ----

  // Creates a repo with an initial commit holding the Hub's default `.gitattributes` on `main`.
  // Conflict when it exists; Forbidden when the caller may not write to the namespace.
  core::Result<RepoRecord> CreateRepo(const Caller& caller, const RepoKey& key, bool is_private,
                                      std::string_view sdk);
  // RepoNotFound when missing (or invisible).
  core::Status DeleteRepo(const Caller& caller, const RepoKey& key);
  // Renames; the old name keeps redirecting. Conflict when `to` exists.
  core::Status MoveRepo(const Caller& caller, const RepoKey& from, const core::RepoId& to);
  // Changes the private flag and/or gating ("auto", "manual", "" for off).
  core::Result<RepoRecord> UpdateSettings(const Caller& caller, const RepoKey& key,
                                          std::optional<bool> is_private,
                                          std::optional<std::string> gated);
  // Looks a repo up, following renames.
  core::Result<RepoLookup> FindRepo(const Caller& caller, const RepoKey& key);
  // One page of the catalogue (spec §4 and modelhub's extra filters, search/query.h) from the
  // index, with only the repos `caller` may see. BadRequest for a malformed cursor.
  core::Result<RepoInfoPage> Search(const Caller& caller, const search::CatalogQuery& query);

  // Changes whenever anything a listing shows may have changed (storage::Metastore::DataVersion):
  // caches of Search results key on it, read before the Search.
  core::Result<uint64_t> CatalogVersion() { return metastore_.DataVersion(); }

  // ---- Reading ----

  // The full sha a revision names: branch, tag, full or abbreviated sha, refs/pr/N, refs/...,
  // or HEAD (= main). RevisionNotFound otherwise.
  core::Result<std::string> ResolveRevision(const Caller& caller, const RepoKey& key,
                                            std::string_view revision);

  // Splits undecoded path segments that start with a revision into (revision, number of segments
  // it uses): `refs/pr/1` and `refs/convert/x` take 3, a branch or tag whose name contains '/'
  // takes as many as match (longest first), anything else 1. At most `max_segments` are used.
  core::Result<size_t> RevisionSegments(const Caller& caller, const RepoKey& key,
                                        const std::vector<std::string>& segments,
                                        size_t max_segments);

  // A file at a revision, for resolve/raw. EntryNotFound (with the commit, so the server can send
  // X-Repo-Commit) when the path is missing or a directory.
  core::Result<ResolvedFile> ResolveFile(const Caller& caller, const RepoKey& key,
                                         std::string_view revision, std::string_view path,
                                         std::string* commit_on_error = nullptr);

  core::Result<RepoInfo> Info(const Caller& caller, const RepoKey& key, std::string_view revision);

  // Entries under `path` ("" = root) at `revision`: direct children or, with `recursive`, all.
  // The commit the revision resolved to is stored in `commit`.
  core::Result<std::vector<Entry>> ListTree(const Caller& caller, const RepoKey& key,
                                            std::string_view revision, std::string_view path,
                                            bool recursive, std::string* commit);
  // The entries of the given paths that exist at `revision` (others are silently left out).
  core::Result<std::vector<Entry>> PathsInfo(const Caller& caller, const RepoKey& key,
                                             std::string_view revision,
                                             const std::vector<std::string>& paths,
                                             std::string* commit);
  // Fills `last_commit` of each entry: the newest commit reachable from `commit` that changed it.
  core::Status FillLastCommits(const Caller& caller, const RepoKey& key, std::string_view commit,
                               std::vector<Entry>& entries);

  core::Result<Refs> ListRefs(const Caller& caller, const RepoKey& key, bool include_prs);

  // Commits reachable from `revision`, newest first; `total` receives the count of all of them.
  core::Result<std::vector<CommitSummary>> ListCommits(const Caller& caller, const RepoKey& key,
                                                       std::string_view revision, size_t skip,
                                                       size_t limit, size_t* total);

  // ---- Writing ----

  // How each file would be uploaded to `revision` (spec §6.2 step 1). The proposed
  // `.gitattributes` adds to the repo's; a proposed `.gitignore` replaces the repo's.
  core::Result<std::vector<PreuploadAnswer>> Preupload(
      const Caller& caller, const RepoKey& key, std::string_view revision,
      const std::vector<PreuploadFile>& files, std::string_view proposed_gitattributes,
      std::optional<std::string_view> proposed_gitignore = std::nullopt);

  // Applies operations as one commit (spec §6.2 step 3). PreconditionFailed for a stale
  // parent_commit; EntryNotFound when deleting a missing path; BadRequest for an lfsFile whose
  // object was not uploaded (or has another size); RevisionNotFound for a revision that is not a
  // branch (or PR ref). With nothing changed, no commit is made and the head is returned.
  core::Result<CommitResult> Commit(const Caller& caller, const RepoKey& key,
                                    const CommitRequest& request);

  // Branches: from `starting_point` (default: main's head), or an empty commit when `empty`.
  core::Status CreateBranch(const Caller& caller, const RepoKey& key, std::string_view branch,
                            std::optional<std::string> starting_point, bool empty, bool overwrite);
  core::Status DeleteBranch(const Caller& caller, const RepoKey& key, std::string_view branch);
  core::Status CreateTag(const Caller& caller, const RepoKey& key, std::string_view tag,
                         std::string_view revision, std::string_view message);
  core::Status DeleteTag(const Caller& caller, const RepoKey& key, std::string_view tag);

  // ---- Counters (download_counter.h, internal/counters.h) ----

  // Counts a GET or HEAD of `file` (found by ResolveFile) by the client at `client_address`.
  void RecordDownload(const RepoKey& key, const ResolvedFile& file, std::string_view path,
                      std::string_view client_address);
  // Writes pending download counts now (the background flusher does it every few seconds).
  core::Status FlushDownloads();
  // Starts the background flusher of download counts; `serve` calls it.
  void StartBackgroundWork();

  // Likes by the caller (idempotent). Unauthorized for anonymous callers.
  core::Status Like(const Caller& caller, const RepoKey& key, bool like);
  core::Result<std::vector<Liker>> ListLikers(const Caller& caller, const RepoKey& key);
  // The repos `user` likes that `caller` may see, newest first. NotFound for an unknown user.
  core::Result<std::vector<LikedRepo>> ListLikes(const Caller& caller, std::string_view user);

  // ---- Gated repos (spec §7; repo_gating.cpp) ----

  // The caller asks for access to a gated repo, answering the card's `extra_gated_fields`
  // (`fields`, an object keyed by field label). Returns the request's status: "accepted" at once
  // for gated "auto", else "pending"; a repeated request keeps an accepted or rejected decision.
  // BadRequest when the repo is not gated or an answer is missing or invalid.
  core::Result<std::string> RequestAccess(const Caller& caller, const RepoKey& key,
                                          const nlohmann::json& fields);
  // The form to fill in (and the caller's current status). BadRequest when the repo is not gated.
  core::Result<AccessForm> GetAccessForm(const Caller& caller, const RepoKey& key);
  // The requests with `status`, oldest first. Needs write rights on the repo.
  core::Result<std::vector<AccessRequest>> ListAccessRequests(const Caller& caller,
                                                              const RepoKey& key,
                                                              std::string_view status);
  // Moves `user`'s request to `status` ("accepted", "rejected" or "pending", which cancels a
  // decision). NotFound when the user or the request does not exist or is already in `status`.
  core::Status HandleAccessRequest(const Caller& caller, const RepoKey& key, std::string_view user,
                                   std::string_view status, std::string_view rejection_reason);
  // Gives `user` access without a request. BadRequest when the user already has access.
  core::Status GrantAccess(const Caller& caller, const RepoKey& key, std::string_view user);

  // Appends a refused request to the audit log (hub/audit.h); the server calls it as it answers
  // 401, 403, or a RepoNotFound or GatedRepo 404. `repo` is AuditRepoName or "".
  core::Status RecordDenial(const Caller& caller, std::string_view repo, std::string_view outcome,
                            std::string_view detail);

  // ---- git smart HTTP (spec §8; repo_git.cpp) ----

  // The refs a clone or fetch sees. Needs read access to the repo's files (a gated repo's gate).
  core::Result<GitRefList> GitRefs(const Caller& caller, const RepoKey& key);
  // The pack a fetch asks for (storage/gitstore/pack.h).
  core::Result<storage::FetchPack> GitFetch(const Caller& caller, const RepoKey& key,
                                            const storage::FetchRequest& request);
  // Applies a push in ONE transaction: unpacks `pack`, refuses the whole push when a pointer in
  // it names an LFS object that was not uploaded (BadRequest), then moves each ref by
  // compare-and-swap; main's head is re-indexed. A stale `old_oid`, a non-fast-forward update
  // (unless `allow_force`), deleting main or a ref outside refs/heads/ and refs/tags/ fails that
  // command, and then nothing is applied. Needs write rights.
  core::Result<GitPushResult> GitPush(const Caller& caller, const RepoKey& key,
                                      const std::vector<GitRefCommand>& commands,
                                      std::string_view pack, bool allow_force);

  // ---- Maintenance ----

  // Called after each repo with (repos done, repos in all).
  using ReindexProgress = std::function<void(size_t done, size_t total)>;
  // Rebuilds the catalogue index of every repo from main's head (`modelhub admin reindex`);
  // returns the number of repos. Safe while the server runs: one repo per write transaction.
  core::Result<size_t> Reindex(const ReindexProgress& progress = {});

  // ---- LFS ----

  // Access check and status of each object of a batch request. "upload" needs write access.
  core::Result<std::vector<LfsObjectStatus>> LfsBatch(const Caller& caller, const RepoKey& key,
                                                      bool upload,
                                                      const std::vector<LfsObjectStatus>& objects);
  // Records that an LFS object (already committed to the blob store) belongs to the repo.
  core::Status RecordLfsObject(const RepoKey& key, std::string_view sha256, uint64_t size);

  // The server's secret for signing upload URLs (created on first use, kept in the metastore).
  core::Result<std::string> SigningSecret();

 private:
  storage::Metastore& metastore_;
  storage::BlobStore& blobs_;
  std::unique_ptr<internal::ServiceState> impl_;
};

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_REPO_SERVICE_H_
