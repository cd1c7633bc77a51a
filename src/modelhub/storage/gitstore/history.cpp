// Commit history: git log order, counting, and the last commit that touched each path.
#include <set>

#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/gitstore/internal/git_util.h"
#include "modelhub/storage/gitstore/internal/odb_backend.h"

namespace modelhub::storage {
namespace {

using internal::OidHex;

// The id of the entry at `path` in `tree`, or nullopt when absent.
std::optional<git_oid> EntryAt(git_tree* tree, const std::string& path) {
  internal::TreeEntryPtr entry;
  if (git_tree_entry_bypath(entry.out(), tree, path.c_str()) != 0) return std::nullopt;
  return *git_tree_entry_id(entry.get());
}

bool SameEntry(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a.has_value() || git_oid_equal(&*a, &*b);
}

// Shared by History, CountCommits and LastCommits: a revwalk from `start` in git log order.
core::Result<internal::RevwalkPtr> StartWalk(git_repository* repository, std::string_view start,
                                             bool ordered) {
  auto oid = internal::ParseOid(start);
  if (!oid) {
    return core::Unexpected(core::ErrorCode::kRevisionNotFound,
                            "invalid commit id '" + std::string(start) + "'");
  }
  internal::RevwalkPtr walk;
  if (git_revwalk_new(walk.out(), repository) != 0) {
    return core::Unexpected(internal::GitError(core::ErrorCode::kInternal, "revwalk"));
  }
  // Topological first: commits made within the same second must still list children before
  // their parents (time alone ties at one-second resolution).
  git_revwalk_sorting(walk.get(), ordered ? GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME : GIT_SORT_NONE);
  if (git_revwalk_push(walk.get(), &*oid) != 0) {
    return core::Unexpected(
        internal::GitError(core::ErrorCode::kRevisionNotFound, "commit " + std::string(start)));
  }
  return walk;
}

}  // namespace

core::Result<std::vector<CommitData>> GitRepo::History(std::string_view start, size_t skip,
                                                       size_t limit) {
  backend_->error.reset();
  auto walk = StartWalk(repository_, start, true);
  if (!walk) {
    return core::Unexpected(backend_->error
                                ? backend_->TakeError(core::ErrorCode::kInternal, "history")
                                : std::move(walk.error()));
  }
  std::vector<CommitData> commits;
  git_oid oid;
  size_t index = 0;
  int code = 0;
  while (commits.size() < limit && (code = git_revwalk_next(&oid, walk->get())) == 0) {
    if (index++ < skip) continue;
    internal::CommitPtr commit;
    if (git_commit_lookup(commit.out(), repository_, &oid) != 0) {
      return core::Unexpected(
          backend_->TakeError(core::ErrorCode::kInternal, "commit " + OidHex(oid)));
    }
    commits.push_back(internal::ToCommitData(commit.get()));
  }
  if (code != 0 && code != GIT_ITEROVER) {
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "history"));
  }
  return commits;
}

core::Result<size_t> GitRepo::CountCommits(std::string_view start) {
  backend_->error.reset();
  auto walk = StartWalk(repository_, start, false);
  if (!walk) {
    return core::Unexpected(backend_->error
                                ? backend_->TakeError(core::ErrorCode::kInternal, "count commits")
                                : std::move(walk.error()));
  }
  size_t count = 0;
  git_oid oid;
  int code = 0;
  while ((code = git_revwalk_next(&oid, walk->get())) == 0) ++count;
  if (code != GIT_ITEROVER) {
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "count commits"));
  }
  return count;
}

core::Result<std::map<std::string, CommitData>> GitRepo::LastCommits(
    std::string_view start, const std::vector<std::string>& paths) {
  backend_->error.reset();
  std::map<std::string, CommitData> found;
  MH_ASSIGN_OR_RETURN(CommitData head, ReadCommit(start));
  internal::TreePtr head_tree;
  git_oid head_tree_oid = *internal::ParseOid(head.tree);
  if (git_tree_lookup(head_tree.out(), repository_, &head_tree_oid) != 0) {
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "tree " + head.tree));
  }
  // path -> its entry at `start`; a commit "introduced" a path when the path has that entry there
  // and a different one (or none) in its first parent.
  std::map<std::string, git_oid> pending;
  for (const std::string& path : paths) {
    if (auto entry = EntryAt(head_tree.get(), path)) pending.emplace(path, *entry);
  }
  if (pending.empty()) return found;

  auto walk = StartWalk(repository_, start, true);
  if (!walk) return core::Unexpected(std::move(walk.error()));
  git_oid oid;
  int code = 0;
  while (!pending.empty() && (code = git_revwalk_next(&oid, walk->get())) == 0) {
    internal::CommitPtr commit;
    internal::TreePtr tree;
    if (git_commit_lookup(commit.out(), repository_, &oid) != 0 ||
        git_commit_tree(tree.out(), commit.get()) != 0) {
      return core::Unexpected(
          backend_->TakeError(core::ErrorCode::kInternal, "commit " + OidHex(oid)));
    }
    internal::TreePtr parent_tree;
    if (git_commit_parentcount(commit.get()) > 0) {
      internal::CommitPtr parent;
      if (git_commit_parent(parent.out(), commit.get(), 0) != 0 ||
          git_commit_tree(parent_tree.out(), parent.get()) != 0) {
        return core::Unexpected(
            backend_->TakeError(core::ErrorCode::kInternal, "parent of " + OidHex(oid)));
      }
      // Same root tree: this commit changed no path at all.
      if (git_oid_equal(git_tree_id(tree.get()), git_tree_id(parent_tree.get()))) continue;
    }
    for (auto it = pending.begin(); it != pending.end();) {
      auto here = EntryAt(tree.get(), it->first);
      std::optional<git_oid> before;
      if (parent_tree.get() != nullptr) before = EntryAt(parent_tree.get(), it->first);
      if (SameEntry(here, it->second) && !SameEntry(here, before)) {
        found.emplace(it->first, internal::ToCommitData(commit.get()));
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (code != 0 && code != GIT_ITEROVER) {
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "last commits"));
  }
  return found;
}

}  // namespace modelhub::storage
