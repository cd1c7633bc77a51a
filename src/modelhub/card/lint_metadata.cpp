// Rules about the front matter and its metadata (spec/model-cards.md sections 1, 2, 4, 5, 7).
#include <string>

#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/lint_rules.h"
#include "modelhub/card/internal/text.h"
#include "modelhub/card/lineage.h"
#include "modelhub/card/vocab.h"

namespace modelhub::card::internal {
namespace {

void Add(std::vector<FindingData>* out, ReportText id, Severity severity, ReportText message,
         int line, ReportText fix) {
  out->emplace_back(std::move(id), severity, std::move(message), line, std::move(fix));
}

std::string Quote(const nlohmann::json& v) {
  return v.is_string() ? "'" + v.get<std::string>() + "'" : v.dump();
}

// `it` is the value at `key`, nullptr when absent.
void CheckVocabulary(const Card& card, std::string_view key, const nlohmann::json* it,
                     Vocabulary vocabulary, std::vector<FindingData>* out) {
  if (it == nullptr || it->is_null()) return;
  // The key's line and name are looked up and copied only for a finding: most values are valid.
  if (!it->is_string()) {
    if (key == "license" && card.kind == CardKind::kDataset && it->is_array()) return;
    const std::string k(key);
    Add(out, "invalid-" + k, Severity::kError, k + " must be a string, got " + it->dump(),
        card.KeyLine(key),
        "Write a single id, for example `" + k + ": " +
            (vocabulary == Vocabulary::kLicense ? "apache-2.0" : "text-generation") + "`.");
    return;
  }
  const std::string& value = it->get_ref<const std::string&>();
  bool known = false;
  Severity severity = Severity::kError;
  bool legacy = false;
  switch (vocabulary) {
    case Vocabulary::kLicense:
      known = FindLicense(value).has_value();
      break;
    case Vocabulary::kPipelineTag:
      known = IsPipelineTag(value);
      if (!known && IsLegacyPipelineTag(value)) {
        severity = Severity::kWarning;
        legacy = true;
      }
      break;
    case Vocabulary::kLibrary:
      known = IsLibrary(value);
      severity = Severity::kWarning;
      break;
  }
  if (known) return;  // the usual case: no message strings built
  const std::string k(key);
  const std::string id = legacy ? "legacy-pipeline-tag" : "unknown-" + k;
  const auto suggestion = Suggest(vocabulary, value);
  std::string fix =
      suggestion ? "Did you mean `" + *suggestion + "`? Write `" + k + ": " + *suggestion + "`."
                 : "Use a value from the Hub's list (spec/vocab).";
  if (vocabulary == Vocabulary::kLicense && !suggestion) {
    fix =
        "Use an id from the Hub's license list, or `license: other` with `license_name` and "
        "`license_link`.";
  }
  Add(out, id, severity, k + " " + Quote(*it) + " is not in the Hub's vocabulary",
      card.KeyLine(key), std::move(fix));
}

void CheckRequired(const Card& card, const TopLevelKeys& values, std::vector<FindingData>* out) {
  const auto missing = [](const nlohmann::json* value) {
    return value == nullptr || value->is_null() ||
           ((value->is_array() || value->is_string()) && value->empty());
  };
  if (missing(values.license)) {
    Add(out, "missing-license", Severity::kError, "No license in the metadata", 0,
        "Add `license: <id>` (for example apache-2.0, mit, llama3.2) to the front matter.");
  }
  if (card.kind != CardKind::kModel) return;
  if (missing(values.pipeline_tag)) {
    Add(out, "missing-pipeline-tag", Severity::kWarning,
        "No pipeline_tag: the Hub cannot pick a widget or list the model under a task", 0,
        "Add `pipeline_tag: <task>` (for example text-generation).");
  }
  if (missing(values.language)) {
    Add(out, "missing-language", Severity::kWarning, "No language in the metadata", 0,
        "Add `language: [en]` with ISO 639 codes (quote 'no' for Norwegian).");
  }
  if (missing(values.library_name)) {
    Add(out, "missing-library-name", Severity::kWarning,
        "No library_name: since August 2024 the Hub no longer assumes transformers", 0,
        "Add `library_name: <library>` (for example transformers, diffusers, peft).");
  }
  if (missing(values.base_model)) {
    if (const int line = DerivedEvidenceLine(card, values)) {
      Add(out, "missing-base-model", Severity::kWarning,
          "The card describes a fine-tune, adapter or quantisation but has no base_model", line,
          "Add `base_model: <org>/<parent>` so that lineage and license inheritance can be "
          "traced.");
    }
  }
}

void CheckLicenseDetails(const Card& card, const TopLevelKeys& keys,
                         std::vector<FindingData>* out) {
  const nlohmann::json* license = keys.license;
  // The string compared in place: `*license == "other"` built a JSON string per card (card_bench:
  // ~90 instructions).
  if (license != nullptr && license->is_string() &&
      license->get_ref<const std::string&>() == "other" && keys.license_name == nullptr) {
    Add(out, "license-other-without-name", Severity::kWarning,
        "`license: other` without license_name", card.KeyLine("license"),
        "Add `license_name: <short-slug>` and `license_link: LICENSE` (or a URL).");
  }
  if (keys.extra_gated_prompt != nullptr && (license == nullptr || license->is_null())) {
    Add(out, "gated-prompt-without-license", Severity::kWarning,
        "extra_gated_prompt is set but the card declares no license",
        card.KeyLine("extra_gated_prompt"), "Declare the license the gate refers to.");
  }
}

void CheckShapes(const Card& card, const TopLevelKeys& keys, std::vector<FindingData>* out) {
  const nlohmann::json* tags = keys.tags;
  if (tags != nullptr && tags->is_string()) {
    Add(out, "tags-not-list", Severity::kWarning,
        "tags is a string; huggingface_hub would split it into characters", card.KeyLine("tags"),
        "Write `tags: [" + tags->get<std::string>() + "]`.");
  }
  for (std::string_view base : MetadataStrings(keys.base_model)) {
    if (!IsHubId(base)) {
      Add(out, "base-model-not-hub-id", Severity::kWarning,
          "base_model '" + Excerpt(base, 80) + "' is not a Hub repo id", card.KeyLine("base_model"),
          "Use the parent's Hub id (`org/name`), not a local path or a placeholder.");
    }
  }
}

void CheckYaml11(const Card& card, std::vector<FindingData>* out) {
  for (const YamlCoercion& c : card.yaml.coercions) {
    const std::string& path = c.location.path;
    const bool language = StartsWith(path, "/language");
    if (c.value.is_boolean()) {
      Add(out, language ? "yaml11-language-bool" : "yaml11-bool",
          language ? Severity::kError : Severity::kWarning,
          "`" + c.raw + "` at " + path + " is read as " + c.value.dump() + " by YAML 1.1" +
              (language ? " (Norwegian becomes false)" : ""),
          c.location.line, "Quote it: '" + c.raw + "'.");
    } else if (!c.value.is_string()) {
      Add(out, "yaml11-number", Severity::kWarning,
          "`" + c.raw + "` at " + path + " is read as the number " + c.value.dump(),
          c.location.line, "Quote it if it is a version or an id: '" + c.raw + "'.");
    }
  }
  for (const YamlLocation& d : card.yaml.duplicate_keys) {
    Add(out, "duplicate-key", Severity::kWarning,
        "Duplicate key " + d.path + ": the last value wins, earlier ones are silently dropped",
        d.line, "Keep one occurrence of the key.");
  }
}

}  // namespace

void LintFrontMatter(const Card& card, std::vector<FindingData>* out) {
  const FrontMatter& front = card.front;
  if (front.had_bom) {
    Add(out, "bom", Severity::kWarning,
        "The file starts with a UTF-8 BOM; huggingface_hub then finds no metadata", 1,
        "Save the file as UTF-8 without BOM.");
  }
  if (!front.present && front.late_block_line > 0) {
    Add(out, "front-matter-not-at-top", Severity::kError,
        "A `---` metadata block is not at the top of the file, so the Hub ignores it",
        front.late_block_line, "Move the block to the very first line of README.md.");
  } else if (!front.present) {
    Add(out, "no-front-matter", Severity::kWarning, "The card has no YAML metadata block", 1,
        "Start README.md with `---`, the metadata (license, pipeline_tag, ...) and `---`.");
  }
  if (card.yaml_error) {
    Add(out, "yaml-syntax", Severity::kError,
        "Metadata is not valid YAML: " + card.yaml_error->ToString(), card.yaml_error->line,
        "Fix the YAML at the line shown (quote values with ': ' or '#', indent with spaces).");
  }
  if (card.metadata_not_mapping) {
    Add(out, "metadata-not-mapping", Severity::kError, "repo card metadata block should be a dict",
        front.yaml_line, "Write the metadata as `key: value` lines.");
  }
}

void LintMetadata(const Card& card, const TopLevelKeys& keys, std::vector<FindingData>* out) {
  if (!card.front.present || card.yaml_error || card.metadata_not_mapping) {
    if (card.front.present || card.kind != CardKind::kModel) return;
  }
  CheckRequired(card, keys, out);
  CheckVocabulary(card, "license", keys.license, Vocabulary::kLicense, out);
  if (card.kind == CardKind::kModel) {
    CheckVocabulary(card, "pipeline_tag", keys.pipeline_tag, Vocabulary::kPipelineTag, out);
    CheckVocabulary(card, "library_name", keys.library_name, Vocabulary::kLibrary, out);
  }
  CheckLicenseDetails(card, keys, out);
  CheckShapes(card, keys, out);
  CheckYaml11(card, out);
}

}  // namespace modelhub::card::internal
