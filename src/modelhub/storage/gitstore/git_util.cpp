#include "modelhub/storage/gitstore/internal/git_util.h"

#include <mutex>

namespace modelhub::storage::internal {

void EnsureLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

core::Error GitError(core::ErrorCode code, std::string_view context) {
  const git_error* error = git_error_last();
  std::string message(context);
  message += ": ";
  message += error != nullptr && error->message != nullptr ? error->message : "unknown git error";
  return {code, std::move(message)};
}

std::optional<git_oid> ParseOid(std::string_view hex) {
  if (hex.size() != GIT_OID_HEXSZ) return std::nullopt;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  git_oid oid;
  if (git_oid_fromstrn(&oid, hex.data(), hex.size()) != 0) return std::nullopt;
  return oid;
}

std::string OidHex(const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return std::string(hex, GIT_OID_HEXSZ);
}

namespace {

GitSignature ToSignature(const git_signature* signature) {
  if (signature == nullptr) return {};
  return GitSignature{signature->name != nullptr ? signature->name : "",
                      signature->email != nullptr ? signature->email : "", signature->when.time,
                      signature->when.offset};
}

}  // namespace

CommitData ToCommitData(const git_commit* commit) {
  CommitData data;
  data.oid = OidHex(*git_commit_id(commit));
  data.tree = OidHex(*git_commit_tree_id(commit));
  for (unsigned int i = 0; i < git_commit_parentcount(commit); ++i) {
    data.parents.push_back(OidHex(*git_commit_parent_id(commit, i)));
  }
  data.author = ToSignature(git_commit_author(commit));
  data.committer = ToSignature(git_commit_committer(commit));
  const char* message = git_commit_message(commit);
  data.message = message != nullptr ? message : "";
  return data;
}

std::optional<size_t> ObjectSize(git_repository* repository, const git_oid& oid) {
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, repository) != 0) return std::nullopt;
  size_t size = 0;
  git_object_t kind = GIT_OBJECT_INVALID;
  int code = git_odb_read_header(&size, &kind, odb, &oid);
  git_odb_free(odb);
  if (code != 0) return std::nullopt;
  return size;
}

}  // namespace modelhub::storage::internal
