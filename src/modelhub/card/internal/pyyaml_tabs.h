// PyYAML's pure-Python scanner (the one safe_load uses) never skips a tab between tokens: a tab
// after a plain scalar, inside a flow collection or before a comment is a ScannerError there,
// while libyaml accepts it. Real cards have such trailing tabs and fail to load in
// huggingface_hub, so LoadYaml reports them the same way.
#ifndef MODELHUB_CARD_INTERNAL_PYYAML_TABS_H_
#define MODELHUB_CARD_INTERNAL_PYYAML_TABS_H_

#include <optional>
#include <string_view>
#include <vector>

#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/yaml.h"

namespace modelhub::card::internal {

// Where a quoted or block scalar sits, end exclusive; tabs inside are content.
struct TextRange {
  Mark start;
  Mark end;
};

// The first tab PyYAML would reject: outside `content_ranges` and not inside a comment.
std::optional<Mark> FindRejectedTab(std::string_view yaml,
                                    const std::vector<TextRange>& content_ranges);

// Whether `load` failed at a place before `tab`.
bool FailsBefore(const YamlLoad& load, Mark tab);

// The error PyYAML's scanner gives a tab between tokens, at `tab`.
YamlLoad RejectedTabError(Mark tab);

// What LoadYaml reports for `yaml` loaded as `load` from events whose quoted and block scalars sat
// in `content_ranges`: the error for the first tab PyYAML rejects, unless `load` failed before it.
// Both the libyaml and the fast path end here, so they agree on it by construction.
YamlLoad PreferRejectedTab(std::string_view yaml, const std::vector<TextRange>& content_ranges,
                           YamlLoad load);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_PYYAML_TABS_H_
