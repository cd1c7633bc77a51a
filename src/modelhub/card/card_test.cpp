// Unit tests on cards written for the project: each lint rule, model-index conversion, trust
// scoring, lineage verdicts, comparison tables and card writing.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "modelhub/card/compare.h"
#include "modelhub/card/inspect.h"
#include "modelhub/card/lineage.h"
#include "modelhub/card/lint.h"
#include "modelhub/card/model_card.h"
#include "modelhub/card/model_index.h"
#include "modelhub/card/trust.h"
#include "modelhub/card/writer.h"

namespace modelhub::card {
namespace {

using nlohmann::json;

std::set<std::string> LintIds(std::string_view text) {
  Card card;
  ParseCard(text, &card);
  std::set<std::string> ids;
  for (const Finding& f : Lint(card, ParseModelIndex(card.metadata))) ids.insert(f.id);
  return ids;
}

const Finding* FindingWithId(const std::vector<Finding>& findings, std::string_view id) {
  for (const Finding& f : findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

constexpr std::string_view kGoodBody = R"(
# Model

A summary of the model that is long enough to count as a summary paragraph for the lint.

## Intended uses and limitations
Text.
## How to use
```python
from transformers import pipeline
```
## Training data
Text.
## Training procedure
Text.
## Evaluation
Text.
## Environmental impact
Text.
## Citation
Text.
)";

TEST(Lint, EachRule) {
  const std::string good_meta =
      "---\nlicense: mit\nlanguage: [en]\npipeline_tag: text-classification\n"
      "library_name: transformers\n---\n";
  EXPECT_TRUE(LintIds(good_meta + std::string(kGoodBody)).empty());
  const std::map<std::string, std::string> cases = {
      {"no-front-matter", "# Title\n"},
      {"front-matter-not-at-top", "# Title\n---\nlicense: mit\n---\n"},
      {"bom", "\xEF\xBB\xBF---\nlicense: mit\n---\n"},
      {"yaml-syntax", "---\nlicense: [mit\n---\n"},
      {"metadata-not-mapping", "---\n- a\n---\n"},
      {"missing-license", "---\nlanguage: en\n---\n"},
      {"missing-pipeline-tag", "---\nlicense: mit\n---\n"},
      {"missing-language", "---\nlicense: mit\n---\n"},
      {"missing-library-name", "---\nlicense: mit\n---\n"},
      {"missing-base-model", "---\nlicense: mit\ntags: [generated_from_trainer]\n---\n"},
      {"unknown-license", "---\nlicense: Apache 2\n---\n"},
      {"invalid-license", "---\nlicense: [mit]\n---\n"},
      {"license-other-without-name", "---\nlicense: other\n---\n"},
      {"unknown-pipeline_tag", "---\npipeline_tag: text-generaton\n---\n"},
      {"legacy-pipeline-tag", "---\npipeline_tag: text2text-generation\n---\n"},
      {"unknown-library_name", "---\nlibrary_name: transformer\n---\n"},
      {"tags-not-list", "---\ntags: autotrain\n---\n"},
      {"base-model-not-hub-id", "---\nbase_model: /home/me/ckpt\n---\n"},
      {"yaml11-language-bool", "---\nlanguage: [no, sv]\n---\n"},
      {"yaml11-bool", "---\nwidget_enabled: yes\n---\n"},
      {"yaml11-number", "---\nsdk_version: 3.10\n---\n"},
      {"duplicate-key", "---\nlicense: mit\nlicense: apache-2.0\n---\n"},
      {"gated-prompt-without-license", "---\nextra_gated_prompt: Agree\n---\n"},
      {"model-index-invalid",
       "---\nmodel-index:\n- name: x\n  results:\n  - task: {type: t}\n---\n"},
      {"model-index-source-name-without-url",
       "---\nmodel-index:\n- name: x\n  results:\n  - task: {type: t}\n    dataset: {type: d, "
       "name: D}\n    metrics: [{type: acc, value: 1}]\n    source: {name: S}\n---\n"},
      {"model-index-empty-results", "---\nmodel-index:\n- name: x\n  results: []\n---\n"},
      {"metric-value-not-numeric",
       "---\nmodel-index:\n- name: x\n  results:\n  - task: {type: t}\n    dataset: {type: d, "
       "name: D}\n    metrics: [{type: acc, value: '1 +/- 2'}]\n---\n"},
      {"self-verified-metric",
       "---\nmodel-index:\n- name: x\n  results:\n  - task: {type: t}\n    dataset: {type: d, "
       "name: D}\n    metrics: [{type: acc, value: 1, verified: true}]\n---\n"},
      {"template-placeholder", "---\nlicense: mit\n---\n## Uses\n[More Information Needed]\n"},
      {"missing-section-how-to-use", "---\nlicense: mit\n---\n# X\n"},
      {"missing-section-citation", "---\nlicense: mit\n---\n# X\n"},
      {"how-to-use-without-code", "---\nlicense: mit\n---\n## Usage\nJust call it.\n"},
      {"instruct-without-prompt-format", "---\nlicense: mit\n---\n# Foo-7B-Instruct\n"},
      {"large-model-without-quantized-variants", "---\nlicense: mit\n---\n# Foo-70B\n"},
  };
  for (const auto& [id, text] : cases) {
    EXPECT_TRUE(LintIds(text).count(id)) << id << " not reported for:\n" << text;
  }
}

TEST(Lint, FindingsCarryLinesAndFixes) {
  Card card;
  ParseCard("---\nlicense: mit\nlanguage:\n- en\n- no\n---\n", &card);
  const auto findings = Lint(card, ParseModelIndex(card.metadata));
  const Finding* f = FindingWithId(findings, "yaml11-language-bool");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->line, 5);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_EQ(f->fix, "Quote it: 'no'.");
}

TEST(ModelIndex, FlattensLikeHuggingfaceHub) {
  const json metadata = json::parse(R"({"model-index": [{"name": "m", "results": [
      {"task": {"type": "text-generation", "name": "TG"},
       "dataset": {"type": "cais/mmlu", "name": "MMLU", "split": "test",
                   "args": {"num_few_shot": 5}},
       "metrics": [{"type": "acc", "value": 61.2, "verifyToken": "jwt"},
                   {"type": "acc_norm", "value": "60 +/- 1"}],
       "source": {"url": "https://x", "name": "Leaderboard"}}]}]})");
  const ModelIndex index = ParseModelIndex(metadata);
  ASSERT_TRUE(index.error.empty()) << index.error;
  EXPECT_EQ(index.model_name, "m");
  ASSERT_EQ(index.results.size(), 2u);
  const json first = EvalResultToJson(index.results[0]);
  EXPECT_EQ(first.size(), 17u);
  EXPECT_EQ(first["dataset_args"], json::parse(R"({"num_few_shot": 5})"));
  EXPECT_EQ(first["verify_token"], "jwt");
  EXPECT_EQ(first["source_name"], "Leaderboard");
  EXPECT_TRUE(first["dataset_config"].is_null());
  EXPECT_EQ(index.results[1].metric_value, "60 +/- 1");
}

TEST(ModelIndex, FailuresAsPython) {
  const auto kind = [](const char* text) { return ParseModelIndex(json::parse(text)).error_kind; };
  EXPECT_EQ(kind(R"({"model-index": []})"), "");
  EXPECT_FALSE(ParseModelIndex(json::parse(R"({"model-index": []})")).present);
  EXPECT_EQ(kind(R"({"model-index": [{"results": []}]})"), "KeyError");
  EXPECT_EQ(kind(R"({"model-index": {"name": "x"}})"), "TypeError");
  EXPECT_EQ(kind(R"({"model-index": [{"name": "x", "results": [{"task": {"type": "t"},
      "metrics": []}]}]})"),
            "KeyError");
  EXPECT_EQ(kind(R"({"model-index": [{"name": "x", "results": [{"task": {"type": "t"},
      "dataset": {"type": "d", "name": "D"}, "source": null, "metrics": []}]}]})"),
            "AttributeError");
  const ModelIndex empty = ParseModelIndex(json::parse(R"({"model-index": [{"name": "x",
      "results": []}]})"));
  EXPECT_EQ(empty.model_name, "x");
  EXPECT_TRUE(empty.results.empty());
}

TEST(Trust, ScoreIsTheSumOfSignals) {
  const std::string text = std::string("---\nlicense: mit\ndatasets: [imdb]\n---\n") +
                           std::string(kGoodBody) +
                           "\nmodel = AutoModel.from_pretrained('x', trust_remote_code=True)\n";
  Card card;
  ParseCard(text, &card);
  const TrustReport report =
      AssessTrust(card, ParseModelIndex(card.metadata), CardHistory{"2024-01-01", "2024-03-01"});
  int sum = 0;
  int max = 0;
  for (const TrustSignal& s : report.signals) {
    sum += s.points;
    max += s.max_points;
  }
  EXPECT_EQ(report.score, sum);
  EXPECT_EQ(max, 100);
  const auto signal = [&](std::string_view id) {
    for (const TrustSignal& s : report.signals) {
      if (s.id == id) return s;
    }
    return TrustSignal{};
  };
  EXPECT_EQ(signal("standard-loading").points, 3);
  EXPECT_EQ(signal("standard-loading").evidence.at(0).line, 27);
  EXPECT_EQ(signal("code-example").points, 10);
  EXPECT_EQ(signal("card-updated").points, 5);
  EXPECT_EQ(signal("training-data").points, 10);
  EXPECT_EQ(signal("model-index").points, 0);
}

// Trust reads section text as views into the lower-cased body, falling back to SectionText
// when a section holds a '\r': both must give the same report, and the same again when the card
// object is reused.
TEST(Trust, SectionTextWithCarriageReturnsAsWithout) {
  std::string words;
  for (int i = 0; i < 70; ++i) words += "Word" + std::to_string(i) + (i % 9 == 8 ? "\n" : " ");
  const std::string lf = "# Model\n\n## Limitations\n\n" + words +
                         "\n### Bias\n\nMay generate biased text.\n\n## Training data\n\n"
                         "Proprietary data, more than forty bytes of description here.\n";
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  std::string mixed = lf;
  mixed.insert(mixed.find("Word3 "), "\r");
  Card card;
  const auto trust = [&](const std::string& text) {
    ParseCard(text, &card);
    return TrustToJson(AssessTrust(card, ParseModelIndex(card.metadata), std::nullopt)).dump();
  };
  const std::string expected = trust(lf);
  EXPECT_NE(expected.find("limitations described (80 words)"), std::string::npos) << expected;
  EXPECT_EQ(trust(crlf), expected);
  EXPECT_EQ(trust(lf), expected);
  EXPECT_NE(trust(mixed).find("limitations described (80 words)"), std::string::npos);
}

TEST(Trust, OnlyMtBenchAndImplausibleNumbers) {
  Card card;
  ParseCard(
      "---\nmodel-index:\n- name: Tiny-1B-chat\n  results:\n  - task: {type: text-generation}"
      "\n    dataset: {type: mt_bench, name: MT-Bench}\n    metrics: [{type: score, value: 9.1}]"
      "\n  - task: {type: text-generation}\n    dataset: {type: cais/mmlu, name: MMLU}"
      "\n    metrics: [{type: acc, value: 88}]\n---\n",
      &card);
  const TrustReport report = AssessTrust(card, ParseModelIndex(card.metadata));
  for (const TrustSignal& s : report.signals) {
    if (s.id == "plausible-numbers") {
      EXPECT_EQ(s.points, 0) << s.finding;
    } else if (s.id == "benchmark-breadth") {
      EXPECT_EQ(s.points, 5);
    } else if (s.id == "verified") {
      EXPECT_EQ(s.finding, "self-reported results only");
    }
  }
}

class MapResolver : public CardResolver {
 public:
  std::map<std::string, std::string> cards;
  std::optional<std::string> CardText(std::string_view id) override {
    const auto it = cards.find(std::string(id));
    if (it == cards.end()) return std::nullopt;
    return it->second;
  }
};

TEST(Lineage, RelationInference) {
  EXPECT_EQ(InferRelation(json::parse(R"({"base_model": "a/b", "library_name": "peft"})")).relation,
            "adapter");
  EXPECT_EQ(InferRelation(json::parse(R"({"base_model": ["a/b", "c/d"]})")).relation, "merge");
  EXPECT_EQ(InferRelation(json::parse(R"({"base_model": "a/b"})"), {"model.Q4_K_M.gguf"}).relation,
            "quantized");
  EXPECT_EQ(InferRelation(json::parse(R"({"base_model": "a/b"})"), {}, "me/x-GPTQ").relation,
            "quantized");
  EXPECT_EQ(
      InferRelation(json::parse(R"({"base_model": "a/b"})"), {"adapter_config.json"}).relation,
      "adapter");
  const Relation r = InferRelation(json::parse(R"({"base_model": "a/b", "base_model_relation":
      "merge"})"));
  EXPECT_EQ(r.relation, "merge");
  EXPECT_FALSE(r.inferred);
  EXPECT_EQ(InferRelation(json::parse(R"({"base_model": "a/b"})")).relation, "finetune");
  EXPECT_TRUE(IsHubId("gpt2"));
  EXPECT_FALSE(IsHubId("<BASE_MODEL>"));
  EXPECT_FALSE(IsHubId("D:/models/x"));
}

TEST(Lineage, LicenseConflictAlongTheChain) {
  MapResolver resolver;
  resolver.cards["org/ft"] = "---\nlicense: llama3.2\nbase_model: meta/llama\n---\n";
  resolver.cards["meta/llama"] = "---\nlicense: llama3.2\n---\n";
  const Lineage l = TraceLineage(json::parse(R"({"license": "apache-2.0", "base_model": "org/ft",
      "library_name": "peft"})"),
                                 "me/adapter", &resolver);
  ASSERT_EQ(l.hops.size(), 3u);
  EXPECT_EQ(l.hops[2].repo_id, "meta/llama");
  EXPECT_EQ(l.hops[2].license_class, "community-restricted");
  EXPECT_EQ(l.relation.relation, "adapter");
  EXPECT_FALSE(l.conflicts.empty());
  EXPECT_EQ(l.commercial_use, "conditional");
}

TEST(Lineage, CyclesMissingLinksAndNonCommercial) {
  MapResolver resolver;
  resolver.cards["a/a"] = "---\nlicense: mit\nbase_model: b/b\n---\n";
  resolver.cards["b/b"] = "---\nlicense: cc-by-nc-4.0\nbase_model: [a/a, gone/x]\n---\n";
  const Lineage l =
      TraceLineage(json::parse(R"({"license": "mit", "base_model": "a/a"})"), "me/m", &resolver);
  EXPECT_EQ(l.cycles.size(), 1u);
  EXPECT_EQ(l.missing, std::vector<std::string>{"gone/x"});
  EXPECT_EQ(l.commercial_use, "no");
  const Lineage presumed = TraceLineage(json::parse(R"({"base_model": "a/a"})"), "", &resolver);
  EXPECT_TRUE(presumed.license_presumed);
}

TEST(Compare, SameRowOnlyWhenMeasuredTheSameWay) {
  const auto results = [](const char* text) { return ParseModelIndex(json::parse(text)).results; };
  const CompareTable table = CompareResults({
      {"a", results(R"({"model-index": [{"name": "a", "results": [{"task": {"type": "t"},
          "dataset": {"type": "cais/mmlu", "name": "MMLU", "split": "test",
          "args": {"num_few_shot": 5}}, "metrics": [{"type": "acc", "value": 60}]}]}]})")},
      {"b", results(R"j({"model-index": [{"name": "b", "results": [{"task": {"type": "t"},
          "dataset": {"type": "mmlu", "name": "MMLU (5-Shot)", "split": "test"},
          "metrics": [{"type": "acc", "value": 65}]}, {"task": {"type": "t"},
          "dataset": {"type": "hendrycks_test", "name": "MMLU", "split": "test",
          "args": {"num_few_shot": 0}}, "metrics": [{"type": "acc", "value": 50}]}]}]})j")},
  });
  ASSERT_EQ(table.rows.size(), 2u);
  const CompareRow& five = table.rows[0].shots == "5" ? table.rows[0] : table.rows[1];
  EXPECT_EQ(five.cells[0], 60);
  EXPECT_EQ(five.cells[1], 65);
  EXPECT_FALSE(five.note.empty());
  EXPECT_NE(CompareToMarkdown(table).find("| mmlu | acc | test | 5 | 60 | 65 |"),
            std::string::npos);
}

TEST(Writer, NewCardLintsWithoutErrors) {
  NewCard spec;
  spec.model_id = "me/llama-ft";
  spec.license = "llama3.2";
  spec.pipeline_tag = "text-generation";
  spec.library_name = "transformers";
  spec.base_models = {"meta-llama/Llama-3.2-1B"};
  spec.languages = {"en", "no"};
  auto eval = ParseEvalSpec("cais/mmlu:accuracy=61.5@test#5");
  ASSERT_TRUE(eval.has_value());
  spec.evals.push_back(*eval);
  const auto text = WriteCard(spec);
  ASSERT_TRUE(text.has_value()) << text.error().message;
  Card card;
  ParseCard(*text, &card);
  EXPECT_EQ(card.metadata["language"], json::parse(R"(["en", "no"])"));
  const ModelIndex index = ParseModelIndex(card.metadata);
  ASSERT_EQ(index.results.size(), 1u);
  EXPECT_EQ(index.results[0].metric_value, 61.5);
  EXPECT_EQ(index.results[0].dataset_args["num_few_shot"], 5);
  const auto findings = Lint(card, index);
  EXPECT_FALSE(HasErrors(findings)) << FindingsToJson(findings).dump(1);
  NewCard bad;
  bad.model_id = "x";
  bad.license = "apache2";
  EXPECT_FALSE(WriteCard(bad).has_value());
}

}  // namespace
}  // namespace modelhub::card
