#include "modelhub/card/writer.h"

#include <cctype>
#include <charconv>
#include <cstdlib>

#include "modelhub/card/lineage.h"
#include "modelhub/card/vocab.h"

namespace modelhub::card {
namespace {

// A YAML scalar that PyYAML reads back as the same string: quoted whenever a plain scalar could
// resolve to something else (no, 3.10, 2023-01-05, ...) or carries YAML syntax.
std::string YamlString(std::string_view s) {
  bool plain = !s.empty();
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == '/')) {
      plain = false;
    }
  }
  if (plain && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '.')) {
    plain = false;
  }
  for (std::string_view word : {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}) {
    std::string lower(s);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == word) plain = false;
  }
  if (plain) return std::string(s);
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

void List(std::string* out, std::string_view key, const std::vector<std::string>& values) {
  if (values.empty()) return;
  *out += std::string(key) + ":\n";
  for (const std::string& v : values) *out += "- " + YamlString(v) + "\n";
}

std::string Number(double v) {
  char buffer[32];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
  std::string s(buffer, r.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string ModelIndex(const NewCard& card) {
  std::string out = "model-index:\n- name: " + YamlString(card.model_id) + "\n  results:\n";
  for (const NewEval& e : card.evals) {
    const std::string task = e.task_type.empty() ? card.pipeline_tag : e.task_type;
    out += "  - task:\n      type: " + YamlString(task) + "\n";
    out += "    dataset:\n      type: " + YamlString(e.dataset_type) +
           "\n      name: " + YamlString(e.dataset_name.empty() ? e.dataset_type : e.dataset_name) +
           "\n";
    if (!e.split.empty()) out += "      split: " + YamlString(e.split) + "\n";
    if (e.shots >= 0) out += "      args:\n        num_few_shot: " + std::to_string(e.shots) + "\n";
    out += "    metrics:\n    - type: " + YamlString(e.metric_type) +
           "\n      value: " + Number(e.value) + "\n";
  }
  return out;
}

constexpr std::string_view kBody = R"(
## Model Details

### Model Description

- **Developed by:** {author}
- **Model type:** {pipeline_tag}
- **Language(s):** {languages}
- **License:** {license}
- **Finetuned from model:** {base}

## Uses

### Direct Use

Describe what the model is for and who should use it.

### Out-of-Scope Use

Describe uses the model is not suited for.

## Bias, Risks, and Limitations

Describe the known failure modes, the groups and inputs on which the model was not evaluated,
and the risks of misuse.

## How to Get Started with the Model

```python
from transformers import pipeline

pipe = pipeline("{pipeline_tag}", model="{model_id}")
print(pipe("Hello"))
```

## Training Details

### Training Data

Name the datasets used for training and how they were filtered.

### Training Procedure

State the hyperparameters, hardware and training time.

## Evaluation

State the benchmarks, splits, shot counts and harness used; the numbers are in model-index.

## Environmental Impact

State the hardware type, hours used, cloud provider, compute region and carbon emitted.

## Citation

```bibtex
@misc{{citation_key},
  title = {{model_id}},
}
```
)";

void Replace(std::string* s, std::string_view from, std::string_view to) {
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size())) {
    s->replace(at, from.size(), to);
  }
}

}  // namespace

core::Result<NewEval> ParseEvalSpec(std::string_view spec) {
  NewEval e;
  const size_t colon = spec.find(':');
  const size_t equals = spec.find('=');
  if (colon == std::string_view::npos || equals == std::string_view::npos || equals < colon) {
    return core::Unexpected(
        core::ErrorCode::kBadRequest,
        "--eval wants dataset:metric=value[@split][#shots], got '" + std::string(spec) + "'");
  }
  e.dataset_type = std::string(spec.substr(0, colon));
  e.metric_type = std::string(spec.substr(colon + 1, equals - colon - 1));
  std::string_view rest = spec.substr(equals + 1);
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) {
    e.shots = std::atoi(std::string(rest.substr(hash + 1)).c_str());
    rest = rest.substr(0, hash);
  }
  if (const size_t at = rest.find('@'); at != std::string_view::npos) {
    e.split = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  const auto r = std::from_chars(rest.data(), rest.data() + rest.size(), e.value);
  if (r.ec != std::errc() || r.ptr != rest.data() + rest.size() || e.dataset_type.empty() ||
      e.metric_type.empty()) {
    return core::Unexpected(core::ErrorCode::kBadRequest,
                            "--eval value must be a number: '" + std::string(spec) + "'");
  }
  return e;
}

core::Result<std::string> WriteCard(const NewCard& card) {
  const auto bad = [](std::string message) {
    return core::Unexpected(core::ErrorCode::kBadRequest, std::move(message));
  };
  if (!FindLicense(card.license)) {
    const auto s = Suggest(Vocabulary::kLicense, card.license);
    return bad("unknown license '" + card.license + "'" + (s ? "; did you mean " + *s + "?" : ""));
  }
  if (card.license == "other" && card.license_name.empty()) {
    return bad("license other needs --license-name");
  }
  if (!card.pipeline_tag.empty() && !IsPipelineTag(card.pipeline_tag)) {
    const auto s = Suggest(Vocabulary::kPipelineTag, card.pipeline_tag);
    return bad("unknown pipeline tag '" + card.pipeline_tag + "'" +
               (s ? "; did you mean " + *s + "?" : ""));
  }
  if (!card.library_name.empty() && !IsLibrary(card.library_name)) {
    return bad("unknown library '" + card.library_name + "'");
  }
  for (const std::string& base : card.base_models) {
    if (!IsHubId(base)) return bad("base model '" + base + "' is not a Hub id");
  }
  if (!card.evals.empty() && card.pipeline_tag.empty()) {
    return bad("--eval needs --pipeline-tag for the task type");
  }
  std::string out = "---\n";
  out += "license: " + YamlString(card.license) + "\n";
  if (!card.license_name.empty()) out += "license_name: " + YamlString(card.license_name) + "\n";
  if (!card.license_link.empty()) out += "license_link: " + YamlString(card.license_link) + "\n";
  List(&out, "language", card.languages);
  if (!card.library_name.empty()) out += "library_name: " + YamlString(card.library_name) + "\n";
  if (!card.pipeline_tag.empty()) out += "pipeline_tag: " + YamlString(card.pipeline_tag) + "\n";
  List(&out, "base_model", card.base_models);
  if (!card.base_model_relation.empty()) {
    out += "base_model_relation: " + YamlString(card.base_model_relation) + "\n";
  }
  List(&out, "datasets", card.datasets);
  List(&out, "tags", card.tags);
  if (!card.evals.empty()) out += ModelIndex(card);
  out += "---\n\n# " + card.model_id +
         "\n\nOne paragraph on what this model is, what it was "
         "trained for and how well it does it.\n";
  std::string body(kBody);
  const size_t slash = card.model_id.find('/');
  std::string languages;
  for (const std::string& l : card.languages) languages += (languages.empty() ? "" : ", ") + l;
  std::string bases;
  for (const std::string& b : card.base_models) bases += (bases.empty() ? "" : ", ") + b;
  Replace(&body, "{author}", slash == std::string::npos ? "" : card.model_id.substr(0, slash));
  Replace(&body, "{pipeline_tag}", card.pipeline_tag);
  Replace(&body, "{languages}", languages);
  Replace(&body, "{license}", card.license);
  Replace(&body, "{base}", bases.empty() ? "none" : bases);
  Replace(&body, "{model_id}", card.model_id);
  Replace(&body, "{citation_key}",
          slash == std::string::npos ? card.model_id : card.model_id.substr(slash + 1));
  return out + body;
}

}  // namespace modelhub::card
