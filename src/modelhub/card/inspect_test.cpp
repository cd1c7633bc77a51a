// InspectCardJson must write exactly the text of InspectCard's DOM dumped compactly (and, indented,
// what the CLI prints, the DOM dumped with an indent): checked on
// the shared corpus, the fuzz seeds and cards with the awkward values (invalid UTF-8, control
// characters, floats, NaN, errors).
#include "modelhub/card/inspect.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "modelhub/card/internal/test_paths.h"
#include "modelhub/card/json_text.h"

namespace modelhub::card {
namespace {

using nlohmann::json;

void ExpectSameReport(std::string_view text, const std::string& what) {
  const std::string expected =
      InspectCard(text).dump(-1, ' ', false, json::error_handler_t::replace);
  EXPECT_EQ(InspectCardJson(text), expected) << what;
  std::string appended = "[";
  AppendInspectCardJson(text, {}, &appended);
  EXPECT_EQ(appended, "[" + expected) << what;
  // What `modelhub card inspect --json` prints: the text with the file's path, indented.
  InspectOptions options;
  options.file = what;
  EXPECT_EQ(IndentJson(InspectCardJson(text, options), 2),
            InspectCard(text, options).dump(2, ' ', false, json::error_handler_t::replace))
      << what;
}

TEST(InspectJson, AwkwardValues) {
  const char* cards[] = {
      "---\nlicense: mit\nfloat: 1.50\nbig: 1e+16\nsmall: 0.0001\nnan: .nan\ninf: -.inf\n"
      "int: 0o17\nhuge: 18446744073709551615\nneg: -9223372036854775808\n---\n# T\n",
      "---\nbad: \"a\\x01b\\tc\\\\\\\"\"\nkey with / and ~: [1, 2.5, null, true]\n---\n",
      "---\nlicense: mit\nname: \"caf\xC3\xA9 \xF0\x9F\x98\x80\"\n---\n# Caf\xC3\xA9 \xFF\xFE\n",
      "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, "
      "name: n, split: test}\n    metrics:\n    - {type: acc, value: 101.5, verified: true}\n"
      "---\n## Limitations\nmay produce hallucinations \x01\x7F\n```python\nimport x\n```\n",
      "\xEF\xBB\xBF---\nkey: [unclosed\n---\n",
      "---\n- a\n- b\n---\nbody",
      "# Only a body\n\n---\nlicense: mit\n---\n",
      "",
  };
  int i = 0;
  for (const char* card : cards) ExpectSameReport(card, "card " + std::to_string(i++));
}

// Strings written in place when they need no escaping (section titles, evidence quotes, the
// metadata's keys and string values, the lineage's) and by the escaper otherwise: every length
// around the in-place writer's 4-, 8- and 16-byte loads, with a byte that needs escaping (or a
// non-ASCII character) at each position, or none.
TEST(InspectJson, StringsAtEveryLengthAndEscapePosition) {
  const std::string specials[] = {"", "\"", "\\", "\x01", "\t", "\xC3\xA9", "\x7F"};
  for (size_t n = 0; n <= 40; ++n) {
    for (const std::string& special : specials) {
      for (size_t at = 0; at <= (special.empty() ? 0 : n); ++at) {
        std::string text(n, 'a');
        for (size_t i = 0; i < n; ++i) text[i] = static_cast<char>('a' + (i % 26));
        if (!special.empty()) text.insert(at, special);
        // YAML: a double-quoted scalar with the text's escapes; the key the same text.
        std::string quoted;
        for (const char c : text) {
          if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
          } else if (c == '\x01') {
            quoted += "\\x01";
          } else if (c == '\t') {
            quoted += "\\t";
          } else if (c == '\x7F') {
            quoted += "\\x7F";
          } else {
            quoted += c;
          }
        }
        const std::string card = "---\nlicense: other\nlicense_name: \"" + quoted +
                                 "\"\nbase_model: \"" + quoted + "\"\n\"k" + quoted + "\": \"" +
                                 quoted + "\"\ntags: [\"" + quoted + "\", x]\n---\n# " + text +
                                 "\n## Limitations " + text + "\ntext\n### Sub " + text + "\n";
        ExpectSameReport(card, "length " + std::to_string(n) + " at " + std::to_string(at));
      }
    }
  }
}

TEST(InspectJson, ResultsStringsGoBackToThePoolIntact) {
  // The results' strings are copied from the thread's JSON pool and given back to it after each
  // inspection: every later card, with long, short and non-string values in other places, must
  // still read its own.
  const std::string long_name(40, 'd');
  const std::string card_a =
      "---\nmodel-index:\n- name: model-with-a-long-name\n  results:\n  - task: {type: t, name: "
      "Text Generation}\n    dataset: {type: d, name: " +
      long_name +
      ", config: c, split: test, revision: r, args: {a: 1}}\n    metrics:\n    - {type: acc, "
      "value: 0.5, name: Accuracy on the held-out set, verified: false, verifyToken: tok}\n"
      "    - {type: f1, value: \"20.0 \u00b1 1.2\", args: [x]}\n    source: {name: src, url: "
      "https://example.com/a/long/source/url}\n---\n# Card\n";
  const std::string card_b =
      "---\nlicense: mit\ntags: [one-long-tag-name-here, b]\nmodel-index:\n- name: m\n  results:"
      "\n  - task: {type: t2}\n    dataset: {type: d2, name: n2}\n    metrics:\n    - {type: "
      "bleu, value: 12}\n---\n";
  for (int round = 0; round < 3; ++round) {
    ExpectSameReport(card_a, "card a, round " + std::to_string(round));
    ExpectSameReport(card_b, "card b, round " + std::to_string(round));
  }
  const json report = json::parse(InspectCardJson(card_a));
  ASSERT_EQ(report["eval_results"].size(), 2u);
  EXPECT_EQ(report["eval_results"][0]["dataset_name"], long_name);
  EXPECT_EQ(report["eval_results"][1]["metric_value"], "20.0 \u00b1 1.2");
  EXPECT_EQ(report["model_name"], "model-with-a-long-name");
}

TEST(InspectJson, SharedCorpusAndFuzzSeeds) {
  int compared = 0;
  for (const auto& dir :
       {testing::SharedDir() / "data/model-cards", testing::SourceDir() / "fuzz/corpus/card"}) {
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      ExpectSameReport(testing::ReadFile(entry.path()), entry.path().string());
      ++compared;
    }
  }
  if (compared == 0) GTEST_SKIP() << "no corpus found";
}

}  // namespace
}  // namespace modelhub::card
