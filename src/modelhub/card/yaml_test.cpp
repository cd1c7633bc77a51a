#include "modelhub/card/yaml.h"

#include <cmath>

#include <gtest/gtest.h>

#include "modelhub/card/front_matter.h"
#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/internal/yaml_fast.h"

namespace modelhub::card {
namespace {

using nlohmann::json;

json Load(std::string_view text) {
  const YamlLoad load = LoadYaml(text);
  EXPECT_TRUE(load.ok()) << load.error.ToString();
  return load.ok() ? load.document->value : json();
}

YamlError LoadError(std::string_view text) {
  const YamlLoad load = LoadYaml(text);
  EXPECT_FALSE(load.ok()) << text;
  return load.error;
}

TEST(Yaml11, BoolWords) {
  for (const char* t : {"yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"}) {
    EXPECT_EQ(Load(std::string("v: ") + t)["v"], true) << t;
  }
  for (const char* f : {"no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"}) {
    EXPECT_EQ(Load(std::string("v: ") + f)["v"], false) << f;
  }
  EXPECT_EQ(Load("v: y")["v"], "y");
  EXPECT_EQ(Load("v: n")["v"], "n");
  EXPECT_EQ(Load("v: nO")["v"], "nO");
  EXPECT_EQ(Load("v: 'no'")["v"], "no");
}

TEST(Yaml11, NorwegianLanguageList) {
  EXPECT_EQ(Load("language: [no, sv]")["language"], json::parse(R"([false, "sv"])"));
}

TEST(Yaml11, Integers) {
  EXPECT_EQ(Load("v: 010")["v"], 8);
  EXPECT_EQ(Load("v: 0x1F")["v"], 31);
  EXPECT_EQ(Load("v: -0b101")["v"], -5);
  EXPECT_EQ(Load("v: 1_000")["v"], 1000);
  EXPECT_EQ(Load("v: 12:30")["v"], 750);
  EXPECT_EQ(Load("v: 190:20:30")["v"], 685230);
  EXPECT_EQ(Load("v: 20220120")["v"], 20220120);
  EXPECT_EQ(Load("v: 08")["v"], "08");
  EXPECT_EQ(Load("v: 0o17")["v"], "0o17");
  EXPECT_EQ(Load("v: +12")["v"], 12);
}

TEST(Yaml11, BigIntegersBecomeDoubles) {
  EXPECT_EQ(Load("v: 18446744073709551615")["v"], 18446744073709551615ULL);
  EXPECT_DOUBLE_EQ(Load("v: 100000000000000000000")["v"].get<double>(), 1e20);
}

TEST(Yaml11, Floats) {
  EXPECT_EQ(Load("v: 1.10")["v"], 1.1);
  EXPECT_TRUE(Load("v: 1.0")["v"].is_number_float());
  EXPECT_EQ(Load("v: 1e3")["v"], "1e3");
  EXPECT_EQ(Load("v: 1.0e+3")["v"], 1000.0);
  EXPECT_EQ(Load("v: .5")["v"], 0.5);
  EXPECT_EQ(Load("v: -1:20.5")["v"], -80.5);
  EXPECT_EQ(Load("v: ._")["v"], "._");
  EXPECT_TRUE(std::isinf(Load("v: -.inf")["v"].get<double>()));
  EXPECT_TRUE(std::isnan(Load("v: .NaN")["v"].get<double>()));
  EXPECT_EQ(Load("v: NaN")["v"], "NaN");
}

TEST(Yaml11, NumbersLongerThanTheStackBufferAndUnderscores) {
  // Past 32 bytes a number's text is built on the heap rather than on the stack: the same values.
  EXPECT_EQ(Load("v: 1_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0\n")["v"], 1000000000000000000LL);
  EXPECT_EQ(Load("v: 1_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0\n")["v"], 10000000000000000LL);
  EXPECT_EQ(Load("v: -0x_0000_0000_0000_0000_0000_0000_00FF\n")["v"], -255);
  EXPECT_EQ(Load("v: +0b0000_0000_0000_0000_0000_0000_0000_0101\n")["v"], 5);
  EXPECT_EQ(Load("v: 0_0_1_7\n")["v"], 15);
  EXPECT_EQ(Load("v: 1_000.000_000_000_000_000_000_000_000_000_5\n")["v"], 1000.0);
  EXPECT_EQ(Load("v: -1_0.2_5\n")["v"], -10.25);
  EXPECT_EQ(Load("v: 1.5E+3\n")["v"], 1500.0);
  EXPECT_TRUE(std::isinf(Load("v: +.INF\n")["v"].get<double>()));
  // Explicitly tagged, any case reaches the bool constructor.
  for (const char* t : {"yEs", "tRUe", "ON"}) {
    EXPECT_EQ(Load(std::string("v: !!bool ") + t)["v"], true) << t;
  }
  for (const char* f : {"No", "fALSE", "oFf"}) {
    EXPECT_EQ(Load(std::string("v: !!bool ") + f)["v"], false) << f;
  }
}

TEST(Yaml11, Nulls) {
  const json v = Load("a: ~\nb: null\nc:\nd: Null\ne: NULL\nf: nul");
  EXPECT_TRUE(v["a"].is_null());
  EXPECT_TRUE(v["b"].is_null());
  EXPECT_TRUE(v["c"].is_null());
  EXPECT_TRUE(v["d"].is_null());
  EXPECT_TRUE(v["e"].is_null());
  EXPECT_EQ(v["f"], "nul");
}

TEST(Yaml11, DatesAndTimestamps) {
  EXPECT_EQ(Load("v: 2023-01-05")["v"], "2023-01-05");
  EXPECT_EQ(Load("v: 2023-01-05 10:00:00")["v"], "2023-01-05T10:00:00");
  EXPECT_EQ(Load("v: 2001-12-14 21:59:43.10 -5")["v"], "2001-12-14T21:59:43.100000-05:00");
  EXPECT_EQ(Load("v: 2023-01-05T10:00:00Z")["v"], "2023-01-05T10:00:00+00:00");
  EXPECT_EQ(Load("v: 2023-1-5 1:02:03")["v"], "2023-01-05T01:02:03");
  EXPECT_EQ(Load("v: 2023-1-5")["v"], "2023-1-5");
  EXPECT_EQ(LoadError("v: 2023-02-30").kind, "ValueError");
}

TEST(Yaml11, TemplatePlaceholdersBecomeMappings) {
  EXPECT_EQ(Load("v: {lang_0}")["v"], json::parse(R"({"lang_0": null})"));
  EXPECT_EQ(LoadError("{lang_0}: x").kind, "ConstructorError");
}

TEST(Yaml, ExplicitTags) {
  EXPECT_EQ(Load("v: !!str 123")["v"], "123");
  EXPECT_EQ(Load("v: !!int \"0x1F\"")["v"], 31);
  EXPECT_EQ(Load("v: !!float 1e3")["v"], 1000.0);
  EXPECT_EQ(Load("v: ! 123")["v"], 123);
  EXPECT_EQ(Load("v: !!bool yes")["v"], true);
  EXPECT_TRUE(Load("v: !!null x")["v"].is_null());
  EXPECT_EQ(Load("v: !!binary aGVsbG8=")["v"], "hello");
  EXPECT_EQ(Load("v: !!set {a, b}")["v"], json::parse(R"(["a", "b"])"));
  EXPECT_EQ(Load("v: !!omap [a: 1, b: 2]")["v"], json::parse(R"([["a", 1], ["b", 2]])"));
  EXPECT_EQ(LoadError("v: !foo 1").kind, "ConstructorError");
  EXPECT_EQ(LoadError("v: =").kind, "ConstructorError");
}

TEST(Yaml, AnchorsAliasesAndMerge) {
  EXPECT_EQ(Load("a: &x [1, 2]\nb: *x")["b"], json::parse("[1, 2]"));
  const json merged = Load("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3");
  EXPECT_EQ(merged["child"], json::parse(R"({"x": 1, "y": 3})"));
  const json list = Load("a: &a {k: 1}\nb: &b {k: 2, j: 2}\nc:\n  <<: [*a, *b]");
  EXPECT_EQ(list["c"], json::parse(R"({"k": 1, "j": 2})"));
  EXPECT_EQ(LoadError("a: *nope").kind, "ComposerError");
  EXPECT_EQ(LoadError("a: &x 1\nb: &x 2").kind, "ComposerError");
  EXPECT_EQ(LoadError("&a [*a]").kind, "ConstructorError");
}

TEST(Yaml, AliasBombIsBounded) {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
    bomb += "]\n";
  }
  EXPECT_EQ(LoadError(bomb).kind, "ComposerError");
}

TEST(Yaml, DeepNestingIsBounded) {
  EXPECT_EQ(LoadError(std::string(10000, '[')).kind, "ComposerError");
}

TEST(Yaml, DuplicateKeysLastWins) {
  const YamlLoad load = LoadYaml("a: 1\nb: 2\na: 3\n");
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load.document->value["a"], 3);
  ASSERT_EQ(load.document->duplicate_keys.size(), 1u);
  EXPECT_EQ(load.document->duplicate_keys[0].path, "/a");
  EXPECT_EQ(load.document->duplicate_keys[0].line, 3);
}

TEST(Yaml, MultipleDocumentsAreAnError) {
  const YamlError error = LoadError("a: 1\n---\nb: 2");
  EXPECT_EQ(error.kind, "ComposerError");
  EXPECT_EQ(error.line, 2);
}

TEST(Yaml, SyntaxErrorsCarryLineAndColumn) {
  const YamlError error = LoadError("a: 1\nb: [1, 2\nc: 3\n");
  EXPECT_EQ(error.kind, "ParserError");
  EXPECT_GT(error.line, 1);
  const YamlError tab = LoadError("a:\n\t- b");
  EXPECT_EQ(tab.kind, "ScannerError");
  EXPECT_EQ(tab.line, 2);
  EXPECT_EQ(tab.column, 1);
}

TEST(Yaml, NonStringKeysAsJsonDumpsWritesThem) {
  EXPECT_EQ(Load("2: a\n1.5: b\ntrue: c\n~: d"),
            json::parse(R"({"2": "a", "1.5": "b", "true": "c", "null": "d"})"));
  // Python's True == 1, so these are one key, spelled as first written.
  EXPECT_EQ(Load("1: a\ntrue: b"), json::parse(R"({"1": "b"})"));
}

TEST(Yaml, SeparatingTabsAreScannerErrorsAsInPyYaml) {
  const YamlError error = LoadError("a: b\t\nc: d");
  EXPECT_EQ(error.kind, "ScannerError");
  EXPECT_EQ(error.line, 1);
  EXPECT_EQ(error.column, 5);
  EXPECT_EQ(Load("a: 'x\ty'\nb: |\n  in\tdented\nc: d # a\tcomment")["a"], "x\ty");
}

TEST(Yaml, EmptyStreamIsNull) {
  EXPECT_TRUE(Load("").is_null());
  EXPECT_TRUE(Load("# comment only\n").is_null());
}

TEST(Yaml, KeyLocationsAndCoercions) {
  const YamlLoad load = LoadYaml("license: mit\nlanguage:\n- en\n- no\nsdk_version: 3.10\n");
  ASSERT_TRUE(load.ok());
  const YamlDocument& doc = *load.document;
  EXPECT_EQ(doc.LineOf("/language/1"), 2);
  ASSERT_EQ(doc.coercions.size(), 2u);
  EXPECT_EQ(doc.coercions[0].location.path, "/language/1");
  EXPECT_EQ(doc.coercions[0].location.line, 4);
  EXPECT_EQ(doc.coercions[0].raw, "no");
  EXPECT_EQ(doc.coercions[1].location.path, "/sdk_version");
}

TEST(Yaml, JsonPointerSegmentEscapesAtEveryPosition) {
  // Short keys, whole words and a last word that overlaps the one before it.
  for (const std::string base : {"", "a", "license", "base_mode", "model-index", "annotations_cr",
                                 "language_creators", "paperswithcode_id_x"}) {
    EXPECT_EQ(JsonPointerSegment(base), base);
    for (size_t i = 0; i < base.size(); ++i) {
      for (const char c : {'~', '/'}) {
        std::string key = base;
        key[i] = c;
        std::string expected = base.substr(0, i) + (c == '~' ? "~0" : "~1") + base.substr(i + 1);
        EXPECT_EQ(JsonPointerSegment(key), expected) << key;
      }
    }
  }
  EXPECT_EQ(JsonPointerSegment("a/b~c//~"), "a~1b~0c~1~1~0");
  // Bytes a carry between word lanes could mistake for one ('.' + 1 is '/', '}' + 1 is '~').
  EXPECT_EQ(JsonPointerSegment("........}}}}}}}}"), "........}}}}}}}}");
  EXPECT_EQ(JsonPointerSegment("\xff\xff\xff\xff\xff\xff\xff\x2f"),
            "\xff\xff\xff\xff\xff\xff\xff~1");
}

TEST(Yaml, KeyLocationsSurviveReusedStorage) {
  // Each load's composer takes over the key list an earlier document recycled (one longer than
  // the tests before this one left, so that it is the one kept).
  std::string many;
  for (int i = 0; i < 100; ++i) many += "k" + std::to_string(i) + ": v\n";
  for (int round = 0; round < 3; ++round) {
    YamlLoad load =
        internal::LoadYaml(round == 1 ? "x: 1\n" : many, internal::KeyLocations::kTopLevel);
    ASSERT_TRUE(load.ok());
    if (round == 1) {
      ASSERT_EQ(load.document->keys.size(), 1u);
      EXPECT_EQ(load.document->keys[0].path, "/x");
    } else {
      ASSERT_EQ(load.document->keys.size(), 100u);
      EXPECT_EQ(load.document->keys[0].path, "/k0");
      EXPECT_EQ(load.document->keys[99].path, "/k99");
      EXPECT_EQ(load.document->keys[99].line, 100);
    }
    internal::YamlComposer::Recycle(*load.document);
    EXPECT_TRUE(load.document->keys.empty());
    EXPECT_TRUE(load.document->value.is_null());
  }
}

TEST(ParseYaml, ErrorMessageHasPosition) {
  const auto r = ParseYaml("a: [");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("line"), std::string::npos);
}

}  // namespace
}  // namespace modelhub::card
