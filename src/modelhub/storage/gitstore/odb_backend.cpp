#include "modelhub/storage/gitstore/internal/odb_backend.h"

#include <cstring>
#include <string>

#include "modelhub/storage/gitstore/internal/git_util.h"
#include "modelhub/storage/gitstore/internal/object_cache.h"

namespace modelhub::storage {
namespace {

using internal::ObjectCache;
using internal::OidHex;

// [low, high) bounds of the hex ids that start with the first `length` digits of `prefix`:
// 'g' sorts after every hex digit.
std::pair<std::string, std::string> PrefixRange(const git_oid* prefix, size_t length) {
  std::string low = OidHex(*prefix).substr(0, length);
  return {low, low + "g"};
}

int CopyOut(git_odb_backend* backend, const std::string& bytes, void** data, size_t* size) {
  void* buffer = git_odb_backend_data_alloc(backend, bytes.size());
  if (buffer == nullptr && !bytes.empty()) return GIT_ERROR;
  if (!bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
  *data = buffer;
  *size = bytes.size();
  return 0;
}

}  // namespace

GitRepo::Backend* GitRepo::Backend::Create(Transaction& transaction, int64_t repo_id) {
  auto* backend = new Backend{};
  git_odb_init_backend(&backend->parent, GIT_ODB_BACKEND_VERSION);
  backend->transaction = &transaction;
  backend->repo_id = repo_id;
  backend->parent.read = &Read;
  backend->parent.read_prefix = &ReadPrefix;
  backend->parent.read_header = &ReadHeader;
  backend->parent.write = &Write;
  backend->parent.exists = &Exists;
  backend->parent.exists_prefix = &ExistsPrefix;
  backend->parent.free = &Free;
  return backend;
}

core::Error GitRepo::Backend::TakeError(core::ErrorCode code, std::string_view context) {
  if (error) {
    core::Error taken = std::move(*error);
    error.reset();
    taken.message = std::string(context) + ": " + taken.message;
    return taken;
  }
  return internal::GitError(code, context);
}

int GitRepo::Backend::Fail(core::Error failure) {
  git_error_set_str(GIT_ERROR_ODB, failure.message.c_str());
  error = std::move(failure);
  return GIT_ERROR;
}

int GitRepo::Backend::Read(void** data, size_t* size, git_object_t* kind, git_odb_backend* backend,
                           const git_oid* oid) {
  Backend* self = reinterpret_cast<Backend*>(backend);
  ObjectCache& cache = ObjectCache::Instance();
  if (auto cached = cache.Find(self->repo_id, *oid)) {
    *kind = cached->kind;
    return CopyOut(backend, cached->data, data, size);
  }
  auto row = self->transaction->QueryOne(
      "SELECT kind, data FROM git_objects WHERE repo_id = ? AND oid = ?",
      {self->repo_id, OidHex(*oid)});
  if (!row) return self->Fail(std::move(row.error()));
  if (!row->has_value()) return GIT_ENOTFOUND;
  *kind = static_cast<git_object_t>((*row)->Int(0));
  const std::string& bytes = (*row)->Text(1);
  // Only committed objects may be shared with other transactions; see object_cache.h.
  if (!self->transaction->IsWrite()) {
    cache.Add(self->repo_id, *oid, *kind, bytes.data(), bytes.size());
  }
  return CopyOut(backend, bytes, data, size);
}

int GitRepo::Backend::ReadPrefix(git_oid* full, void** data, size_t* size, git_object_t* kind,
                                 git_odb_backend* backend, const git_oid* prefix, size_t length) {
  Backend* self = reinterpret_cast<Backend*>(backend);
  auto [low, high] = PrefixRange(prefix, length);
  auto rows = self->transaction->Query(
      "SELECT oid, kind, data FROM git_objects WHERE repo_id = ? AND oid >= ? AND oid < ? "
      "ORDER BY oid LIMIT 2",
      {self->repo_id, low, high});
  if (!rows) return self->Fail(std::move(rows.error()));
  if (rows->empty()) return GIT_ENOTFOUND;
  if (rows->size() > 1) return GIT_EAMBIGUOUS;
  const Row& row = rows->front();
  if (git_oid_fromstrn(full, row.Text(0).data(), row.Text(0).size()) != 0) return GIT_ERROR;
  *kind = static_cast<git_object_t>(row.Int(1));
  return CopyOut(backend, row.Text(2), data, size);
}

int GitRepo::Backend::ReadHeader(size_t* size, git_object_t* kind, git_odb_backend* backend,
                                 const git_oid* oid) {
  Backend* self = reinterpret_cast<Backend*>(backend);
  if (auto cached = ObjectCache::Instance().Find(self->repo_id, *oid)) {
    *kind = cached->kind;
    *size = cached->data.size();
    return 0;
  }
  auto row = self->transaction->QueryOne(
      "SELECT kind, size FROM git_objects WHERE repo_id = ? AND oid = ?",
      {self->repo_id, OidHex(*oid)});
  if (!row) return self->Fail(std::move(row.error()));
  if (!row->has_value()) return GIT_ENOTFOUND;
  *kind = static_cast<git_object_t>((*row)->Int(0));
  *size = static_cast<size_t>((*row)->Int(1));
  return 0;
}

int GitRepo::Backend::Write(git_odb_backend* backend, const git_oid* oid, const void* data,
                            size_t size, git_object_t kind) {
  Backend* self = reinterpret_cast<Backend*>(backend);
  auto written = self->transaction->Execute(
      "INSERT INTO git_objects (repo_id, oid, kind, size, data) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING",
      {self->repo_id, OidHex(*oid), int64_t{kind}, static_cast<int64_t>(size),
       Bytes{std::string(static_cast<const char*>(data), size)}});
  if (!written) return self->Fail(std::move(written.error()));
  return 0;
}

int GitRepo::Backend::Exists(git_odb_backend* backend, const git_oid* oid) {
  Backend* self = reinterpret_cast<Backend*>(backend);
  if (ObjectCache::Instance().Find(self->repo_id, *oid)) return 1;
  auto row = self->transaction->QueryOne("SELECT 1 FROM git_objects WHERE repo_id = ? AND oid = ?",
                                         {self->repo_id, OidHex(*oid)});
  // exists() cannot report errors; a failed lookup says "missing" and the caller's next read or
  // write surfaces the error.
  if (!row) {
    self->error = std::move(row.error());
    return 0;
  }
  return row->has_value() ? 1 : 0;
}

int GitRepo::Backend::ExistsPrefix(git_oid* full, git_odb_backend* backend, const git_oid* prefix,
                                   size_t length) {
  Backend* self = reinterpret_cast<Backend*>(backend);
  auto [low, high] = PrefixRange(prefix, length);
  auto rows = self->transaction->Query(
      "SELECT oid FROM git_objects WHERE repo_id = ? AND oid >= ? AND oid < ? ORDER BY oid "
      "LIMIT 2",
      {self->repo_id, low, high});
  if (!rows) return self->Fail(std::move(rows.error()));
  if (rows->empty()) return GIT_ENOTFOUND;
  if (rows->size() > 1) return GIT_EAMBIGUOUS;
  const std::string& hex = rows->front().Text(0);
  return git_oid_fromstrn(full, hex.data(), hex.size()) == 0 ? 0 : GIT_ERROR;
}

void GitRepo::Backend::Free(git_odb_backend* backend) {
  delete reinterpret_cast<Backend*>(backend);
}

}  // namespace modelhub::storage
