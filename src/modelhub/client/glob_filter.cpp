#include "modelhub/client/glob_filter.h"

#include <utility>

#include <fnmatch.h>

namespace modelhub::client {
namespace {

std::vector<std::string> Normalise(std::vector<std::string> patterns) {
  for (std::string& pattern : patterns) {
    if (!pattern.empty() && pattern.back() == '/') pattern += '*';
  }
  return patterns;
}

bool AnyMatches(const std::vector<std::string>& patterns, std::string_view path) {
  for (const std::string& pattern : patterns) {
    if (FnMatch(pattern, path)) return true;
  }
  return false;
}

}  // namespace

GlobFilter::GlobFilter(std::vector<std::string> include, std::vector<std::string> exclude)
    : include_(Normalise(std::move(include))), exclude_(Normalise(std::move(exclude))) {}

bool GlobFilter::Matches(std::string_view path) const {
  if (!include_.empty() && !AnyMatches(include_, path)) return false;
  return !AnyMatches(exclude_, path);
}

bool FnMatch(std::string_view pattern, std::string_view text) {
  // fnmatch(3) without FNM_PATHNAME/FNM_PERIOD lets '*' cross '/' like Python; FNM_NOESCAPE
  // because Python's fnmatch treats '\' as an ordinary character.
  return fnmatch(std::string(pattern).c_str(), std::string(text).c_str(), FNM_NOESCAPE) == 0;
}

}  // namespace modelhub::client
