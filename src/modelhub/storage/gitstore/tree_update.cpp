// GitRepo::UpdateTree over a lazily loaded in-memory copy of the tree.
//
// git_tree_create_updated is not used directly: it sorts the updates by path (so their order is
// lost), fails on a file/folder change at one path ("D/F conflict") and, when a folder is removed
// and then a file is added below it, rebuilds the folder from the base tree so the removed files
// come back. Here updates apply one by one to the copy, loading only the folders they touch, and
// only changed folders are written (git_treebuilder), which also prunes folders left empty.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "modelhub/core/ids.h"
#include "modelhub/storage/gitstore/git_store.h"
#include "modelhub/storage/gitstore/internal/git_util.h"
#include "modelhub/storage/gitstore/internal/odb_backend.h"

namespace modelhub::storage {
namespace {

using internal::OidHex;

struct Node {
  bool is_directory = false;
  git_oid oid{};      // a file's blob, or a folder's tree in the base (when has_base)
  uint32_t mode = 0;  // a file's mode
  bool has_base = false;
  bool loaded = false;  // a folder's children are in `children`
  bool changed = false;
  std::map<std::string, std::unique_ptr<Node>> children;
};

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.emplace_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

bool IsFileMode(uint32_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE ||
         mode == GIT_FILEMODE_LINK || mode == GIT_FILEMODE_COMMIT;
}

class TreeEditor {
 public:
  explicit TreeEditor(git_repository* repository) : repository_(repository) {}

  core::Status Start(std::string_view base_tree) {
    root_.is_directory = true;
    if (base_tree.empty()) {
      root_.loaded = true;
      root_.changed = true;  // written even when no update applies: the empty tree
      return core::Ok();
    }
    auto oid = internal::ParseOid(base_tree);
    if (!oid) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "invalid tree id '" + std::string(base_tree) + "'");
    }
    root_.oid = *oid;
    root_.has_base = true;
    return Load(root_, "");
  }

  core::Status Apply(const TreeUpdate& update) {
    if (auto valid = core::ValidateRepoPath(update.path); !valid) return valid;
    std::vector<std::string> parts = Split(update.path);
    std::vector<Node*> folders{&root_};
    std::string walked;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      Node& folder = *folders.back();
      walked += (walked.empty() ? "" : "/") + parts[i];
      auto found = folder.children.find(parts[i]);
      if (found == folder.children.end()) {
        if (update.action != TreeUpdate::Action::kUpsert) return NotFound(update);
        auto created = std::make_unique<Node>();
        created->is_directory = true;
        created->loaded = true;
        found = folder.children.emplace(parts[i], std::move(created)).first;
      } else if (!found->second->is_directory) {
        if (update.action != TreeUpdate::Action::kUpsert) return NotFound(update);
        return core::Unexpected(core::ErrorCode::kBadRequest,
                                "cannot add '" + update.path + "': '" + walked + "' is a file");
      }
      MH_RETURN_IF_ERROR(Load(*found->second, walked));
      folders.push_back(found->second.get());
    }
    Node& parent = *folders.back();
    const std::string& name = parts.back();
    auto existing = parent.children.find(name);
    switch (update.action) {
      case TreeUpdate::Action::kUpsert: {
        if (existing != parent.children.end() && existing->second->is_directory) {
          return core::Unexpected(core::ErrorCode::kBadRequest,
                                  "cannot add file '" + update.path + "': it is a folder");
        }
        if (!IsFileMode(update.mode)) {
          return core::Unexpected(core::ErrorCode::kBadRequest,
                                  "invalid file mode for '" + update.path + "'");
        }
        auto blob = internal::ParseOid(update.blob_oid);
        if (!blob) {
          return core::Unexpected(core::ErrorCode::kBadRequest,
                                  "invalid blob id for '" + update.path + "'");
        }
        auto file = std::make_unique<Node>();
        file->oid = *blob;
        file->mode = update.mode;
        parent.children[name] = std::move(file);
        break;
      }
      case TreeUpdate::Action::kRemoveFile:
      case TreeUpdate::Action::kRemoveFolder: {
        bool want_folder = update.action == TreeUpdate::Action::kRemoveFolder;
        if (existing == parent.children.end() || existing->second->is_directory != want_folder) {
          return NotFound(update);
        }
        parent.children.erase(existing);
        break;
      }
    }
    for (Node* folder : folders) folder->changed = true;
    // git stores no empty folders: drop the ones this removal emptied, innermost first.
    for (size_t i = folders.size() - 1; i > 0 && folders[i]->children.empty(); --i) {
      folders[i - 1]->children.erase(parts[i - 1]);
    }
    return core::Ok();
  }

  core::Result<std::string> Write() {
    MH_ASSIGN_OR_RETURN(git_oid oid, Write(root_, ""));
    return OidHex(oid);
  }

 private:
  static core::Status NotFound(const TreeUpdate& update) {
    bool folder = update.action == TreeUpdate::Action::kRemoveFolder;
    return core::Unexpected(
        core::ErrorCode::kEntryNotFound,
        std::string(folder ? "no folder '" : "no file '") + update.path + "' to remove");
  }

  core::Status Load(Node& folder, const std::string& path) {
    if (folder.loaded) return core::Ok();
    internal::TreePtr tree;
    if (git_tree_lookup(tree.out(), repository_, &folder.oid) != 0) {
      return core::Unexpected(internal::GitError(
          core::ErrorCode::kInternal, "read tree " + OidHex(folder.oid) + " at '" + path + "'"));
    }
    for (size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
      auto child = std::make_unique<Node>();
      child->is_directory = git_tree_entry_type(entry) == GIT_OBJECT_TREE;
      child->oid = *git_tree_entry_id(entry);
      child->mode = static_cast<uint32_t>(git_tree_entry_filemode(entry));
      child->has_base = child->is_directory;
      folder.children.emplace(git_tree_entry_name(entry), std::move(child));
    }
    folder.loaded = true;
    return core::Ok();
  }

  core::Result<git_oid> Write(const Node& folder, const std::string& path) {
    if (!folder.changed) return folder.oid;
    internal::TreeBuilderPtr builder;
    if (git_treebuilder_new(builder.out(), repository_, nullptr) != 0) {
      return core::Unexpected(internal::GitError(core::ErrorCode::kInternal, "tree builder"));
    }
    for (const auto& [name, child] : folder.children) {
      std::string child_path = path.empty() ? name : path + "/" + name;
      git_oid oid = child->oid;
      git_filemode_t mode = static_cast<git_filemode_t>(child->mode);
      if (child->is_directory) {
        MH_ASSIGN_OR_RETURN(oid, Write(*child, child_path));
        mode = GIT_FILEMODE_TREE;
      }
      // libgit2 checks (strict object creation) that the object exists with the right type.
      if (git_treebuilder_insert(nullptr, builder.get(), name.c_str(), &oid, mode) != 0) {
        return core::Unexpected(internal::GitError(
            core::ErrorCode::kBadRequest, "cannot add '" + child_path + "' (" + OidHex(oid) + ")"));
      }
    }
    git_oid written;
    if (git_treebuilder_write(&written, builder.get()) != 0) {
      return core::Unexpected(
          internal::GitError(core::ErrorCode::kInternal, "write tree '" + path + "'"));
    }
    return written;
  }

  git_repository* repository_;
  Node root_;
};

}  // namespace

core::Result<std::string> GitRepo::UpdateTree(std::string_view base_tree,
                                              const std::vector<TreeUpdate>& updates) {
  backend_->error.reset();
  TreeEditor editor(repository_);
  auto result = [&]() -> core::Result<std::string> {
    MH_RETURN_IF_ERROR(editor.Start(base_tree));
    for (const TreeUpdate& update : updates) MH_RETURN_IF_ERROR(editor.Apply(update));
    return editor.Write();
  }();
  // A failing metastore (busy, I/O) surfaces as a libgit2 error; report the real cause.
  if (!result && backend_->error) {
    return core::Unexpected(backend_->TakeError(core::ErrorCode::kInternal, "update tree"));
  }
  return result;
}

}  // namespace modelhub::storage
