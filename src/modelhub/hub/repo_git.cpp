// RepoService's side of git smart HTTP (spec §8): the refs a clone sees, the pack a fetch gets,
// and a push applied like an API commit: objects, LFS checks, ref compare-and-swap, re-index and
// audit entry in one transaction.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/internal/indexing.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/lfs_pointer.h"
#include "modelhub/hub/repo_service.h"

namespace modelhub::hub {
namespace {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

constexpr std::string_view kZeroOid = "0000000000000000000000000000000000000000";
constexpr std::string_view kMainRef = "refs/heads/main";

// A directory for the indexer's files, removed when this goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "modelhub-receive-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Why `command` may not be applied as it stands, or "" when it may.
core::Result<std::string> CheckCommand(storage::Transaction& txn, storage::GitRepo& git,
                                       int64_t repo_id, const GitRefCommand& command,
                                       bool allow_force) {
  const bool branch = command.ref.starts_with("refs/heads/");
  if (!branch && !command.ref.starts_with("refs/tags/")) {
    return std::string("only branches and tags can be pushed");
  }
  if (auto valid = core::ValidateRefName(command.ref.substr(branch ? 11 : 10)); !valid) {
    return std::string("invalid ref name");
  }
  MH_ASSIGN_OR_RETURN(auto current, storage::ReadRef(txn, repo_id, command.ref));
  const std::string expected = current.value_or(std::string(kZeroOid));
  if (expected != command.old_oid) return std::string("stale info (the ref moved: fetch first)");
  if (command.new_oid == kZeroOid) {
    if (command.ref == kMainRef) return std::string("the default branch cannot be deleted");
    return std::string();
  }
  auto commit = git.ReadCommit(command.new_oid);
  if (!commit) return std::string("missing necessary objects");
  if (command.old_oid != kZeroOid && !allow_force) {
    if (!branch) return std::string("tags cannot be moved (already exists)");
    MH_ASSIGN_OR_RETURN(bool fast_forward,
                        storage::IsAncestor(git, command.old_oid, command.new_oid));
    if (!fast_forward) return std::string("non-fast-forward");
  }
  return std::string();
}

}  // namespace

core::Result<GitRefList> RepoService::GitRefs(const Caller& caller, const RepoKey& key) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup,
                      internal::FindVisibleRepo(*txn, caller, key, internal::Need::kContent));
  MH_ASSIGN_OR_RETURN(auto refs, storage::ListRefs(*txn, lookup.record.row_id));
  GitRefList list;
  list.head_ref = std::string(kMainRef);
  for (auto& [name, target] : refs) {
    if (!name.starts_with("refs/heads/") && !name.starts_with("refs/tags/")) continue;
    if (name == kMainRef) list.head = target;
    list.refs.emplace_back(std::move(name), std::move(target));
  }
  return list;
}

core::Result<storage::FetchPack> RepoService::GitFetch(const Caller& caller, const RepoKey& key,
                                                       const storage::FetchRequest& request) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup,
                      internal::FindVisibleRepo(*txn, caller, key, internal::Need::kContent));
  const bool clone = request.haves.empty() && request.depth == 0 && request.client_shallow.empty();
  std::string cache_key;
  if (clone) {
    std::vector<std::string> wants = request.wants;
    std::sort(wants.begin(), wants.end());
    cache_key = std::to_string(lookup.record.row_id);
    for (const std::string& want : wants) cache_key += ' ' + want;
    if (auto cached = impl_->clone_packs.Find(cache_key)) {
      storage::FetchPack pack;
      pack.data = *cached;
      return pack;
    }
  }
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, lookup.record.row_id));
  MH_ASSIGN_OR_RETURN(auto pack, storage::BuildFetchPack(*git, request));
  if (clone) impl_->clone_packs.Store(cache_key, pack.data, pack.data.size());
  return pack;
}

core::Result<GitPushResult> RepoService::GitPush(const Caller& caller, const RepoKey& key,
                                                 const std::vector<GitRefCommand>& commands,
                                                 std::string_view pack, bool allow_force) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, record.row_id));
  if (!pack.empty()) {
    ScratchDir scratch;
    if (scratch.path().empty()) {
      return Unexpected(ErrorCode::kInternal, "cannot create a scratch directory for the pack");
    }
    MH_ASSIGN_OR_RETURN(auto written, storage::UnpackObjects(*git, pack, scratch.path()));
    // Every LFS pointer pushed must name an object the blob store holds, with that size.
    for (const std::string& oid : written) {
      auto blob = git->ReadBlob(oid);
      if (!blob || blob->size() > kMaxLfsPointerSize) continue;
      auto pointer = ParseLfsPointer(*blob);
      if (!pointer) continue;
      MH_ASSIGN_OR_RETURN(auto size, blobs_.Stat(pointer->sha256));
      if (!size || *size != pointer->size) {
        return Unexpected(ErrorCode::kBadRequest,
                          "LFS object " + pointer->sha256 + " (" + std::to_string(pointer->size) +
                              " bytes) was not uploaded: push it with `git lfs push --all` "
                              "(is git-lfs installed?) and push again");
      }
      MH_RETURN_IF_ERROR(txn->Execute(
          "INSERT INTO lfs_objects (repo_id, oid, size, created_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (repo_id, oid) DO NOTHING",
          {record.row_id, pointer->sha256, static_cast<int64_t>(pointer->size),
           core::NowMillis()}));
    }
  }
  GitPushResult result;
  result.errors.resize(commands.size());
  bool all_ok = true;
  for (size_t i = 0; i < commands.size(); ++i) {
    MH_ASSIGN_OR_RETURN(result.errors[i],
                        CheckCommand(*txn, *git, record.row_id, commands[i], allow_force));
    all_ok = all_ok && result.errors[i].empty();
  }
  if (!all_ok) {
    for (std::string& error : result.errors) {
      if (error.empty()) error = "atomic push failed";
    }
    return result;  // the transaction rolls back: nothing of the push is kept
  }
  std::string detail;
  for (const GitRefCommand& command : commands) {
    std::optional<std::string_view> expected;
    if (command.old_oid != kZeroOid) expected = command.old_oid;
    std::optional<std::string_view> target;
    if (command.new_oid != kZeroOid) target = command.new_oid;
    MH_RETURN_IF_ERROR(storage::UpdateRef(*txn, record.row_id, command.ref, expected, target));
    if (command.ref == kMainRef) {
      MH_RETURN_IF_ERROR(txn->Execute("UPDATE repos SET head_sha = ?, updated_at = ? WHERE id = ?",
                                      {command.new_oid, core::NowMillis(), record.row_id}));
      // In this transaction, as for API commits: searchable when the push returns.
      MH_RETURN_IF_ERROR(internal::IndexHead(*txn, *git, blobs_, *impl_, key.type, record.row_id,
                                             command.new_oid));
    } else {
      MH_RETURN_IF_ERROR(txn->Execute("UPDATE repos SET updated_at = ? WHERE id = ?",
                                      {core::NowMillis(), record.row_id}));
    }
    detail += (detail.empty() ? "" : ", ") + command.ref + " " + command.new_oid.substr(0, 12);
  }
  MH_RETURN_IF_ERROR(
      AppendAudit(*txn, caller, "git.push", AuditRepoName(record.key), "ok", detail));
  git.reset();
  MH_RETURN_IF_ERROR(txn->Commit());
  result.applied = true;
  return result;
}

}  // namespace modelhub::hub
