// The pattern language of .gitignore and .gitattributes: a pattern without '/' matches the last
// path component at any depth, one with '/' matches the whole path from the root (a leading '/'
// only anchors), '*' and '?' stay within a component and "**/" spans any number of directories.
#ifndef MODELHUB_HUB_INTERNAL_GIT_PATTERN_H_
#define MODELHUB_HUB_INTERNAL_GIT_PATTERN_H_

#include <string>
#include <string_view>

namespace modelhub::hub::internal {

bool GitPatternMatches(std::string pattern, std::string_view path);

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_GIT_PATTERN_H_
