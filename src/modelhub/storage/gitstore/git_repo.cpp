#include <cctype>
#include <utility>

#include "modelhub/core/ids.h"
#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/gitstore/internal/git_util.h"
#include "modelhub/storage/gitstore/internal/odb_backend.h"

namespace modelhub::storage {

using internal::OidHex;
using internal::ParseOid;

core::Result<std::unique_ptr<GitRepo>> GitRepo::Open(Transaction& transaction, int64_t repo_id) {
  internal::EnsureLibgit2();
  std::unique_ptr<GitRepo> repo(new GitRepo());
  git_odb* odb = nullptr;
  if (git_odb_new(&odb) != 0)
    return core::Unexpected(internal::GitError(core::ErrorCode::kInternal, "git_odb_new"));
  Backend* backend = Backend::Create(transaction, repo_id);
  if (git_odb_add_backend(odb, &backend->parent, 1) != 0) {
    delete backend;
    git_odb_free(odb);
    return core::Unexpected(internal::GitError(core::ErrorCode::kInternal, "git_odb_add_backend"));
  }
  // From here the odb owns the backend, and the repository holds its own reference to the odb.
  int code = git_repository_wrap_odb(&repo->repository_, odb);
  git_odb_free(odb);
  if (code != 0) {
    return core::Unexpected(
        internal::GitError(core::ErrorCode::kInternal, "git_repository_wrap_odb"));
  }
  repo->backend_ = backend;
  return repo;
}

GitRepo::~GitRepo() { git_repository_free(repository_); }

core::Result<std::string> GitRepo::WriteBlob(std::string_view content) {
  git_oid oid;
  if (git_blob_create_from_buffer(&oid, repository_, content.data(), content.size()) != 0) {
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "write blob"));
  }
  return OidHex(oid);
}

core::Result<std::string> GitRepo::CreateCommit(std::string_view tree,
                                                const std::vector<std::string>& parents,
                                                const GitSignature& author,
                                                const GitSignature& committer,
                                                std::string_view message) {
  auto tree_oid = ParseOid(tree);
  if (!tree_oid) {
    return core::Unexpected(core::ErrorCode::kBadRequest,
                            "invalid tree id '" + std::string(tree) + "'");
  }
  internal::TreePtr tree_object;
  if (git_tree_lookup(tree_object.out(), repository_, &*tree_oid) != 0) {
    return core::Unexpected(
        backend_->TakeError(core::ErrorCode::kEntryNotFound, "tree " + std::string(tree)));
  }
  std::vector<internal::CommitPtr> parent_objects(parents.size());
  std::vector<const git_commit*> parent_pointers;
  for (size_t i = 0; i < parents.size(); ++i) {
    auto parent_oid = ParseOid(parents[i]);
    if (!parent_oid || git_commit_lookup(parent_objects[i].out(), repository_, &*parent_oid) != 0) {
      return core::Unexpected(
          backend_->TakeError(core::ErrorCode::kRevisionNotFound, "parent commit " + parents[i]));
    }
    parent_pointers.push_back(parent_objects[i].get());
  }
  internal::SignaturePtr author_signature;
  internal::SignaturePtr committer_signature;
  if (git_signature_new(author_signature.out(), author.name.c_str(), author.email.c_str(),
                        author.time_seconds, author.offset_minutes) != 0 ||
      git_signature_new(committer_signature.out(), committer.name.c_str(), committer.email.c_str(),
                        committer.time_seconds, committer.offset_minutes) != 0) {
    return core::Unexpected(internal::GitError(core::ErrorCode::kBadRequest, "commit signature"));
  }
  std::string message_text(message);
  git_oid oid;
  // A NULL ref name: refs move only through UpdateRef's compare-and-swap.
  if (git_commit_create(&oid, repository_, nullptr, author_signature.get(),
                        committer_signature.get(), nullptr, message_text.c_str(), tree_object.get(),
                        parent_pointers.size(), parent_pointers.data()) != 0) {
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "create commit"));
  }
  return OidHex(oid);
}

core::Result<CommitData> GitRepo::ReadCommit(std::string_view oid) {
  auto commit_oid = ParseOid(oid);
  if (!commit_oid) {
    return core::Unexpected(core::ErrorCode::kRevisionNotFound,
                            "invalid commit id '" + std::string(oid) + "'");
  }
  internal::CommitPtr commit;
  if (git_commit_lookup(commit.out(), repository_, &*commit_oid) != 0) {
    // libgit2 reports an object of another type as not found too.
    return core::Unexpected(
        backend_->TakeError(core::ErrorCode::kRevisionNotFound, "commit " + std::string(oid)));
  }
  return internal::ToCommitData(commit.get());
}

core::Result<std::optional<TreeEntry>> GitRepo::Lookup(std::string_view tree_oid,
                                                       std::string_view path) {
  auto oid = ParseOid(tree_oid);
  if (!oid)
    return core::Unexpected(core::ErrorCode::kEntryNotFound,
                            "invalid tree id '" + std::string(tree_oid) + "'");
  internal::TreePtr tree;
  if (git_tree_lookup(tree.out(), repository_, &*oid) != 0) {
    return core::Unexpected(
        backend_->TakeError(core::ErrorCode::kEntryNotFound, "tree " + std::string(tree_oid)));
  }
  if (path.empty()) {
    return std::optional<TreeEntry>(TreeEntry{"", true, std::string(tree_oid), 040000, 0});
  }
  internal::TreeEntryPtr entry;
  std::string path_text(path);
  int code = git_tree_entry_bypath(entry.out(), tree.get(), path_text.c_str());
  if (code == GIT_ENOTFOUND) return std::optional<TreeEntry>();
  if (code != 0)
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "lookup " + path_text));
  TreeEntry result;
  result.path = path_text;
  result.is_directory = git_tree_entry_type(entry.get()) == GIT_OBJECT_TREE;
  result.oid = OidHex(*git_tree_entry_id(entry.get()));
  result.mode = static_cast<uint32_t>(git_tree_entry_filemode(entry.get()));
  if (git_tree_entry_type(entry.get()) == GIT_OBJECT_BLOB) {
    auto size = internal::ObjectSize(repository_, *git_tree_entry_id(entry.get()));
    if (!size)
      return core::Unexpected(
          backend_->TakeError(core::ErrorCode::kInternal, "blob of " + path_text));
    result.size = *size;
  }
  return std::optional<TreeEntry>(std::move(result));
}

core::Result<std::string> GitRepo::ReadBlob(std::string_view oid) {
  auto blob_oid = ParseOid(oid);
  if (!blob_oid)
    return core::Unexpected(core::ErrorCode::kEntryNotFound,
                            "invalid blob id '" + std::string(oid) + "'");
  internal::BlobPtr blob;
  if (git_blob_lookup(blob.out(), repository_, &*blob_oid) != 0) {
    auto error = backend_->TakeError(core::ErrorCode::kEntryNotFound, "blob " + std::string(oid));
    return core::Unexpected(std::move(error));
  }
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

namespace {

struct WalkState {
  git_repository* repository;
  std::string prefix;  // dir_path + "/" or ""
  std::vector<TreeEntry>* entries;
  bool failed = false;
};

TreeEntry MakeEntry(git_repository* repository, std::string path, const git_tree_entry* entry,
                    bool* failed) {
  TreeEntry result;
  result.path = std::move(path);
  result.is_directory = git_tree_entry_type(entry) == GIT_OBJECT_TREE;
  result.oid = OidHex(*git_tree_entry_id(entry));
  result.mode = static_cast<uint32_t>(git_tree_entry_filemode(entry));
  if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) {
    auto size = internal::ObjectSize(repository, *git_tree_entry_id(entry));
    if (!size) *failed = true;
    result.size = size.value_or(0);
  }
  return result;
}

int WalkCallback(const char* root, const git_tree_entry* entry, void* payload) {
  auto* state = static_cast<WalkState*>(payload);
  std::string path = state->prefix + root + git_tree_entry_name(entry);
  state->entries->push_back(MakeEntry(state->repository, std::move(path), entry, &state->failed));
  return state->failed ? -1 : 0;
}

}  // namespace

core::Result<std::vector<TreeEntry>> GitRepo::ListTree(std::string_view tree_oid,
                                                       std::string_view dir_path, bool recursive) {
  MH_ASSIGN_OR_RETURN(std::optional<TreeEntry> dir, Lookup(tree_oid, dir_path));
  if (!dir || !dir->is_directory) {
    return core::Unexpected(
        core::ErrorCode::kEntryNotFound,
        "no directory '" + std::string(dir_path) + "' in tree " + std::string(tree_oid));
  }
  internal::TreePtr tree;
  git_oid oid = *ParseOid(dir->oid);
  if (git_tree_lookup(tree.out(), repository_, &oid) != 0) {
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "tree " + dir->oid));
  }
  std::vector<TreeEntry> entries;
  std::string prefix = dir_path.empty() ? "" : std::string(dir_path) + "/";
  if (recursive) {
    WalkState state{repository_, prefix, &entries};
    if (git_tree_walk(tree.get(), GIT_TREEWALK_PRE, &WalkCallback, &state) != 0 || state.failed) {
      return core::Unexpected(
          backend_->TakeError(core::ErrorCode::kInternal, "walk tree " + dir->oid));
    }
    return entries;
  }
  size_t count = git_tree_entrycount(tree.get());
  entries.reserve(count);
  bool failed = false;
  for (size_t i = 0; i < count; ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
    entries.push_back(MakeEntry(repository_, prefix + git_tree_entry_name(entry), entry, &failed));
  }
  if (failed)
    return core::Unexpected(
        backend_->TakeError(core::ErrorCode::kInternal, "sizes in tree " + dir->oid));
  return entries;
}

core::Result<std::optional<std::string>> GitRepo::ExpandCommitPrefix(std::string_view hex_prefix) {
  // git accepts either case in abbreviated ids; stored ids are lowercase.
  std::string low(hex_prefix);
  for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!core::IsHexPrefix(low)) return std::optional<std::string>();
  // Only commits count, so a tree or blob sharing the prefix does not make it ambiguous.
  MH_ASSIGN_OR_RETURN(
      auto rows,
      backend_->transaction->Query(
          "SELECT oid FROM git_objects WHERE repo_id = ? AND oid >= ? AND oid < ? AND kind = ? "
          "ORDER BY oid LIMIT 2",
          {backend_->repo_id, low, low + "g", int64_t{GIT_OBJECT_COMMIT}}));
  if (rows.size() != 1) return std::optional<std::string>();
  return std::optional<std::string>(rows.front().Text(0));
}

}  // namespace modelhub::storage
