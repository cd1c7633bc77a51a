// RepoService::Info: everything repo info can show, derived from the tree at a revision by the
// same code that feeds the catalogue index (search::DeriveRepoFacts), so the two never disagree.
#include "modelhub/hub/internal/indexing.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::hub {

using storage::TransactionMode;

core::Result<RepoInfo> RepoService::Info(const Caller& caller, const RepoKey& key,
                                         std::string_view revision) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, lookup.record.row_id));
  RepoInfo info;
  info.record = lookup.record;
  MH_ASSIGN_OR_RETURN(info.sha,
                      internal::ResolveRevisionIn(*txn, *git, lookup.record.row_id, revision));
  MH_ASSIGN_OR_RETURN(auto commit, git->ReadCommit(info.sha));
  info.last_modified = commit.committer.time_seconds * 1000;
  MH_ASSIGN_OR_RETURN(info.siblings, internal::TreeFiles(*git, *impl_, commit.tree));
  MH_ASSIGN_OR_RETURN(auto facts, internal::FactsOf(key.type, *git, blobs_, *impl_, info.siblings));
  info.card_data = std::move(facts.card_data);
  info.card_error = std::move(facts.card_error);
  info.tags = std::move(facts.tags);
  info.pipeline_tag = std::move(facts.pipeline_tag);
  info.library_name = std::move(facts.library_name);
  info.config = std::move(facts.config);
  info.safetensors = std::move(facts.safetensors);
  info.used_storage = facts.used_storage;
  return info;
}

}  // namespace modelhub::hub
