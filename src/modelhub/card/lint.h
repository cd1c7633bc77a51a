// Lint rules for cards: metadata presence and vocabulary, YAML 1.1 traps, front matter placement,
// model-index validity, canonical sections, template filler and model-specific expectations.
// Each finding has a stable id, a severity, the file line it is about and a concrete fix; any
// kError finding fails `modelhub card lint`. The rule list with ids is in lint.cpp's kRules and
// in README.md. Pure and thread-safe.
#ifndef MODELHUB_CARD_LINT_H_
#define MODELHUB_CARD_LINT_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/card/model_card.h"
#include "modelhub/card/model_index.h"

namespace modelhub::card {

enum class Severity { kError, kWarning, kInfo };
std::string_view SeverityName(Severity severity);

struct Finding {
  std::string id;  // e.g. "unknown-license"
  Severity severity = Severity::kWarning;
  std::string message;
  int line = 0;     // file line, 0 when the finding is about the whole card
  std::string fix;  // what to change, concretely
};

std::vector<Finding> Lint(const Card& card, const ModelIndex& model_index);

bool HasErrors(const std::vector<Finding>& findings);
nlohmann::json FindingsToJson(const std::vector<Finding>& findings);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_LINT_H_
