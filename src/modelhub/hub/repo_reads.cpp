// RepoService: resolving revisions and files, trees, refs and history.
#include <algorithm>

#include "modelhub/core/encoding.h"
#include "modelhub/hub/internal/entries.h"
#include "modelhub/hub/internal/repo_rows.h"
#include "modelhub/hub/internal/service_state.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/storage/gitstore/git_store.h"

namespace modelhub::hub {

using core::ErrorCode;
using core::Unexpected;
using storage::TransactionMode;

namespace {

core::Status EntryNotFound(std::string_view path) {
  return Unexpected(ErrorCode::kEntryNotFound, "Entry not found: " + std::string(path));
}

// Ref lists come back sorted by full name; the protocol wants short names.
RefInfo MakeRef(const std::string& full, const std::string& target, std::string_view prefix) {
  return RefInfo{full.substr(prefix.size()), full, target};
}

}  // namespace

core::Result<std::string> RepoService::ResolveRevision(const Caller& caller, const RepoKey& key,
                                                       std::string_view revision) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, lookup.record.row_id));
  return internal::ResolveRevisionIn(*txn, *git, lookup.record.row_id, revision);
}

core::Result<size_t> RepoService::RevisionSegments(const Caller& caller, const RepoKey& key,
                                                   const std::vector<std::string>& segments,
                                                   size_t max_segments) {
  max_segments = std::min(max_segments, segments.size());
  if (max_segments <= 1) return max_segments;
  const std::string& first = segments[0];
  // An encoded slash means the client quoted the whole revision into one segment (spec §1).
  if (first.find("%2F") != std::string::npos || first.find("%2f") != std::string::npos) return 1;
  if (first == "refs" && max_segments >= 3 &&
      (segments[1] == "pr" || segments[1] == "convert" || segments[1] == "heads" ||
       segments[1] == "tags")) {
    return 3;
  }
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto refs, storage::ListRefs(*txn, lookup.record.row_id));
  // Longest branch or tag name that the leading segments spell, as hf.co routes `feat/x`.
  for (size_t count = max_segments; count >= 2; --count) {
    std::string name;
    for (size_t i = 0; i < count; ++i) {
      if (i > 0) name += '/';
      name += core::PercentDecode(segments[i]).value_or(segments[i]);
    }
    for (const auto& [ref, target] : refs) {
      if (ref == "refs/heads/" + name || ref == "refs/tags/" + name) return count;
    }
  }
  return 1;
}

core::Result<ResolvedFile> RepoService::ResolveFile(const Caller& caller, const RepoKey& key,
                                                    std::string_view revision,
                                                    std::string_view path,
                                                    std::string* commit_on_error) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup,
                      internal::FindVisibleRepo(*txn, caller, key, internal::Need::kContent));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, lookup.record.row_id));
  ResolvedFile file;
  file.repo_row_id = lookup.record.row_id;
  MH_ASSIGN_OR_RETURN(file.commit,
                      internal::ResolveRevisionIn(*txn, *git, lookup.record.row_id, revision));
  if (commit_on_error) *commit_on_error = file.commit;
  MH_ASSIGN_OR_RETURN(auto commit, git->ReadCommit(file.commit));
  MH_ASSIGN_OR_RETURN(auto tree_entry, git->Lookup(commit.tree, path));
  if (!tree_entry || tree_entry->is_directory) return Unexpected(EntryNotFound(path).error());
  MH_ASSIGN_OR_RETURN(file.entry, internal::ToEntry(*git, *impl_, *tree_entry));
  if (!file.entry.lfs) {
    MH_ASSIGN_OR_RETURN(file.content, git->ReadBlob(tree_entry->oid));
  }
  return file;
}

core::Result<std::vector<Entry>> RepoService::ListTree(const Caller& caller, const RepoKey& key,
                                                       std::string_view revision,
                                                       std::string_view path, bool recursive,
                                                       std::string* commit_out) {
  MH_ASSIGN_OR_RETURN(auto view, internal::OpenRevision(metastore_, caller, key, revision));
  if (commit_out) *commit_out = view.sha;
  storage::GitRepo& git = *view.git;
  auto listed = git.ListTree(view.commit.tree, path, recursive);
  if (!listed) {
    if (listed.error().code == ErrorCode::kEntryNotFound) {
      return Unexpected(EntryNotFound(path).error());
    }
    return Unexpected(listed.error());
  }
  std::vector<Entry> entries;
  entries.reserve(listed->size());
  for (const auto& tree_entry : *listed) {
    MH_ASSIGN_OR_RETURN(auto entry, internal::ToEntry(git, *impl_, tree_entry));
    entries.push_back(std::move(entry));
  }
  return entries;
}

core::Result<std::vector<Entry>> RepoService::PathsInfo(const Caller& caller, const RepoKey& key,
                                                        std::string_view revision,
                                                        const std::vector<std::string>& paths,
                                                        std::string* commit_out) {
  MH_ASSIGN_OR_RETURN(auto view, internal::OpenRevision(metastore_, caller, key, revision));
  if (commit_out) *commit_out = view.sha;
  storage::GitRepo& git = *view.git;
  std::vector<Entry> entries;
  for (const auto& path : paths) {
    if (path.empty() || !core::ValidateRepoPath(path)) continue;
    MH_ASSIGN_OR_RETURN(auto tree_entry, git.Lookup(view.commit.tree, path));
    if (!tree_entry) continue;
    MH_ASSIGN_OR_RETURN(auto entry, internal::ToEntry(git, *impl_, *tree_entry));
    entries.push_back(std::move(entry));
  }
  return entries;
}

core::Status RepoService::FillLastCommits(const Caller& caller, const RepoKey& key,
                                          std::string_view commit, std::vector<Entry>& entries) {
  if (entries.empty()) return core::Ok();
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup,
                      internal::FindVisibleRepo(*txn, caller, key, internal::Need::kContent));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, lookup.record.row_id));
  std::vector<std::string> paths;
  paths.reserve(entries.size());
  for (const auto& entry : entries) paths.push_back(entry.path);
  MH_ASSIGN_OR_RETURN(auto last, git->LastCommits(commit, paths));
  for (auto& entry : entries) {
    auto it = last.find(entry.path);
    if (it == last.end()) continue;
    const auto& data = it->second;
    entry.last_commit = Entry::LastCommit{data.oid, data.message.substr(0, data.message.find('\n')),
                                          data.committer.time_seconds * 1000};
  }
  return core::Ok();
}

core::Result<Refs> RepoService::ListRefs(const Caller& caller, const RepoKey& key,
                                         bool include_prs) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto refs, storage::ListRefs(*txn, lookup.record.row_id));
  Refs result;
  for (const auto& [name, target] : refs) {
    if (name.starts_with("refs/heads/")) {
      result.branches.push_back(MakeRef(name, target, "refs/heads/"));
    } else if (name.starts_with("refs/tags/")) {
      result.tags.push_back(MakeRef(name, target, "refs/tags/"));
    } else if (name.starts_with("refs/convert/")) {
      result.converts.push_back(MakeRef(name, target, "refs/convert/"));
    } else if (include_prs && name.starts_with("refs/pr/")) {
      result.pull_requests.push_back(MakeRef(name, target, "refs/pr/"));
    }
  }
  return result;
}

core::Result<std::vector<CommitSummary>> RepoService::ListCommits(const Caller& caller,
                                                                  const RepoKey& key,
                                                                  std::string_view revision,
                                                                  size_t skip, size_t limit,
                                                                  size_t* total) {
  MH_ASSIGN_OR_RETURN(auto txn, metastore_.Begin(TransactionMode::kRead));
  MH_ASSIGN_OR_RETURN(auto lookup, internal::FindVisibleRepo(*txn, caller, key));
  MH_ASSIGN_OR_RETURN(auto git, storage::GitRepo::Open(*txn, lookup.record.row_id));
  MH_ASSIGN_OR_RETURN(std::string sha,
                      internal::ResolveRevisionIn(*txn, *git, lookup.record.row_id, revision));
  if (total) {
    MH_ASSIGN_OR_RETURN(*total, git->CountCommits(sha));
  }
  MH_ASSIGN_OR_RETURN(auto history, git->History(sha, skip, limit));
  std::vector<CommitSummary> commits;
  commits.reserve(history.size());
  for (const auto& data : history) {
    CommitSummary summary;
    summary.id = data.oid;
    std::string_view message = data.message;
    size_t newline = message.find('\n');
    summary.title = std::string(message.substr(0, newline));
    if (newline != std::string_view::npos) {
      std::string_view body = message.substr(newline + 1);
      while (!body.empty() && body.front() == '\n') body.remove_prefix(1);
      while (!body.empty() && body.back() == '\n') body.remove_suffix(1);
      summary.message = std::string(body);
    }
    summary.authors.push_back(data.author.name);
    summary.date = data.author.time_seconds * 1000;
    commits.push_back(std::move(summary));
  }
  return commits;
}

}  // namespace modelhub::hub
