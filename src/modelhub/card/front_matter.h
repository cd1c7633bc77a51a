// Splitting a card (README.md) into its YAML front matter and its Markdown body, and reading the
// front matter the way huggingface_hub does (PyYAML safe_load semantics).
//
// The split follows the one regular expression huggingface_hub and the Hub use
// (spec/model-cards.md section 1.1), with one deliberate difference: a leading UTF-8 BOM is
// stripped and reported instead of hiding the metadata. Pure functions, no I/O, thread-safe.
#ifndef MODELHUB_CARD_FRONT_MATTER_H_
#define MODELHUB_CARD_FRONT_MATTER_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "modelhub/card/yaml.h"
#include "modelhub/core/result.h"

namespace modelhub::card {

struct FrontMatter {
  bool present = false;     // a front matter block was found at the top
  bool had_bom = false;     // the text started with a UTF-8 BOM, which was skipped
  std::string yaml;         // the YAML between the fences (empty when !present)
  int yaml_line = 0;        // 1-based file line of the first YAML line (0 when !present)
  std::string body;         // everything after the closing fence (the whole text when !present)
  int body_line = 1;        // 1-based file line where `body` starts
  int late_block_line = 0;  // when !present: line of a `---` block found further down, else 0
};

// Splits `text`; never fails. Lines count "\n", "\r\n" and a lone "\r" as one break each.
FrontMatter SplitFrontMatter(std::string_view text);

// YAML front matter -> JSON exactly as PyYAML safe_load would give it (dates and timestamps as
// ISO-8601 strings). An error message carries the line and column within `yaml`.
core::Result<nlohmann::json> ParseYaml(std::string_view yaml);

// The card's metadata object: {} when there is no front matter or it is empty; an error (with the
// file line and column) on invalid YAML or when the front matter is not a mapping.
core::Result<nlohmann::json> ParseCardMetadata(std::string_view readme_text);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_FRONT_MATTER_H_
