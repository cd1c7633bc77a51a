// Unit tests on cards written for the project: each lint rule, model-index conversion, trust
// scoring, lineage verdicts, comparison tables and card writing.
#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "modelhub/card/compare.h"
#include "modelhub/card/inspect.h"
#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/text.h"
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

// The titles joined lower-cased as the sections hold them: from the body's lower-cased bytes for
// ATX and setext titles, from the title for HTML ones and for titles with invalid UTF-8 repaired.
TEST(Card, SectionsTitlesLowerAndCodeBlocks) {
  const std::string non_ascii = "caf\xC3\xA9 \xC3\x89T\xC3\xA9";
  const std::string bad = "Bad \xFF Byte";
  for (const std::string& extra : {std::string("plain"), non_ascii}) {
    const std::string text = "---\nlicense: mit\n---\n# Model CARD ##\n" + extra +
                             "\n- list item\n<p>Not A Heading</p>\n"
                             "  ## Usage <b>Tips</b>\n<H3 id=x>Html <i>Title</i></H3>\n"
                             "Setext TITLE\n===\n\nAnother One\n---\n"
                             "```Python {.x}\nprint('# not a heading')\n  ```\n"
                             "~~~~ JSON\n{}\n~~~~\n" +
                             "#### " + bad + "\n``` \n```\n## ##\n";
    Card card;
    for (int twice = 0; twice < 2; ++twice) {  // a reused card as a new one
      ParseCard(text, &card);
      std::vector<std::string> titles;
      for (const Section& section : card.sections) titles.push_back(section.title);
      EXPECT_EQ(titles, (std::vector<std::string>{"Model CARD", "Usage <b>Tips</b>", "Html Title",
                                                  "Setext TITLE", "Another One",
                                                  "Bad \xEF\xBF\xBD Byte", ""}));
      ASSERT_EQ(card.title_starts.size(), card.sections.size());
      std::string expected;
      for (size_t i = 0; i < titles.size(); ++i) {
        EXPECT_EQ(card.title_starts[i], expected.size());
        expected += internal::ToLower(titles[i]) + "\n";
      }
      EXPECT_EQ(card.titles_lower, expected);
      ASSERT_EQ(card.code_blocks.size(), 3U);
      EXPECT_EQ(card.code_blocks[0].language, "python");
      EXPECT_EQ(card.code_blocks[0].code, "print('# not a heading')\n");
      EXPECT_EQ(card.code_blocks[1].language, "json");
      EXPECT_EQ(card.code_blocks[1].code, "{}\n");
      EXPECT_EQ(card.code_blocks[2].language, "");
    }
  }
}

// A non-ASCII body's titles are checked a word at a time first: an invalid byte anywhere in a
// title, of any length, is repaired.
TEST(Card, TitlesRepairedWhereverTheBadByteIs) {
  for (size_t size = 1; size <= 24; ++size) {
    for (size_t at = 0; at < size; ++at) {
      std::string title(size, 'a');
      title[at] = '\xFF';
      Card card;
      ParseCard("caf\xC3\xA9\n# " + title + "\n", &card);
      ASSERT_EQ(card.sections.size(), 1U);
      std::string repaired = title;
      repaired.replace(at, 1, "\xEF\xBF\xBD");
      EXPECT_EQ(card.sections[0].title, repaired) << size << " " << at;
      title[at] = 'b';
      ParseCard("caf\xC3\xA9\n# " + title + "\n", &card);
      EXPECT_EQ(card.sections[0].title, title);
    }
  }
}

// Which lines underline a setext heading: a run of '=' or of two '-' or more, up to three spaces
// before it and whitespace around it, under a paragraph line.
TEST(Card, SetextUnderlines) {
  const std::pair<std::string_view, int> kCases[] = {
      {"===", 1},     {"=", 1},    {"--", 2},      {"-", 0},   {"   ---  ", 2},
      {"    ===", 0}, {"\t==", 1}, {" \t--\r", 2}, {"=-=", 0}, {"- x", 0},
      {"-- -", 0},    {"== x", 0}, {"---\t", 2},   {"=\r", 1}, {"  \v-", 0}};
  for (const auto& [underline, level] : kCases) {
    Card card;
    ParseCard("Title\n" + std::string(underline) + "\nText\n", &card);
    if (level == 0) {
      EXPECT_TRUE(card.sections.empty()) << testing::PrintToString(underline);
      continue;
    }
    ASSERT_EQ(card.sections.size(), 1U) << testing::PrintToString(underline);
    EXPECT_EQ(card.sections[0].level, level) << testing::PrintToString(underline);
    EXPECT_EQ(card.sections[0].title, "Title");
    EXPECT_EQ(card.sections[0].line, 1);
  }
}

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

// Lint finds its metadata keys in one walk over the mapping: only the exact keys count, whatever
// their length or neighbours.
TEST(Lint, MetadataKeysMatchExactly) {
  const std::set<std::string> near = LintIds(
      "---\nLicense: mit\nlicence: mit\nlanguages: [en]\npipeline-tag: text-generation\n"
      "library_names: x\nextra_gated_prompts: x\ntag: x\nmodel_index: x\nco2_eq_emission: 1\n"
      "prompt_templates: x\n---\n# Foo-7B-Instruct\n");
  for (const char* id :
       {"missing-license", "missing-language", "missing-pipeline-tag", "missing-library-name",
        "missing-section-evaluation", "missing-section-environmental-impact",
        "instruct-without-prompt-format"}) {
    EXPECT_TRUE(near.count(id)) << id;
  }
  EXPECT_FALSE(near.count("gated-prompt-without-license"));
  EXPECT_FALSE(near.count("tags-not-list"));
  const std::set<std::string> exact = LintIds(
      "---\nlicense: other\nlicense_name: acme\nlanguage: [en]\npipeline_tag: text-generation\n"
      "library_name: transformers\ntags: x\nco2_eq_emissions: 1\nprompt_template: x\n"
      "model-index: []\nbase_model: ./local\n---\n# Foo-7B-Instruct\n");
  for (const char* id :
       {"missing-license", "missing-language", "missing-pipeline-tag", "missing-library-name",
        "missing-section-environmental-impact", "instruct-without-prompt-format",
        "license-other-without-name", "missing-section-evaluation"}) {
    EXPECT_FALSE(exact.count(id)) << id;
  }
  for (const char* id : {"tags-not-list", "model-index-empty", "base-model-not-hub-id"}) {
    EXPECT_TRUE(exact.count(id)) << id;
  }
  EXPECT_TRUE(LintIds("---\nlicense: other\nlicense_names: acme\n---\n")
                  .count("license-other-without-name"));
  EXPECT_TRUE(LintIds("---\nextra_gated_prompt: x\n---\n").count("gated-prompt-without-license"));
}

// The filler count reads 32 positions at a time: occurrences in any case, back to back, at every
// offset from a block boundary and at the very end are each counted once; near misses are not.
TEST(Lint, TemplatePlaceholderCount) {
  Card card;
  for (int shift = 0; shift < 40; ++shift) {
    std::string body = "# Model\n\n" + std::string(static_cast<size_t>(shift), 'x') + "\n";
    int expected = 0;
    for (int i = 0; i < 12; ++i) {
      body += std::string(static_cast<size_t>((i * 13 + shift) % 37), 'm');
      body += i % 3 == 0 ? "[More Information Needed]" : "more information needed";
      body += i % 4 == 1 ? "more information needed" : " more information need ed\n";
      expected += i % 4 == 1 ? 2 : 1;
    }
    body += "MORE INFORMATION NEEDED";
    ++expected;
    ParseCard(body, &card);
    const std::vector<Finding> findings = Lint(card, ParseModelIndex(card.metadata));
    const Finding* f = FindingWithId(findings, "template-placeholder");
    ASSERT_NE(f, nullptr) << shift;
    EXPECT_EQ(f->message,
              std::to_string(expected) + " line(s) still read \"[More Information Needed]\"")
        << shift;
    EXPECT_EQ(f->line, 4) << shift;
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

// The conversion finds each mapping's keys in one walk: keys that only resemble the wanted ones
// (a prefix, another case, another length) are absent, and a result's task, dataset and source
// fields go to every one of its metrics.
TEST(ModelIndex, KeysMatchExactlyAndResultFieldsReachEveryMetric) {
  const ModelIndex index = ParseModelIndex(json::parse(R"({"model-index": [{"name": "m",
      "results": [{"task": {"type": "t", "name": "T", "names": "no"},
      "dataset": {"type": "d", "name": "D", "config": "c", "split": "s", "revision": "r",
                  "args": {"k": 1}, "Split": "no", "splits": "no"},
      "source": {"name": "L", "url": "u", "urls": "no"},
      "metrics": [{"type": "acc", "value": 1, "name": "n", "args": "a", "config": "mc",
                   "verified": false, "verifyToken": "tok", "verifytoken": "no"},
                  {"type": "f1", "value": 2, "Name": "no", "verify_token": "no"}]}]}]})"));
  ASSERT_TRUE(index.error.empty()) << index.error;
  ASSERT_EQ(index.results.size(), 2u);
  for (const EvalResult& r : index.results) {
    EXPECT_EQ(r.task_type, "t");
    EXPECT_EQ(r.task_name, "T");
    EXPECT_EQ(r.dataset_type, "d");
    EXPECT_EQ(r.dataset_name, "D");
    EXPECT_EQ(r.dataset_config, "c");
    EXPECT_EQ(r.dataset_split, "s");
    EXPECT_EQ(r.dataset_revision, "r");
    EXPECT_EQ(r.dataset_args, json::parse(R"({"k": 1})"));
    EXPECT_EQ(r.source_name, "L");
    EXPECT_EQ(r.source_url, "u");
  }
  const EvalResult& first = index.results[0];
  EXPECT_EQ(first.metric_name, "n");
  EXPECT_EQ(first.metric_args, "a");
  EXPECT_EQ(first.metric_config, "mc");
  EXPECT_EQ(first.verified, false);
  EXPECT_EQ(first.verify_token, "tok");
  const EvalResult& second = index.results[1];
  EXPECT_EQ(second.metric_value, 2);
  EXPECT_TRUE(second.metric_name.is_null());
  EXPECT_TRUE(second.verify_token.is_null());
  EXPECT_TRUE(second.verified.is_null());
  EXPECT_EQ(second.metric_index, 1);
  // A key present with a null value is there for `x[k]`.
  EXPECT_EQ(ParseModelIndex(json::parse(R"({"model-index": [{"name": null, "results": []}]})"))
                .error_kind,
            "");
}

TEST(ModelIndex, ErrorMessagesNameTheMissingKeyAndItsPlace) {
  const auto error = [](const char* text) { return ParseModelIndex(json::parse(text)).error; };
  EXPECT_EQ(error(R"({"model-index": [{"name": "x", "results": [{"task": {"type": "t"},
      "dataset": {"type": "d", "name": "D"}, "metrics": [{"type": "acc", "values": 1}]}]}]})"),
            "KeyError: 'value' in model-index[0].results[0].metrics[0]");
  EXPECT_EQ(error(R"({"model-index": [{"name": "x", "results": [{"task": "t",
      "dataset": {"type": "d", "name": "D"}, "metrics": []}]}]})"),
            "TypeError: 'str' object is not subscriptable by 'type' in "
            "model-index[0].results[0].task");
  EXPECT_EQ(error(R"({"model-index": [{"name": "x", "results": [{"task": {"Type": "t"},
      "dataset": {"type": "d", "name": "D"}, "metrics": []}]}]})"),
            "KeyError: 'type' in model-index[0].results[0].task");
  EXPECT_EQ(error(R"({"model-index": [{"name": "x", "results": [{"task": {"type": "t"},
      "dataset": {"type": "d", "nam": "D"}, "metrics": []}]}]})"),
            "KeyError: 'name' in model-index[0].results[0].dataset");
  EXPECT_EQ(error(R"({"model-index": [{"name": "x", "results": [{"task": {"type": "t"},
      "dataset": {"type": "d", "name": "D"}, "source": {"name": "L"}, "metrics": [
      {"type": "acc", "value": 1}]}]}]})"),
            "ValueError: If `source_name` is provided, `source_url` must also be provided "
            "(model-index[0].results[0])");
  EXPECT_EQ(error(R"({"model-index": [{"name": "x", "results": [{"task": {"type": "t"},
      "dataset": {"type": "d", "name": "D"}, "source": [], "metrics": []}]}]})"),
            "AttributeError: 'list' object has no attribute 'get' (source of "
            "model-index[0].results[0])");
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

// The limitations word count, 32 positions at a time where AVX2 runs: words split by spaces and
// line breaks, runs of them, other whitespace inside words, and word starts on every side of a
// 32-byte block boundary.
TEST(Trust, LimitationsWordCountAtEveryBlockBoundary) {
  const auto naive = [](std::string_view text) {
    int words = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      const auto gap = [&](size_t at) { return text[at] == ' ' || text[at] == '\n'; };
      words += !gap(i) && (i == 0 || gap(i - 1)) ? 1 : 0;
    }
    return words;
  };
  Card card;
  for (int shift = 0; shift < 40; ++shift) {
    std::string text(static_cast<size_t>(shift), 'x');
    text += ' ';
    for (int i = 0; i < 90; ++i) {
      text += std::string(static_cast<size_t>(1 + (i * 7 + shift) % 11), 'a' + i % 26);
      text += i % 5 == 4 ? "\n" : (i % 7 == 3 ? "  \n " : (i % 3 == 0 ? "\t- " : " "));
    }
    ASSERT_GT(naive(text), 60);
    ParseCard("# Model\n\n## Limitations\n\n" + text + "\n", &card);
    const TrustReport report = AssessTrust(card, ParseModelIndex(card.metadata));
    EXPECT_EQ(report.signals.at(5).finding,
              "limitations described (" + std::to_string(naive(text)) + " words)")
        << shift;
  }
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

// MT-Bench in any of its three spellings and any ASCII case, anywhere in a dataset or metric
// field; close spellings are other benchmarks.
TEST(Trust, MtBenchSpellings) {
  const auto breadth = [](const std::string& dataset_name) {
    const ModelIndex index = ParseModelIndex(json::parse(
        R"({"model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d", "name": )" +
        json(dataset_name).dump() + R"(}, "metrics": [{"type": "score", "value": 1}]}]}]})"));
    Card card;
    return AssessTrust(card, index).signals.at(3).points;
  };
  for (const char* mt : {"MT-Bench", "mt_bench", "MTBENCH", "x mT-bEnChy", "mmt-bench"}) {
    EXPECT_EQ(breadth(mt), 0) << mt;
  }
  for (const char* other :
       {"mt bench", "mt-_bench", "mt--bench", "m-t-bench", "mt-benc", "MT", "tmbench", "mtbenc"}) {
    EXPECT_EQ(breadth(other), 5) << other;
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

// Lineage finds its keys in one walk: keys that only resemble them do not count, and a
// parent whose metadata is not a mapping reads as one without keys.
TEST(Lineage, KeysMatchExactly) {
  EXPECT_EQ(
      InferRelation(json::parse(R"({"base_models": "a/b", "library_name": "peft"})")).relation, "");
  EXPECT_EQ(InferRelation(json::parse(R"({"base_model": "a/b", "library_names": "peft",
      "Tags": ["lora"], "tag": ["lora"]})"))
                .relation,
            "finetune");
  EXPECT_EQ(InferRelation(json::parse(R"({"base_model": "a/b", "tags": "LoRA"})")).relation,
            "adapter");
  EXPECT_EQ(
      InferRelation(json::parse(R"({"base_model": "a/b", "library_name": ["peft"]})")).relation,
      "finetune");
  EXPECT_EQ(InferRelation(json::parse(R"({"base_model": "a/b", "base_model_relations": "merge"})"))
                .relation,
            "finetune");
  EXPECT_EQ(InferRelation(json::parse(R"(["base_model"])")).relation, "");
  EXPECT_TRUE(BaseModels(json::parse(R"({"base_model": ["a/b", 3, "c/d"], "base": "x"})")) ==
              (std::vector<std::string>{"a/b", "c/d"}));
  MapResolver resolver;
  resolver.cards["a/list"] = "---\n- license: mit\n---\n";
  resolver.cards["a/named"] = "---\nlicense: other\nlicense_name: acme\nlicense_names: x\n---\n";
  const Lineage l = TraceLineage(json::parse(R"({"license": "other", "license_name": "mine",
      "Licence": "mit", "base_model": ["a/list", "a/named"]})"),
                                 "me/m", &resolver);
  ASSERT_EQ(l.hops.size(), 3u);
  EXPECT_EQ(l.hops[0].license, "other");
  EXPECT_EQ(l.hops[0].license_name, "mine");
  EXPECT_EQ(l.hops[1].license, "");
  EXPECT_EQ(l.hops[1].license_class, "unknown");
  EXPECT_EQ(l.hops[2].license_name, "acme");
  EXPECT_EQ(l.conflicts, std::vector<std::string>{"custom license 'mine' differs from a/named's "
                                                  "'acme'"});
  EXPECT_EQ(l.commercial_use, "unknown");
  // An explicit relation counts without base models; otherwise there is none.
  const Lineage merge =
      TraceLineage(json::parse(R"({"base_model_relation": "merge"})"), "", nullptr);
  EXPECT_EQ(merge.relation.relation, "merge");
  EXPECT_EQ(merge.relation.reason, "base_model_relation");
  EXPECT_FALSE(merge.relation.inferred);
  for (const char* text : {R"({"license": "mit"})", R"({"base_model_relation": 3})", "[]"}) {
    const Lineage none = TraceLineage(json::parse(text), "", nullptr);
    EXPECT_EQ(none.relation.relation, "") << text;
    EXPECT_EQ(none.relation.reason, "") << text;
    EXPECT_FALSE(none.relation.inferred) << text;
  }
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

// Each of the name words that mark an instruction-tuned model, found in the model name parts
// (model_name, then the first heading) lower-cased; other names are not.
TEST(CardFacts, InstructionTunedNameWords) {
  const auto tuned = [](const std::string& model_name, const std::string& heading) {
    Card card;
    ParseCard("---\nmodel_name: " + model_name + "\n---\n# " + heading + "\n", &card);
    return internal::IsInstructionTuned(card, internal::TopLevelKeys(card.metadata));
  };
  EXPECT_TRUE(tuned("Foo-7B-INSTRUCT", "Card"));
  EXPECT_TRUE(tuned("Foo-Chat", "Card"));
  EXPECT_TRUE(tuned("Foo", "Chat model"));    // " chat" across the join
  EXPECT_TRUE(tuned("Gemma-2B-it", "Card"));  // "-it " needs the join's space
  EXPECT_TRUE(tuned("Foo-SFT", "Card"));
  EXPECT_TRUE(tuned("Research Assistant", "Card"));
  EXPECT_FALSE(tuned("Foo-7B", "Card"));
  EXPECT_FALSE(tuned("Foo-item", "Card"));    // "-it" not followed by the join's space
  EXPECT_FALSE(tuned("Foo", "Gemma-2B-it"));  // the heading is last: no space after "-it"
}

// The name words and the tag's "instruct" at every offset and in every block position of the
// 16-byte candidate scan, against the plain searches; a near miss at the end is not a word.
TEST(CardFacts, InstructWordsAgreeWithPlainSearch) {
  const std::string_view words[] = {"instruct", "-chat", " chat", "-it ", "-sft", "assistant"};
  const auto plain = [&](std::string_view name) {
    return std::any_of(std::begin(words), std::end(words),
                       [&](std::string_view w) { return name.find(w) != std::string_view::npos; });
  };
  for (std::string_view word : words) {
    for (size_t before = 0; before < 40; ++before) {
      for (size_t after = 0; after < 3; ++after) {
        const std::string name =
            std::string(before, 'x') + std::string(word) + std::string(after, 'y');
        EXPECT_TRUE(internal::HasInstructWord(name)) << name;
        std::string cut = name;
        cut.erase(before + word.size() - 1, 1);  // the word's last byte gone
        EXPECT_EQ(internal::HasInstructWord(cut), plain(cut)) << cut;
      }
    }
  }
  EXPECT_FALSE(internal::HasInstructWord(""));
  EXPECT_FALSE(internal::HasInstructWord("a i - instruc assistan -ch -sf -it"));
  EXPECT_TRUE(internal::HasInstructWord("x-INSTRUCT"));
  EXPECT_TRUE(internal::HasInstructWord("AsSiStAnT"));
  EXPECT_TRUE(internal::HasInstructWord("Foo-SfT"));
  EXPECT_TRUE(internal::HasInstructWord("Foo CHAT"));
  // Bytes that | 0x20 folds onto ' ' or '-' are not those: NUL and CR.
  EXPECT_FALSE(internal::HasInstructWord(std::string("foo\0chat", 8)));
  EXPECT_FALSE(internal::HasInstructWord("foo\rchat"));
  EXPECT_FALSE(internal::HasInstructWord(std::string("foo-it\0", 7)));
  // Letters with bit 7 set are not letters.
  EXPECT_FALSE(internal::HasInstructWord("\xC9nstruct"));
  for (size_t before = 0; before < 20; ++before) {
    const std::string pad(before, '-');
    EXPECT_TRUE(internal::HasInstructIgnoreCase(pad + "InStRuCt"));
    EXPECT_TRUE(internal::HasInstructIgnoreCase(pad + "instruct" + pad));
    EXPECT_FALSE(internal::HasInstructIgnoreCase(pad + "instruc"));
    // High bytes that are a letter's with bit 7 set: | 0x20 does not fold them.
    EXPECT_FALSE(internal::HasInstructIgnoreCase(pad + "in\xD3truct"));
    EXPECT_FALSE(internal::HasInstructIgnoreCase(pad + "\xC9nstruct"));
  }
}

// The top-level values the facts read through TopLevelKeys: exact keys only, and the facts give
// what the metadata says (model_name's size, the tags, a peft library).
TEST(CardFacts, TopLevelKeysFeedTheFacts) {
  Card card;
  ParseCard(
      "---\nmodel_name: Foo-13B\nmodel_names: Bar-70B-Chat\ndatasets: [d]\ndataset: x\n"
      "library_name: peft\ntags: [chat]\n---\n# Card\n",
      &card);
  const internal::TopLevelKeys keys(card.metadata);
  ASSERT_NE(keys.model_name, nullptr);
  EXPECT_EQ(*keys.model_name, "Foo-13B");
  ASSERT_NE(keys.datasets, nullptr);
  EXPECT_EQ(*keys.datasets, nlohmann::json::array({"d"}));
  EXPECT_EQ(internal::ParameterBillions(card, keys), 13.0);
  EXPECT_TRUE(internal::IsInstructionTuned(card, keys));  // the tag
  EXPECT_EQ(internal::DerivedEvidenceLine(card, keys), card.KeyLine("library_name"));

  Card other;
  ParseCard("---\nmodel_names: Bar-70B-Chat\ndataset: x\n---\n# Card\n", &other);
  const internal::TopLevelKeys other_keys(other.metadata);
  EXPECT_EQ(other_keys.model_name, nullptr);
  EXPECT_EQ(other_keys.datasets, nullptr);
  EXPECT_FALSE(internal::ParameterBillions(other, other_keys).has_value());
  EXPECT_FALSE(internal::IsInstructionTuned(other, other_keys));
  EXPECT_EQ(internal::DerivedEvidenceLine(other, other_keys), 0);
}

}  // namespace
}  // namespace modelhub::card
