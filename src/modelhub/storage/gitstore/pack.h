// Packfiles for git's smart protocol on a GitRepo (its objects live in the metastore): building the
// pack a fetch asks for, and unpacking the pack a push sends. Both go through the repo's
// transaction, so unpacked objects become durable only with it.
#ifndef MODELHUB_STORAGE_GITSTORE_PACK_H_
#define MODELHUB_STORAGE_GITSTORE_PACK_H_

#include <string>
#include <string_view>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::storage {

struct FetchRequest {
  std::vector<std::string> wants;  // commit ids the client asks for
  std::vector<std::string> haves;  // commit ids the client says it has
  // Limit history to this many commits from each want (git's `deepen N`); 0 = whole history.
  int depth = 0;
  std::vector<std::string> client_shallow;  // the client's current shallow boundary
};

struct FetchPack {
  std::vector<std::string> common;     // the haves this repo has too
  std::vector<std::string> shallow;    // new boundary commits (their parents are not sent)
  std::vector<std::string> unshallow;  // client boundary commits whose parents are now sent
  std::string data;                    // the packfile ("PACK" ... trailer)
};

// The pack of every object reachable from `wants` that the client lacks: not reachable from a
// common have, and within `depth` commits when set. RevisionNotFound for a want that is not a
// commit of this repo.
core::Result<FetchPack> BuildFetchPack(GitRepo& repo, const FetchRequest& request);

// Indexes `pack` (thin packs are completed from the repo's objects) and writes every object in
// it into the repo. `scratch_dir` is an existing directory for the index files, removed after.
// Returns the ids of the objects written. BadRequest for a malformed or truncated pack.
core::Result<std::vector<std::string>> UnpackObjects(GitRepo& repo, std::string_view pack,
                                                     const std::string& scratch_dir);

// True when commit `ancestor` is `descendant` or reachable from it (a fast-forward).
core::Result<bool> IsAncestor(GitRepo& repo, std::string_view ancestor,
                              std::string_view descendant);

}  // namespace modelhub::storage

#endif  // MODELHUB_STORAGE_GITSTORE_PACK_H_
