#include "modelhub/hub/internal/git_pattern.h"

#include <algorithm>

#include <fnmatch.h>

namespace modelhub::hub::internal {
namespace {

bool MatchGlob(const std::string& pattern, const std::string& text, bool pathname) {
  return fnmatch(pattern.c_str(), text.c_str(), pathname ? FNM_PATHNAME : 0) == 0;
}

}  // namespace

bool GitPatternMatches(std::string pattern, std::string_view path) {
  // A leading '/' anchors the pattern to the root, like a '/' anywhere else in it.
  bool anchored = pattern.find('/') != std::string::npos;
  if (pattern.starts_with("/")) pattern.erase(0, 1);
  std::string full(path);
  if (!anchored) {
    auto slash = full.rfind('/');
    std::string base = slash == std::string::npos ? full : full.substr(slash + 1);
    return MatchGlob(pattern, base, false);
  }
  if (pattern.find("**") == std::string::npos) return MatchGlob(pattern, full, true);
  // Expand each "**/" into zero or more directories by trying the pattern with it removed and
  // with it as "*/", "*/*/", ... up to the path's depth.
  size_t depth = static_cast<size_t>(std::count(full.begin(), full.end(), '/'));
  size_t at = pattern.find("**/");
  if (at == std::string::npos) {
    // Trailing "/**" matches everything inside.
    std::string prefix = pattern.substr(0, pattern.find("**"));
    return full.starts_with(prefix) && MatchGlob(prefix + "*", full, false);
  }
  for (size_t n = 0; n <= depth; ++n) {
    std::string replacement;
    for (size_t i = 0; i < n; ++i) replacement += "*/";
    std::string candidate = pattern.substr(0, at) + replacement + pattern.substr(at + 3);
    if (GitPatternMatches(candidate, path)) return true;
  }
  return false;
}

}  // namespace modelhub::hub::internal
