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

namespace internal {

void LintInto(const Card& card, const ModelIndex& model_index, std::vector<FindingData>* out) {
  LintInto(card, model_index, TopLevelKeys(card.metadata), out);
}

void LintInto(const Card& card, const ModelIndex& model_index, const TopLevelKeys& keys,
              std::vector<FindingData>* out) {
  out->clear();
  // Most cards have a handful; growing from empty moved every finding. (Not more: a block of
  // 1 KiB or more makes glibc consolidate its fast bins first.)
  out->reserve(8);
  LintFrontMatter(card, out);
  LintMetadata(card, keys, out);
  LintModelIndex(card, keys, model_index, out);
  LintBody(card, keys, out);
  // Stable by line. An insertion sort in place: a card has a dozen findings at most, mostly in
  // order, and std::stable_sort took a temporary buffer per card (card_bench).
  for (size_t i = 1; i < out->size(); ++i) {
    if ((*out)[i - 1].line <= (*out)[i].line) continue;
    FindingData moving = std::move((*out)[i]);
    size_t j = i;
    for (; j > 0 && (*out)[j - 1].line > moving.line; --j) (*out)[j] = std::move((*out)[j - 1]);
    (*out)[j] = std::move(moving);
  }
}

std::vector<Finding> ToFindings(const std::vector<FindingData>& findings) {
  std::vector<Finding> out;
  out.reserve(findings.size());
  for (const FindingData& f : findings) {
    out.push_back({f.id.str(), f.severity, f.message.str(), f.line, f.fix.str()});
  }
  return out;
}

}  // namespace internal

std::vector<Finding> Lint(const Card& card, const ModelIndex& model_index) {
  std::vector<internal::FindingData> findings;
  internal::LintInto(card, model_index, &findings);
  return internal::ToFindings(findings);
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
