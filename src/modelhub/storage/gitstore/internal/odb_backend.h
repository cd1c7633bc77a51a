// GitRepo::Backend: a libgit2 object-database backend that keeps objects in the metastore table
// git_objects(repo_id, oid, kind, size, data) through the GitRepo's Transaction.
#ifndef MODELHUB_STORAGE_GITSTORE_INTERNAL_ODB_BACKEND_H_
#define MODELHUB_STORAGE_GITSTORE_INTERNAL_ODB_BACKEND_H_

#include <cstdint>
#include <optional>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "modelhub/core/result.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::storage {

struct GitRepo::Backend {
  // First member: libgit2 hands the callbacks a git_odb_backend* that is cast back to Backend*.
  git_odb_backend parent;
  Transaction* transaction;
  int64_t repo_id;
  // The metastore error behind the last failed callback, so that an Unavailable (busy database)
  // is not reported as a generic git error.
  std::optional<core::Error> error;

  // A new backend with its callbacks set; libgit2 frees it (Free) once added to an odb.
  static Backend* Create(Transaction& transaction, int64_t repo_id);

  // The metastore error of the last callback if there was one, else libgit2's last error.
  core::Error TakeError(core::ErrorCode code, std::string_view context);

 private:
  static int Read(void** data, size_t* size, git_object_t* kind, git_odb_backend* backend,
                  const git_oid* oid);
  static int ReadPrefix(git_oid* full, void** data, size_t* size, git_object_t* kind,
                        git_odb_backend* backend, const git_oid* prefix, size_t length);
  static int ReadHeader(size_t* size, git_object_t* kind, git_odb_backend* backend,
                        const git_oid* oid);
  static int Write(git_odb_backend* backend, const git_oid* oid, const void* data, size_t size,
                   git_object_t kind);
  static int Exists(git_odb_backend* backend, const git_oid* oid);
  static int ExistsPrefix(git_oid* full, git_odb_backend* backend, const git_oid* prefix,
                          size_t length);
  static void Free(git_odb_backend* backend);

  int Fail(core::Error error);
};

}  // namespace modelhub::storage

#endif  // MODELHUB_STORAGE_GITSTORE_INTERNAL_ODB_BACKEND_H_
