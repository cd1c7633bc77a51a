// BatchedMetastore: a Metastore for single-threaded bulk loaders that groups many transactions into
// one write transaction of the store it wraps. Each Begin() on it opens a SAVEPOINT inside that
// long transaction (started on first use); the returned Transaction's Commit() releases the
// savepoint and destroying it uncommitted rolls back to it, so code written against Metastore
// (RepoService) keeps its all-or-nothing steps. Flush() commits the whole batch: only then are the
// batched transactions durable and visible to other connections. Destroying the wrapper without
// Flush() rolls the open batch back.
//
// Why: a commit costs a WAL append of every page it touched (and an fsync when durable); a batch of
// a few hundred repos touches the hot index pages once. Not thread-safe; while a batch is open,
// other writers to the database wait for its write lock.
#ifndef MODELHUB_STORAGE_METASTORE_BATCHED_METASTORE_H_
#define MODELHUB_STORAGE_METASTORE_BATCHED_METASTORE_H_

#include <memory>
#include <string_view>

#include "modelhub/core/result.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::storage {

class BatchedMetastore final : public Metastore {
 public:
  explicit BatchedMetastore(Metastore& store) : store_(store) {}
  ~BatchedMetastore() override;
  BatchedMetastore(const BatchedMetastore&) = delete;
  BatchedMetastore& operator=(const BatchedMetastore&) = delete;

  // A savepoint in the current batch (read and write alike). Errors: those of the wrapped
  // store's Begin(kWrite) when a batch has to be started.
  core::Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override;

  // Commits the batch. Internal when a transaction begun on the wrapper is still open.
  core::Status Flush();

  // The wrapped store's: a batch is a write to others only once it is flushed.
  core::Result<uint64_t> DataVersion() override { return store_.DataVersion(); }

  std::string_view Engine() const override { return store_.Engine(); }

 private:
  class Savepoint;

  Metastore& store_;
  std::unique_ptr<Transaction> batch_;
  int open_savepoints_ = 0;
};

}  // namespace modelhub::storage

#endif  // MODELHUB_STORAGE_METASTORE_BATCHED_METASTORE_H_
