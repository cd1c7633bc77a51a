// RepoService::Preupload and ::Commit: the write path of spec §6.2.
#include <set>

#include "modelhub/core/ids.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/gitattributes.h"
#include "modelhub/hub/gitignore.h"
#include "modelhub/hub/internal/entries.h"
#include "modelhub/hub/internal/indexing.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/lfs_pointer.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::hub {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;
using storage::TreeUpdate;

namespace {

// Files this large always go through LFS, whatever `.gitattributes` says (spec §6.2).
constexpr uint64_t kLfsSizeThreshold = 10 * 1000 * 1000;
constexpr uint64_t kMaxGitignoreSize = 1024 * 1024;

bool LooksBinary(std::string_view sample) { return sample.find('\0') != std::string_view::npos; }

std::string CommitMessage(const CommitRequest& request) {
  std::string message = request.summary.empty() ? "Upload files" : request.summary;
  if (!request.description.empty()) message += "\n\n" + request.description;
  return message;
}

// Checks the operations before anything is written: valid and distinct paths, LFS objects present.
core::Status ValidateOperations(const CommitRequest& request, storage::BlobStore& blobs) {
  std::set<std::string> seen;
  for (const auto& op : request.operations) {
    std::string path = op.path;
    if (op.kind == CommitOperation::Kind::kDeleteFolder) {
      while (path.ends_with('/')) path.pop_back();
    }
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(path));
    if (!seen.insert(path).second) {
      return Unexpected(ErrorCode::kBadRequest,
                        "Path '" + path + "' appears in more than one operation of the commit");
    }
    if (op.kind == CommitOperation::Kind::kLfsFile) {
      MH_ASSIGN_OR_RETURN(auto size, blobs.Stat(op.lfs_sha256));
      if (!size) {
        return Unexpected(ErrorCode::kBadRequest,
                          "LFS object " + op.lfs_sha256 + " for '" + path +
                              "' has not been uploaded; upload it through the LFS batch API first");
      }
      if (op.lfs_size && *op.lfs_size != *size) {
        return Unexpected(ErrorCode::kBadRequest,
                          "LFS object " + op.lfs_sha256 + " has size " + std::to_string(*size) +
                              ", but the commit says " + std::to_string(*op.lfs_size));
      }
    }
  }
  return core::Ok();
}

}  // namespace

core::Result<std::vector<PreuploadAnswer>> RepoService::Preupload(
    const Caller& caller, const RepoKey& key, std::string_view revision,
    const std::vector<PreuploadFile>& files, std::string_view proposed_gitattributes,
    std::optional<std::string_view> proposed_gitignore) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, record.row_id));
  MH_ASSIGN_OR_RETURN(std::string sha,
                      internal::ResolveRevisionIn(*txn, *git, record.row_id, revision));
  MH_ASSIGN_OR_RETURN(auto commit, git->ReadCommit(sha));
  std::string attributes(proposed_gitattributes);
  MH_ASSIGN_OR_RETURN(auto attributes_entry, git->Lookup(commit.tree, ".gitattributes"));
  if (attributes_entry && !attributes_entry->is_directory) {
    MH_ASSIGN_OR_RETURN(std::string repo_attributes, git->ReadBlob(attributes_entry->oid));
    attributes = repo_attributes + "\n" + attributes;
  }
  std::string gitignore(proposed_gitignore.value_or(""));
  if (!proposed_gitignore) {
    MH_ASSIGN_OR_RETURN(auto ignore_entry, git->Lookup(commit.tree, ".gitignore"));
    if (ignore_entry && !ignore_entry->is_directory && ignore_entry->size <= kMaxGitignoreSize) {
      MH_ASSIGN_OR_RETURN(gitignore, git->ReadBlob(ignore_entry->oid));
    }
  }
  std::vector<PreuploadAnswer> answers;
  answers.reserve(files.size());
  for (const auto& file : files) {
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(file.path));
    PreuploadAnswer answer;
    answer.path = file.path;
    // Python forces empty files to regular; otherwise any one reason makes a file LFS.
    answer.lfs = file.size > 0 && (file.size >= kLfsSizeThreshold || LooksBinary(file.sample) ||
                                   IsLfsPath(attributes, file.path));
    answer.should_ignore = IsIgnoredPath(gitignore, file.path);
    MH_ASSIGN_OR_RETURN(auto existing, git->Lookup(commit.tree, file.path));
    if (existing && !existing->is_directory) {
      MH_ASSIGN_OR_RETURN(auto entry, internal::ToEntry(*git, *impl_, *existing));
      answer.oid = entry.lfs ? entry.lfs->sha256 : entry.oid;
    }
    answers.push_back(std::move(answer));
  }
  return answers;
}

core::Result<CommitResult> RepoService::Commit(const Caller& caller, const RepoKey& key,
                                               const CommitRequest& request) {
  // Blob-store checks come first and outside the transaction: LFS objects are durable before any
  // commit can reference them (DESIGN.md, crash safety).
  MH_RETURN_IF_ERROR(ValidateOperations(request, blobs_));

  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kWrite));
  MH_ASSIGN_OR_RETURN(auto record, internal::FindWritableRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, record.row_id));
  MH_ASSIGN_OR_RETURN(std::string ref,
                      internal::BranchRefFor(*txn, record.row_id, request.revision));
  MH_ASSIGN_OR_RETURN(auto head_target, storage::ReadRef(*txn, record.row_id, ref));
  std::string head = *head_target;
  std::string base = head;
  if (request.parent_commit) {
    MH_ASSIGN_OR_RETURN(auto parent, git->ExpandCommitPrefix(*request.parent_commit));
    if (!parent) {
      return Unexpected(ErrorCode::kPreconditionFailed,
                        "Parent commit " + *request.parent_commit + " does not exist");
    }
    if (request.create_pr) {
      base = *parent;
    } else if (*parent != head) {
      return Unexpected(ErrorCode::kPreconditionFailed,
                        "A commit has happened since. Please refresh and try again. (parent "
                        "commit " +
                            *parent + " is not the head " + head + " of " + ref + ")");
    }
  }
  MH_ASSIGN_OR_RETURN(auto base_commit, git->ReadCommit(base));

  std::vector<TreeUpdate> updates;
  updates.reserve(request.operations.size());
  for (const auto& op : request.operations) {
    TreeUpdate update;
    update.path = op.path;
    switch (op.kind) {
      case CommitOperation::Kind::kFile: {
        MH_ASSIGN_OR_RETURN(update.blob_oid, git->WriteBlob(op.content));
        break;
      }
      case CommitOperation::Kind::kLfsFile: {
        MH_ASSIGN_OR_RETURN(auto size, blobs_.Stat(op.lfs_sha256));
        MH_ASSIGN_OR_RETURN(update.blob_oid,
                            git->WriteBlob(FormatLfsPointer(op.lfs_sha256, size.value_or(0))));
        MH_RETURN_IF_ERROR(txn->Execute(
            "INSERT INTO lfs_objects (repo_id, oid, size, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (repo_id, oid) DO NOTHING",
            {record.row_id, op.lfs_sha256, static_cast<int64_t>(size.value_or(0)),
             core::NowMillis()}));
        break;
      }
      case CommitOperation::Kind::kDeleteFile:
        update.action = TreeUpdate::Action::kRemoveFile;
        break;
      case CommitOperation::Kind::kDeleteFolder:
        update.action = TreeUpdate::Action::kRemoveFolder;
        while (update.path.ends_with('/')) update.path.pop_back();
        break;
    }
    updates.push_back(std::move(update));
  }
  auto new_tree = git->UpdateTree(base_commit.tree, updates);
  if (!new_tree) {
    if (new_tree.error().code == ErrorCode::kEntryNotFound) {
      return Unexpected(ErrorCode::kEntryNotFound,
                        "A file with this name doesn't exist: " + new_tree.error().message);
    }
    return Unexpected(new_tree.error());
  }

  CommitResult result;
  if (*new_tree == base_commit.tree && !request.create_pr) {
    // Nothing changed: the Hub clients treat the current head as the commit (spec §6.2).
    result.commit_oid = head;
    result.created = false;
    return result;
  }
  auto signature = internal::SignatureOf(caller);
  MH_ASSIGN_OR_RETURN(result.commit_oid, git->CreateCommit(*new_tree, {base}, signature, signature,
                                                           CommitMessage(request)));
  int64_t now = core::NowMillis();
  if (request.create_pr) {
    MH_ASSIGN_OR_RETURN(auto row,
                        txn->QueryOne("SELECT next_pr FROM repos WHERE id = ?", {record.row_id}));
    int64_t number = row->Int(0);
    MH_RETURN_IF_ERROR(
        txn->Execute("UPDATE repos SET next_pr = ? WHERE id = ?", {number + 1, record.row_id}));
    MH_RETURN_IF_ERROR(storage::UpdateRef(*txn, record.row_id, "refs/pr/" + std::to_string(number),
                                          std::nullopt, result.commit_oid));
    result.pr_number = number;
  } else {
    MH_RETURN_IF_ERROR(storage::UpdateRef(*txn, record.row_id, ref, head, result.commit_oid));
  }
  if (ref == "refs/heads/main" && !request.create_pr) {
    MH_RETURN_IF_ERROR(txn->Execute("UPDATE repos SET head_sha = ?, updated_at = ? WHERE id = ?",
                                    {result.commit_oid, now, record.row_id}));
    // In this transaction: searchable when the commit returns, never half-indexed (DESIGN.md).
    MH_RETURN_IF_ERROR(internal::IndexHead(*txn, *git, blobs_, *impl_, key.type, record.row_id,
                                           result.commit_oid));
  } else {
    MH_RETURN_IF_ERROR(
        txn->Execute("UPDATE repos SET updated_at = ? WHERE id = ?", {now, record.row_id}));
  }
  MH_RETURN_IF_ERROR(
      AppendAudit(*txn, caller, "commit", AuditRepoName(record.key), "ok",
                  (result.pr_number ? "refs/pr/" + std::to_string(*result.pr_number) : ref) + " " +
                      result.commit_oid));
  git.reset();
  MH_RETURN_IF_ERROR(txn->Commit());
  return result;
}

}  // namespace modelhub::hub
