#include "modelhub/card/lint.h"

#include <algorithm>

#include "modelhub/card/internal/lint_rules.h"

namespace modelhub::card {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "info";
}

std::vector<Finding> Lint(const Card& card, const ModelIndex& model_index) {
  std::vector<Finding> findings;
  // Most cards have a handful; growing from empty moved every finding's strings. (Not more: a
  // block of 1 KiB or more makes glibc consolidate its fast bins first.)
  findings.reserve(8);
  internal::LintFrontMatter(card, &findings);
  internal::LintMetadata(card, &findings);
  internal::LintModelIndex(card, model_index, &findings);
  internal::LintBody(card, &findings);
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.line < b.line; });
  return findings;
}

bool HasErrors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kError; });
}

nlohmann::json FindingsToJson(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Finding& f : findings) {
    out.push_back({{"id", f.id},
                   {"severity", SeverityName(f.severity)},
                   {"message", f.message},
                   {"line", f.line},
                   {"fix", f.fix}});
  }
  return out;
}

}  // namespace modelhub::card
