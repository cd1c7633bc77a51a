// `.gitattributes` as the Hub uses it: the default file of a new repo, and whether a path falls
// under an LFS rule (`filter=lfs`), which decides preupload's uploadMode.
#ifndef MODELHUB_HUB_GITATTRIBUTES_H_
#define MODELHUB_HUB_GITATTRIBUTES_H_

#include <string>
#include <string_view>

#include "modelhub/core/ids.h"

namespace modelhub::hub {

// The `.gitattributes` the Hub puts in the initial commit of a new repo of `type`.
std::string DefaultGitattributes(core::RepoType type);

// True when the last rule of `gitattributes` that matches `path` sets `filter=lfs` (a later
// matching `-filter` or `filter=` something else unsets it), following gitignore-style patterns:
// a pattern without '/' matches the file name at any depth, one with '/' the whole path, and `**`
// spans directories.
bool IsLfsPath(std::string_view gitattributes, std::string_view path);

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_GITATTRIBUTES_H_
