// Include/exclude filtering of repo paths with huggingface_hub's semantics
// (utils/_paths.py filter_repo_objects): Python fnmatch, where '*' also matches '/', and a pattern
// ending in '/' matches everything below that folder.
#ifndef MODELHUB_CLIENT_GLOB_FILTER_H_
#define MODELHUB_CLIENT_GLOB_FILTER_H_

#include <string>
#include <string_view>
#include <vector>

namespace modelhub::client {

class GlobFilter {
 public:
  GlobFilter(std::vector<std::string> include, std::vector<std::string> exclude);

  // True when `path` matches some include pattern (or there are none) and no exclude pattern.
  bool Matches(std::string_view path) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

// Python fnmatch.fnmatchcase: '*', '?', '[...]', '[!...]'; no escaping, '/' not special.
bool FnMatch(std::string_view pattern, std::string_view text);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_GLOB_FILTER_H_
