#include "modelhub/storage/gitstore/pack.h"

#include <filesystem>
#include <map>
#include <set>

#include <git2/sys/odb_backend.h>

#include "modelhub/storage/gitstore/internal/git_util.h"

namespace modelhub::storage {
namespace {

using internal::GitError;
using internal::OidHex;
using internal::ParseOid;

using PackBuilderPtr = internal::GitPtr<git_packbuilder, git_packbuilder_free>;
using OdbPtr = internal::GitPtr<git_odb, git_odb_free>;
using IndexerPtr = internal::GitPtr<git_indexer, git_indexer_free>;
using OdbObjectPtr = internal::GitPtr<git_odb_object, git_odb_object_free>;

class GitBuf {
 public:
  GitBuf() = default;
  ~GitBuf() { git_buf_dispose(&buf_); }
  GitBuf(const GitBuf&) = delete;
  GitBuf& operator=(const GitBuf&) = delete;
  git_buf* get() { return &buf_; }
  std::string_view view() const { return {buf_.ptr ? buf_.ptr : "", buf_.size}; }

 private:
  git_buf buf_ = GIT_BUF_INIT;
};

core::Result<git_oid> CommitOid(git_repository* repository, std::string_view hex) {
  auto oid = ParseOid(hex);
  internal::CommitPtr commit;
  if (!oid || git_commit_lookup(commit.out(), repository, &*oid) != 0) {
    return core::Unexpected(core::ErrorCode::kRevisionNotFound, "not our ref: " + std::string(hex));
  }
  return *oid;
}

// Commits within `depth` of the wants (breadth first), and which of them lose their parents.
core::Status PlanShallow(git_repository* repository, const FetchRequest& request,
                         std::vector<git_oid>& commits, FetchPack& pack) {
  std::map<std::string, int> distance;
  std::vector<git_oid> frontier;
  for (const std::string& want : request.wants) {
    MH_ASSIGN_OR_RETURN(git_oid oid, CommitOid(repository, want));
    if (distance.emplace(want, 1).second) frontier.push_back(oid);
  }
  const std::set<std::string> client_shallow(request.client_shallow.begin(),
                                             request.client_shallow.end());
  while (!frontier.empty()) {
    std::vector<git_oid> next;
    for (const git_oid& oid : frontier) {
      const std::string hex = OidHex(oid);
      const int depth = distance[hex];
      commits.push_back(oid);
      internal::CommitPtr commit;
      if (git_commit_lookup(commit.out(), repository, &oid) != 0) {
        return core::Unexpected(GitError(core::ErrorCode::kInternal, "commit " + hex));
      }
      const unsigned parents = git_commit_parentcount(commit.get());
      if (depth >= request.depth) {
        if (parents > 0) pack.shallow.push_back(hex);
        continue;
      }
      if (client_shallow.count(hex) && parents > 0) pack.unshallow.push_back(hex);
      for (unsigned i = 0; i < parents; ++i) {
        const git_oid* parent = git_commit_parent_id(commit.get(), i);
        if (distance.emplace(OidHex(*parent), depth + 1).second) next.push_back(*parent);
      }
    }
    frontier = std::move(next);
  }
  return core::Ok();
}

}  // namespace

core::Result<FetchPack> BuildFetchPack(GitRepo& repo, const FetchRequest& request) {
  git_repository* repository = repo.raw();
  if (request.wants.empty()) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "a fetch needs at least one want");
  }
  FetchPack pack;
  for (const std::string& have : request.haves) {
    auto oid = ParseOid(have);
    internal::CommitPtr commit;
    if (oid && git_commit_lookup(commit.out(), repository, &*oid) == 0) pack.common.push_back(have);
  }
  PackBuilderPtr builder;
  if (git_packbuilder_new(builder.out(), repository) != 0) {
    return core::Unexpected(GitError(core::ErrorCode::kInternal, "git_packbuilder_new"));
  }
  if (request.depth > 0) {
    std::vector<git_oid> commits;
    MH_RETURN_IF_ERROR(PlanShallow(repository, request, commits, pack));
    for (const git_oid& oid : commits) {
      if (git_packbuilder_insert_commit(builder.get(), &oid) != 0) {
        return core::Unexpected(GitError(core::ErrorCode::kInternal, "pack commit"));
      }
    }
  } else {
    internal::RevwalkPtr walk;
    if (git_revwalk_new(walk.out(), repository) != 0) {
      return core::Unexpected(GitError(core::ErrorCode::kInternal, "git_revwalk_new"));
    }
    for (const std::string& want : request.wants) {
      MH_ASSIGN_OR_RETURN(git_oid oid, CommitOid(repository, want));
      if (git_revwalk_push(walk.get(), &oid) != 0) {
        return core::Unexpected(GitError(core::ErrorCode::kInternal, "revwalk push"));
      }
    }
    // What the client has (and a shallow client's boundary) needs no sending.
    for (const std::string& common : pack.common) {
      git_oid oid = *ParseOid(common);
      if (git_revwalk_hide(walk.get(), &oid) != 0) {
        return core::Unexpected(GitError(core::ErrorCode::kInternal, "revwalk hide"));
      }
    }
    if (git_packbuilder_insert_walk(builder.get(), walk.get()) != 0) {
      return core::Unexpected(GitError(core::ErrorCode::kInternal, "pack objects"));
    }
  }
  GitBuf buffer;
  if (git_packbuilder_write_buf(buffer.get(), builder.get()) != 0) {
    return core::Unexpected(GitError(core::ErrorCode::kInternal, "write pack"));
  }
  pack.data.assign(buffer.view());
  return pack;
}

core::Result<std::vector<std::string>> UnpackObjects(GitRepo& repo, std::string_view pack,
                                                     const std::string& scratch_dir) {
  git_odb* repo_odb = nullptr;
  if (git_repository_odb(&repo_odb, repo.raw()) != 0) {
    return core::Unexpected(GitError(core::ErrorCode::kInternal, "git_repository_odb"));
  }
  OdbPtr target;
  *target.out() = repo_odb;
  // The indexer completes a thin pack with the bases it finds in the repo's objects.
  IndexerPtr indexer;
  git_indexer_options options = GIT_INDEXER_OPTIONS_INIT;
  if (git_indexer_new(indexer.out(), scratch_dir.c_str(), 0, repo_odb, &options) != 0) {
    return core::Unexpected(GitError(core::ErrorCode::kInternal, "git_indexer_new"));
  }
  git_indexer_progress progress{};
  if (git_indexer_append(indexer.get(), pack.data(), pack.size(), &progress) != 0 ||
      git_indexer_commit(indexer.get(), &progress) != 0) {
    return core::Unexpected(GitError(core::ErrorCode::kBadRequest, "invalid pack"));
  }
  const std::string index_path = scratch_dir + "/pack-" + git_indexer_name(indexer.get()) + ".idx";
  git_odb_backend* pack_backend = nullptr;
  if (git_odb_backend_one_pack(&pack_backend, index_path.c_str()) != 0) {
    return core::Unexpected(GitError(core::ErrorCode::kInternal, "open received pack"));
  }
  OdbPtr received;
  if (git_odb_new(received.out()) != 0 ||
      git_odb_add_backend(received.get(), pack_backend, 1) != 0) {
    pack_backend->free(pack_backend);
    return core::Unexpected(GitError(core::ErrorCode::kInternal, "received pack odb"));
  }
  std::vector<git_oid> ids;
  auto collect = [](const git_oid* id, void* payload) {
    static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
    return 0;
  };
  if (git_odb_foreach(received.get(), collect, &ids) != 0) {
    return core::Unexpected(GitError(core::ErrorCode::kInternal, "list received objects"));
  }
  std::vector<std::string> written;
  written.reserve(ids.size());
  for (const git_oid& id : ids) {
    OdbObjectPtr object;
    if (git_odb_read(object.out(), received.get(), &id) != 0) {
      return core::Unexpected(GitError(core::ErrorCode::kBadRequest, "read received object"));
    }
    git_oid stored;
    if (git_odb_write(&stored, repo_odb, git_odb_object_data(object.get()),
                      git_odb_object_size(object.get()), git_odb_object_type(object.get())) != 0) {
      return core::Unexpected(GitError(core::ErrorCode::kInternal, "store received object"));
    }
    written.push_back(OidHex(stored));
  }
  return written;
}

core::Result<bool> IsAncestor(GitRepo& repo, std::string_view ancestor,
                              std::string_view descendant) {
  MH_ASSIGN_OR_RETURN(git_oid base, CommitOid(repo.raw(), ancestor));
  MH_ASSIGN_OR_RETURN(git_oid tip, CommitOid(repo.raw(), descendant));
  if (git_oid_equal(&base, &tip)) return true;
  const int result = git_graph_descendant_of(repo.raw(), &tip, &base);
  if (result < 0) return core::Unexpected(GitError(core::ErrorCode::kInternal, "merge base"));
  return result == 1;
}

}  // namespace modelhub::storage
