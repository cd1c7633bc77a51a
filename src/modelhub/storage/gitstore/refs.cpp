// Refs as rows of `refs(repo_id, name, target)`, moved only by compare-and-swap in SQL so that two
// writers that started from the same parent cannot both win.
#include "modelhub/core/ids.h"
#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/gitstore/internal/object_cache.h"

namespace modelhub::storage {

core::Result<std::optional<std::string>> ReadRef(Transaction& transaction, int64_t repo_id,
                                                 std::string_view name) {
  MH_ASSIGN_OR_RETURN(auto row,
                      transaction.QueryOne("SELECT target FROM refs WHERE repo_id = ? AND name = ?",
                                           {repo_id, std::string(name)}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

core::Result<std::vector<std::pair<std::string, std::string>>> ListRefs(Transaction& transaction,
                                                                        int64_t repo_id) {
  MH_ASSIGN_OR_RETURN(
      auto rows, transaction.Query("SELECT name, target FROM refs WHERE repo_id = ? ORDER BY name",
                                   {repo_id}));
  std::vector<std::pair<std::string, std::string>> refs;
  refs.reserve(rows.size());
  for (const Row& row : rows) refs.emplace_back(row.Text(0), row.Text(1));
  return refs;
}

core::Status UpdateRef(Transaction& transaction, int64_t repo_id, std::string_view name,
                       std::optional<std::string_view> expected,
                       std::optional<std::string_view> target) {
  if (!transaction.IsWrite()) {
    return core::Unexpected(core::ErrorCode::kInternal, "UpdateRef needs a write transaction");
  }
  for (auto oid : {expected, target}) {
    if (oid && !core::IsFullSha(*oid)) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "invalid commit id '" + std::string(*oid) + "'");
    }
  }
  std::string ref(name);
  int64_t changed = 0;
  if (!expected) {
    if (target) {
      // git stores refs as files: "refs/heads/a" and "refs/heads/a/b" cannot both exist, and a
      // clone of a repo holding both would fail. Refuse the new one (a directory/file conflict).
      MH_ASSIGN_OR_RETURN(
          auto clash,
          transaction.QueryOne("SELECT name FROM refs WHERE repo_id = ? AND (substr(name, 1, ?) = "
                               "? OR substr(?, 1, length(name) + 1) = name || '/') LIMIT 1",
                               {repo_id, static_cast<int64_t>(ref.size() + 1), ref + "/", ref}));
      if (clash) {
        return core::Unexpected(core::ErrorCode::kConflict,
                                "ref " + ref + " conflicts with existing ref " + clash->Text(0) +
                                    " (one cannot be a directory of the other)");
      }
      MH_ASSIGN_OR_RETURN(
          changed, transaction.Execute("INSERT INTO refs (repo_id, name, target) VALUES (?, ?, ?) "
                                       "ON CONFLICT DO NOTHING",
                                       {repo_id, ref, std::string(*target)}));
    } else {
      MH_ASSIGN_OR_RETURN(auto current, ReadRef(transaction, repo_id, name));
      changed = current ? 0 : 1;
    }
    if (changed == 0) {
      return core::Unexpected(core::ErrorCode::kConflict, "ref " + ref + " already exists");
    }
    return core::Ok();
  }
  if (target) {
    MH_ASSIGN_OR_RETURN(
        changed, transaction.Execute("UPDATE refs SET target = ? WHERE repo_id = ? AND name = ? "
                                     "AND target = ?",
                                     {std::string(*target), repo_id, ref, std::string(*expected)}));
  } else {
    MH_ASSIGN_OR_RETURN(
        changed,
        transaction.Execute("DELETE FROM refs WHERE repo_id = ? AND name = ? AND target = ?",
                            {repo_id, ref, std::string(*expected)}));
  }
  if (changed == 0) {
    MH_ASSIGN_OR_RETURN(auto current, ReadRef(transaction, repo_id, name));
    return core::Unexpected(core::ErrorCode::kPreconditionFailed,
                            "ref " + ref + " is at " + current.value_or("(none)") +
                                ", not at the expected " + std::string(*expected));
  }
  return core::Ok();
}

core::Status DeleteRepoGitData(Transaction& transaction, int64_t repo_id) {
  MH_RETURN_IF_ERROR(transaction.Execute("DELETE FROM git_objects WHERE repo_id = ?", {repo_id}));
  MH_RETURN_IF_ERROR(transaction.Execute("DELETE FROM refs WHERE repo_id = ?", {repo_id}));
  internal::ObjectCache::Instance().EraseRepo(repo_id);
  return core::Ok();
}

}  // namespace modelhub::storage
