#include "modelhub/card/lint.h"

#include <algorithm>
#include <cstring>

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

LintKeys::LintKeys(const nlohmann::json& metadata) {
  if (!metadata.is_object()) return;
  // By length, then the bytes: a constant-size memcmp is a load or two once GCC inlines it.
  for (const auto& [key, value] : metadata.get_ref<const nlohmann::json::object_t&>()) {
    const char* k = key.data();
    switch (key.size()) {
      case 4:
        if (std::memcmp(k, "tags", 4) == 0) tags = &value;
        break;
      case 7:
        if (std::memcmp(k, "license", 7) == 0) license = &value;
        break;
      case 8:
        if (std::memcmp(k, "language", 8) == 0) language = &value;
        break;
      case 10:
        if (std::memcmp(k, "base_model", 10) == 0) base_model = &value;
        break;
      case 11:
        if (std::memcmp(k, "model-index", 11) == 0) model_index = &value;
        break;
      case 12:
        if (std::memcmp(k, "pipeline_tag", 12) == 0) {
          pipeline_tag = &value;
        } else if (std::memcmp(k, "library_name", 12) == 0) {
          library_name = &value;
        } else if (std::memcmp(k, "license_name", 12) == 0) {
          license_name = &value;
        }
        break;
      case 15:
        if (std::memcmp(k, "prompt_template", 15) == 0) prompt_template = &value;
        break;
      case 16:
        if (std::memcmp(k, "co2_eq_emissions", 16) == 0) co2_eq_emissions = &value;
        break;
      case 18:
        if (std::memcmp(k, "extra_gated_prompt", 18) == 0) extra_gated_prompt = &value;
        break;
      default:
        break;
    }
  }
}

void LintInto(const Card& card, const ModelIndex& model_index, std::vector<FindingData>* out) {
  out->clear();
  // Most cards have a handful; growing from empty moved every finding. (Not more: a block of
  // 1 KiB or more makes glibc consolidate its fast bins first.)
  out->reserve(8);
  const LintKeys keys(card.metadata);
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
