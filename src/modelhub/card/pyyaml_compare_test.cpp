// Differential test against PyYAML itself: synthetic YAML 1.1 cases, random plain scalars and the
// front matter of every shared corpus card go through both loaders. Skips when python3 with
// PyYAML is not installed.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "modelhub/card/front_matter.h"
#include "modelhub/card/internal/test_paths.h"
#include "modelhub/card/yaml.h"

namespace modelhub::card {
namespace {

using nlohmann::json;

// Runs tests/card/pyyaml_to_json.py over `texts`; nullopt when PyYAML is unavailable.
std::optional<json> RunPyYaml(const std::vector<std::string>& texts) {
  if (std::system("python3 -c 'import yaml' >/dev/null 2>&1") != 0) return std::nullopt;
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("modelhub_pyyaml_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
       "_" + std::to_string(std::rand()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream in(dir / "in.json", std::ios::binary);
    in << json(texts).dump(-1, ' ', false, json::error_handler_t::replace);
  }
  const std::string script = (testing::SourceDir() / "tests/card/pyyaml_to_json.py").string();
  const std::string command = "python3 '" + script + "' < '" + (dir / "in.json").string() +
                              "' > '" + (dir / "out.json").string() + "'";
  const int status = std::system(command.c_str());
  std::optional<json> result;
  if (status == 0) result = json::parse(testing::ReadFile(dir / "out.json"));
  std::filesystem::remove_all(dir);
  return result;
}

// Our value as PyYAML's reference JSON has it: NaN and infinities as null.
json Normalize(const json& value) { return json::parse(value.dump()); }

void ExpectSameAsPyYaml(const std::vector<std::string>& texts,
                        const std::vector<std::string>& names) {
  const auto reference = RunPyYaml(texts);
  if (!reference) GTEST_SKIP() << "python3 with PyYAML not available; differential test skipped";
  ASSERT_EQ(reference->size(), texts.size());
  int compared = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const json& expected = (*reference)[i];
    const YamlLoad load = LoadYaml(texts[i]);
    if (expected.contains("error")) {
      const std::string kind = expected["error"];
      EXPECT_FALSE(load.ok()) << names[i] << ": PyYAML raised " << kind << ", we gave "
                              << (load.ok() ? load.document->value.dump() : "");
      continue;
    }
    ASSERT_TRUE(load.ok()) << names[i] << ": " << load.error.ToString() << "\n" << texts[i];
    EXPECT_EQ(Normalize(load.document->value), expected["value"]) << names[i] << "\n" << texts[i];
    ++compared;
  }
  EXPECT_GT(compared, 0);
}

TEST(PyYamlCompare, SyntheticCases) {
  const std::vector<std::string> cases = {
      "a: yes\nb: No\nc: ON\nd: off\ne: y\nf: n",
      "language:\n- no\n- 'no'\n- sv",
      "a: 010\nb: 0x1F\nc: -0b101\nd: 1_000\ne: 12:30\nf: 08\ng: 0o17\nh: 190:20:30",
      "a: 1.10\nb: 1e3\nc: 1.0e+3\nd: .5\ne: -1:20.5\nf: ._\ng: NaN\nh: .inf\ni: 3.",
      "a: ~\nb: null\nc:\nd: Null\ne: NULL",
      "a: 2023-01-05\nb: 2023-01-05 10:00:00\nc: 2001-12-14 21:59:43.10 -5\n"
      "d: 2023-01-05T10:00:00Z\ne: 2023-1-5 1:02:03\nf: 2023-1-5\ng: 2020-02-29",
      "a: 2023-02-30",
      "a: {lang_0}",
      "{lang_0}: x",
      "a: !!str 123\nb: !!int '0x1F'\nc: !!float 1e3\nd: ! 123\ne: !!bool yes\nf: !!null x",
      "a: !!binary aGVsbG8=\nb: !!set {x, y}\nc: !!omap [k: 1, j: 2]",
      "a: !foo 1",
      "a: =",
      "=: 1",
      "a: <<",
      "base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3",
      "a: &a {k: 1}\nb: &b {k: 2, j: 2}\nc:\n  <<: [*a, *b]\n  z: 0",
      "a: *nope",
      "a: &x 1\nb: &x 2",
      "a: 1\nb: 2\na: 3",
      "a: 1\n---\nb: 2",
      "--- a\n",
      "a: 1\n...\n",
      "a: [1, 2\nb: 3",
      "a:\n\t- b",
      "1: a\n1.5: b\ntrue: c\n~: d\n2023-01-01: e",
      "",
      "# only a comment",
      "[]",
      "just a string",
      "a: 'it''s'\nb: \"tab\\there\\u00e9\"\nc: |\n  line1\n  line2\nd: >\n  folded\n  text\n",
      "a: - b",
      "key with spaces: value: with colon",
      "a: [b, c]: d",
      "? [a, b]\n: c",
      "a: 1e+3\nb: +.inf\nc: -.Inf\nd: .NAN\ne: 6.8523015e+5\nf: 685.230_15e+03",
      "a: +685_230\nb: 02472256\nc: 0x_0A_74_AE\nd: 0b1010_0111_0100_1010_1110\ne: 190:20:30",
      "a: 99999999999999999999999\nb: -9223372036854775808\nc: 18446744073709551616",
      "a: 2001-12-14t21:59:43.1234567+05:30\nb: 2001-12-14 21:59:43 Z\nc: 2001-12-15T02:59:43.1Z",
      "a: 2001-12-14 25:00:00",
      "x: \"\\x41\"\ny: '\\x41'",
      "%YAML 1.1\n---\na: 1",
      "a: &anchor\n  b: 1\nc: *anchor\nd:\n  <<: *anchor\n  e: 2",
      "a: !!timestamp 2001-1-2",
      "a: !!int 1_0",
      "a: !!float 1_0.5",
      "a: !!seq [1]\nb: !!map {c: 1}",
      "<<: {a: 1}\nb: 2",
      "a: -\nb: -1\nc: +\nd: -.5\ne: +.5\nf: 0.\ng: -0\nh: 00\ni: 0_\nj: 0b_",
  };
  std::vector<std::string> names;
  for (size_t i = 0; i < cases.size(); ++i) names.push_back("case " + std::to_string(i));
  ExpectSameAsPyYaml(cases, names);
}

TEST(PyYamlCompare, RandomPlainScalars) {
  // Scalars built from the characters the YAML 1.1 resolvers care about, so that every branch of
  // the hand-written matchers meets PyYAML's regular expressions.
  static constexpr std::string_view kPieces[] = {
      "0",    "1", "7", "9", "5",   "_",    ".",   ":",   "-",   "+",   "e",  "E",
      "x",    "b", "a", "F", "inf", "nan",  "NaN", "Inf", "yes", "No",  "on", "OFF",
      "null", "~", "T", " ", "Z",   "2023", "-01", "-1",  "12",  ":30", ":00"};
  std::mt19937 rng(20260726);
  std::vector<std::string> texts;
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) {
    std::string scalar;
    const int length = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < length; ++k) scalar += kPieces[rng() % std::size(kPieces)];
    while (!scalar.empty() && scalar.back() == ' ') scalar.pop_back();
    while (!scalar.empty() && scalar.front() == ' ') scalar.erase(0, 1);
    texts.push_back("v: " + scalar + "\n");
    names.push_back("scalar [" + scalar + "]");
  }
  ExpectSameAsPyYaml(texts, names);
}

TEST(PyYamlCompare, CorpusFrontMatter) {
  const auto dir = testing::SharedDir() / "data/model-cards";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " not found; corpus test skipped";
  std::vector<std::string> texts;
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".md") continue;
    const FrontMatter front = SplitFrontMatter(testing::ReadFile(entry.path()));
    if (!front.present) continue;
    texts.push_back(front.yaml);
    names.push_back(entry.path().filename().string());
  }
  ExpectSameAsPyYaml(texts, names);
}

}  // namespace
}  // namespace modelhub::card
