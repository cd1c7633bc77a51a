// `.gitignore` rules as preupload applies them (`shouldIgnore`, spec §6.2 step 1): the last
// matching rule wins, `!` re-includes, a trailing '/' matches directories only, and a file inside
// an ignored directory is ignored whatever later rules say (git does not descend into it).
#ifndef MODELHUB_HUB_GITIGNORE_H_
#define MODELHUB_HUB_GITIGNORE_H_

#include <string_view>

namespace modelhub::hub {

bool IsIgnoredPath(std::string_view gitignore, std::string_view path);

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_GITIGNORE_H_
