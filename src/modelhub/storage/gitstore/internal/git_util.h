// libgit2 plumbing shared by the gitstore files: one-time initialisation, error mapping and oids.
#ifndef MODELHUB_STORAGE_GITSTORE_INTERNAL_GIT_UTIL_H_
#define MODELHUB_STORAGE_GITSTORE_INTERNAL_GIT_UTIL_H_

#include <optional>
#include <string>
#include <string_view>

#include <git2.h>

#include "modelhub/core/result.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::storage::internal {

// git_libgit2_init, once per process.
void EnsureLibgit2();

// The error of the last failed libgit2 call (git_error_last()), with `code` as its ErrorCode.
core::Error GitError(core::ErrorCode code, std::string_view context);

// Parses 40 lowercase hex digits; nullopt otherwise.
std::optional<git_oid> ParseOid(std::string_view hex);
std::string OidHex(const git_oid& oid);

CommitData ToCommitData(const git_commit* commit);

// Size of object `oid` from its header (no content read); nullopt when missing or on error.
std::optional<size_t> ObjectSize(git_repository* repository, const git_oid& oid);

// Owns a libgit2 object and frees it with `Free` (git_tree_free, git_commit_free, ...).
template <typename T, void (*Free)(T*)>
class GitPtr {
 public:
  GitPtr() = default;
  ~GitPtr() {
    if (pointer_ != nullptr) Free(pointer_);
  }
  GitPtr(const GitPtr&) = delete;
  GitPtr& operator=(const GitPtr&) = delete;
  GitPtr(GitPtr&& other) noexcept : pointer_(other.pointer_) { other.pointer_ = nullptr; }
  GitPtr& operator=(GitPtr&& other) noexcept {
    std::swap(pointer_, other.pointer_);
    return *this;
  }

  T* get() const { return pointer_; }
  T** out() { return &pointer_; }  // for libgit2's out-parameters; the slot must be empty

 private:
  T* pointer_ = nullptr;
};

using TreePtr = GitPtr<git_tree, git_tree_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using RevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using TreeBuilderPtr = GitPtr<git_treebuilder, git_treebuilder_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;

}  // namespace modelhub::storage::internal

#endif  // MODELHUB_STORAGE_GITSTORE_INTERNAL_GIT_UTIL_H_
