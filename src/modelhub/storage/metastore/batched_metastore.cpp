#include "modelhub/storage/metastore/batched_metastore.h"

namespace modelhub::storage {

// Savepoints nest as a stack and SQLite resolves a repeated name to the innermost one, so one name
// serves every level (and keeps the connection's statement cache to three texts).
class BatchedMetastore::Savepoint final : public Transaction {
 public:
  Savepoint(BatchedMetastore& owner, bool write) : owner_(owner), write_(write) {
    ++owner_.open_savepoints_;
  }

  ~Savepoint() override {
    if (finished_) return;
    // Undo this savepoint's changes only; the batch stays open.
    (void)owner_.batch_->Execute("ROLLBACK TO SAVEPOINT batched");
    (void)owner_.batch_->Execute("RELEASE SAVEPOINT batched");
    --owner_.open_savepoints_;
  }

  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       std::initializer_list<SqlValue> params) override {
    MH_RETURN_IF_ERROR(CheckOpen());
    return owner_.batch_->Query(sql, params);
  }

  core::Result<int64_t> Execute(std::string_view sql,
                                std::initializer_list<SqlValue> params) override {
    MH_RETURN_IF_ERROR(CheckOpen());
    return owner_.batch_->Execute(sql, params);
  }

  core::Result<int64_t> Insert(std::string_view sql,
                               std::initializer_list<SqlValue> params) override {
    MH_RETURN_IF_ERROR(CheckOpen());
    return owner_.batch_->Insert(sql, params);
  }

  core::Status Commit() override {
    MH_RETURN_IF_ERROR(CheckOpen());
    auto released = owner_.batch_->Execute("RELEASE SAVEPOINT batched");
    if (!released) return core::Unexpected(std::move(released.error()));  // destructor rolls back
    finished_ = true;
    --owner_.open_savepoints_;
    return core::Ok();
  }

  bool IsWrite() const override { return write_; }

 private:
  core::Status CheckOpen() const {
    if (finished_) {
      return core::Unexpected(core::ErrorCode::kInternal, "transaction already finished");
    }
    return core::Ok();
  }

  BatchedMetastore& owner_;
  const bool write_;
  bool finished_ = false;
};

BatchedMetastore::~BatchedMetastore() = default;

core::Result<std::unique_ptr<Transaction>> BatchedMetastore::Begin(TransactionMode mode) {
  if (batch_ == nullptr) {
    MH_ASSIGN_OR_RETURN(batch_, store_.Begin(TransactionMode::kWrite));
  }
  MH_RETURN_IF_ERROR(batch_->Execute("SAVEPOINT batched"));
  return std::unique_ptr<Transaction>(
      std::make_unique<Savepoint>(*this, mode == TransactionMode::kWrite));
}

core::Status BatchedMetastore::Flush() {
  if (open_savepoints_ != 0) {
    return core::Unexpected(
        core::ErrorCode::kInternal,
        "Flush with " + std::to_string(open_savepoints_) + " batched transaction(s) still open");
  }
  if (batch_ == nullptr) return core::Ok();
  auto batch = std::move(batch_);
  return batch->Commit();
}

}  // namespace modelhub::storage
