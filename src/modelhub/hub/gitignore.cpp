#include "modelhub/hub/gitignore.h"

#include <string>
#include <vector>

#include "modelhub/hub/internal/git_pattern.h"

namespace modelhub::hub {
namespace {

struct Rule {
  std::string pattern;
  bool negated = false;
  bool directory_only = false;
};

std::vector<Rule> ParseRules(std::string_view text) {
  std::vector<Rule> rules;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    Rule rule;
    if (line.front() == '!') {
      rule.negated = true;
      line.erase(0, 1);
    }
    if (line.ends_with('/')) {
      rule.directory_only = true;
      while (line.ends_with('/')) line.pop_back();
    }
    if (line.empty()) continue;
    rule.pattern = std::move(line);
    rules.push_back(std::move(rule));
  }
  return rules;
}

bool Matches(const std::vector<Rule>& rules, std::string_view path, bool is_directory) {
  bool ignored = false;
  for (const auto& rule : rules) {
    if (rule.directory_only && !is_directory) continue;
    if (internal::GitPatternMatches(rule.pattern, path)) ignored = !rule.negated;
  }
  return ignored;
}

}  // namespace

bool IsIgnoredPath(std::string_view gitignore, std::string_view path) {
  auto rules = ParseRules(gitignore);
  if (rules.empty()) return false;
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (Matches(rules, path.substr(0, slash), /*is_directory=*/true)) return true;
  }
  return Matches(rules, path, /*is_directory=*/false);
}

}  // namespace modelhub::hub
