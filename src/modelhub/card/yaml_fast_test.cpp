// The fast YAML path must give exactly what the libyaml path gives (values, key locations,
// duplicate keys, coercions, errors) whenever it handles a text: checked on hand-written tricky
// snippets, the shared corpus's front matter and the fuzz seeds. It must also handle the common
// shapes and the vast majority of real front matter, or the benchmark loses its point.
#include "modelhub/card/internal/yaml_fast.h"

#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "modelhub/card/front_matter.h"
#include "modelhub/card/internal/test_paths.h"

namespace modelhub::card {
namespace {

using nlohmann::json;

// Like ==, but NaN equals NaN and 1 differs from 1.0.
bool Same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case json::value_t::number_float: {
      const double x = a.get<double>();
      const double y = b.get<double>();
      return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof x) == 0;
    }
    case json::value_t::array:
    case json::value_t::object: {
      if (a.size() != b.size()) return false;
      auto i = a.begin();
      auto j = b.begin();
      for (; i != a.end(); ++i, ++j) {
        if (a.is_object() && i.key() != j.key()) return false;
        if (!Same(*i, *j)) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

std::string Describe(const std::vector<YamlLocation>& locations) {
  std::string out;
  for (const auto& l : locations) {
    out += l.path + "@" + std::to_string(l.line) + ":" + std::to_string(l.column) + " ";
  }
  return out;
}

// Returns whether the fast path handled `yaml`; on a mismatch adds a failure naming `what`.
bool ExpectSameAsLibyaml(std::string_view yaml, const std::string& what) {
  const char* reason = nullptr;
  const std::optional<YamlLoad> fast = internal::LoadYamlFast(yaml, &reason);
  if (!fast) {
    EXPECT_NE(reason, nullptr) << what;
    return false;
  }
  const YamlLoad slow = internal::LoadYamlWithLibyaml(yaml);
  EXPECT_EQ(fast->ok(), slow.ok()) << what << "\n"
                                   << yaml << "\nlibyaml: " << slow.error.ToString();
  if (fast->ok() != slow.ok()) return true;
  if (!slow.ok()) {
    EXPECT_EQ(fast->error.ToString(), slow.error.ToString()) << what;
    return true;
  }
  const YamlDocument& f = *fast->document;
  const YamlDocument& s = *slow.document;
  EXPECT_TRUE(Same(f.value, s.value))
      << what << "\n"
      << yaml << "\nfast:    " << f.value.dump() << "\nlibyaml: " << s.value.dump();
  EXPECT_EQ(Describe(f.keys), Describe(s.keys)) << what << "\n" << yaml;
  EXPECT_EQ(Describe(f.duplicate_keys), Describe(s.duplicate_keys)) << what;
  EXPECT_EQ(f.coercions.size(), s.coercions.size()) << what;
  for (size_t i = 0; i < f.coercions.size() && i < s.coercions.size(); ++i) {
    EXPECT_EQ(Describe({f.coercions[i].location}), Describe({s.coercions[i].location})) << what;
    EXPECT_EQ(f.coercions[i].raw, s.coercions[i].raw) << what;
    EXPECT_TRUE(Same(f.coercions[i].value, s.coercions[i].value)) << what;
  }
  return true;
}

// Shapes real front matter uses: the fast path must take them.
TEST(YamlFast, HandlesCommonShapes) {
  const char* texts[] = {
      "",
      "# only a comment\n",
      "license: mit\n",
      "license: mit\nlanguage:\n- en\n- fr\ntags:\n  - a\n  - b # note\n",
      "a: 1\nb:\n  c: [x, 'y', \"z\"]\n  d: {e: 1, f: no}\n",
      "model-index:\n- name: m\n  results:\n  - task:\n      type: t\n    metrics:\n"
      "    - type: acc\n      value: 0.5\n",
      "widget:\n- text: \"Hello, \\\"world\\\" \\u00e9\"\n  example_title: 'it''s'\n",
      "description: |\n  line one\n\n  line two\n    indented\nnext: >-\n  folded\n  text\n",
      "long: this is a long\n  plain scalar that\n\n  continues\nother: 2023-01-05\n",
      "empty:\nnull_item:\n-\n- ~\nversion: 3.10\nlang: [no, sv]\nsame: 1\nsame: 2\n",
      "caf\xC3\xA9: \xF0\x9F\x98\x80 ok\n\"q\xC3\xA9\": {\xC3\xA9: 1}\n",
      "- a\n- - b\n  - c\n- d: e\n  f: g\n",
      "plain scalar document\n",
      "<<: {a: 1}\nb: 2\n",
  };
  for (const char* text : texts) {
    EXPECT_TRUE(ExpectSameAsLibyaml(text, text)) << "not handled: " << text;
  }
}

// A sequence item is probed as a key and then read as a value from the remembered scan of its
// line: every way that line can end, and items that are keys, must read as libyaml reads them.
TEST(YamlFast, ProbedItemsReadAsLibyamlReadsThem) {
  const char* texts[] = {
      "- a\n- b c\n- d # note\n- e:f\n- g#h\n",  "- a\n  continued\n\n  again\n- b\n",
      "- k: v\n- plain\n- k2: v2\n  k3: v3\n",   "- x:\n- y\n",
      "- one:two\n- 'q'\n- \"d\"\n- [f, g]\n",   "s:\n- a\n- b\n  c\nt: u\n",
      "- \xC3\xA9t\xC3\xA9\n- caf\xC3\xA9: x\n", "- a  \n- b\t\n",
  };
  for (const char* text : texts) EXPECT_TRUE(ExpectSameAsLibyaml(text, text)) << text;
  // Values that are not keys and that the fast path declines after the probe.
  EXPECT_FALSE(ExpectSameAsLibyaml("- a\n  b: c\n", "multi-line before ':'"));
  EXPECT_FALSE(ExpectSameAsLibyaml("- a: b: c\n", "':' after a plain value"));
}

// Tricky texts: the fast path may decline them, but what it accepts must match libyaml.
TEST(YamlFast, TrickySnippetsMatchLibyaml) {
  const char* texts[] = {
      "a: b: c\n",
      "a: 1\n  b: 2\n",
      "a:\n  b\n  c: d\n",
      "a: 1\n- b\n",
      "- a\nb: c\n",
      "a:\n    b: 1\n  c: 2\n",
      "a: x\n  # c\n  y\n",
      "a: x\n  - y\n",
      "a: x\n\n\n  y\n",
      "a: 'x\n  y'\n",
      "a: \"x\\\n  y\"\n",
      "a: \"\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\"\n",
      "a: \"\\q\"\n",
      "a: \"\\ud800\"\n",
      "a: '' \n",
      "a: \"\"\n",
      "'': 1\n",
      "? a\n: b\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "%YAML 1.1\n---\na: 1\n",
      "a: 1\n---\nb: 2\n",
      "a: 1\n...\n",
      "a:\tb\n",
      "a: b\r\nc: d\r\n",
      "a:#b\n",
      "a: b#c\n",
      "a: b #c\n",
      "a: \"b\"#c\n",
      "a: [b, c]#d\n",
      "a: [b,\n  c]\n",
      "a: [b, c,]\n",
      "a: [a: b]\n",
      "a: {b}\n",
      "a: {b: }\n",
      "a: [-, -1, -x]\n",
      "a: [:x]\n",
      "a: [x:y]\n",
      "a: {x: y:z}\n",
      "a: [[b, [c]], {d: [e]}]\n",
      "a: []\nb: {}\n",
      "a: [ ]\n",
      "a:  |\n  x\n",
      "a: |-\n  x\n",
      "a: |+\n  x\n\n\nb: 1\n",
      "a: >\n  x\n  y\n\n  z\n   w\n  v\n",
      "a: |2\n   x\n",
      "a: |\n\n   \n  x\n",
      "a: |\n    \n  x\n",
      "a: |\nb: 1\n",
      "a: |\n  x",
      "a: >+\n",
      "- |\n  x\n- >\n  y\n",
      "|\n x\n",
      "a:\n- |\n  x\n- b\n",
      "a: | # c\n  x\n",
      "a: |#c\n  x\n",
      "a: |x\n",
      "key with spaces  : v\n",
      "a : b\n",
      "a:b\n",
      "a:b: c\n",
      ":a: b\n",
      "?a: b\n",
      "-a: b\n",
      "- -a\n",
      "-\n-\n",
      "- \n  a\n",
      "-\n  - a\n",
      "a:\n-\nb: 1\n",
      "a:\n- x\n  y\n- z\n",
      "a:\n  - x\n  y\n",
      "a:\n - b\n -  c\n",
      "a:\n  b:\n  - c\n  d: e\n",
      "- a: 1\n  b: 2\n- c: 3\n",
      "- a: x\n  y\n",
      "- - - a\n    - b\n  - c\n",
      "1: a\n1.0: b\ntrue: c\n",
      "yes: 1\nno: 2\n",
      "a: 012\nb: 0x1F\nc: 1_000\nd: 12:30\ne: 1e3\nf: .inf\ng: -.NaN\nh: ~\ni: Null\n",
      "a: 2023-02-30\n",
      "a: 2023-01-05T10:00:00Z\n",
      "a: 1\na: 2\na: 3\n",
      "a: {b: 1, b: 2}\n",
      "a/b~c: 1\n",
      "=: 1\n",
      "a: =\n",
      "<<: [{a: 1}, {b: 2}]\nc: 3\n",
      "<<: 1\n",
      "[a]: b\n",
      "{a: b}: c\n",
      "a:\n  - b\n    - c\n",
      "\xEF\xBB\xBF"
      "a: 1\n",
      "a: \xC2\x85\n",
      "a: \xE2\x80\xA8\n",
      "a: \xC3\n",
      "a: \x7F\n",
      "a: \x01\n",
      "a: \"caf\xC3\xA9\" \n\xC3\xA9: [\xC3\xA9, b]\n",
      "a: @b\n",
      "a: `b`\n",
      "a: %b\n",
      "a: b %c\n",
      "a: -\n",
      "a: - \n",
      "a: --\n",
      "a: ---\n",
      "--- a\n",
      "----\n",
      "....\n",
      "... a\n",
      "a: b\n  ---\n",
      "a:\n  ---\n",
      "a: 'b''c'''\n",
      "  a: 1\n  b: 2\n",
      "  a: 1\n b: 2\n",
      "a: 1\n   \n\nb: 2\n",
      "\n\n\na: 1\n\n\n",
      "a: x \n  y \n",
      "a:    \n  x\n",
      "a: # c\n  b\n",
      "a: # c\n- b\n",
      "a: # c\nb: 1\n",
      "a: \"x\" # c\n",
      "a: [x] # c\n",
      "a: 'x' y\n",
      "- 'x': y\n",
      "- \"x\"\n- 'y'\n",
      "a: {\"b\": c, 'd': \"e\"}\n",
      "a: {\"b\":c}\n",
      "a: [\"b\" , 'c' ]\n",
      "a: [ b , c ]\n",
      "a: [b c, d  e]\n",
      "a: [b #c]\n",
      "a: [b] [c]\n",
      "a: ?b\n",
      "a: ? b\n",
      "a: :b\n",
      "a: b:\n",
      "a: b: \n",
      "\"a\nb\": c\n",
      "a: \"\\t\\r\\n\\e\\a\\b\\v\\f\\/\\ \"\n",
      "a: \"\\x4\"\n",
      "a: \"\\U00110000\"\n",
      "a:\n\n  b: 1\n",
      "a:\n  b: 1\n\n  c: 2\n",
  };
  int handled = 0;
  int i = 0;
  for (const char* text : texts)
    handled += ExpectSameAsLibyaml(text, "snippet " + std::to_string(i++));
  std::printf("fast path handled %d of %d tricky snippets\n", handled, i);
}

// Multi-line quoted scalars and flow mapping keys without values.
TEST(YamlFast, FoldedQuotesAndBareFlowKeysMatchLibyaml) {
  const char* texts[] = {
      "a: \"x\n  y\"\n",
      "a: 'x\n\n  y  \n   z'\nb: 1\n",
      "a: \"x  \\\n   y\\\n\n  z\"\n",
      "a: \"x\ny\"\n",
      "- \"x\n  y\"\n- b\n",
      "\"a\n b\": c\n",
      "a: [\"x\n y\"]\n",
      "a: \"x\n  ---\"\n",
      "a: \"x\n\"\n",
      "a: \"\n\"\n",
      "a: 'x\n",
      "a: \"\\ \n y\"\n",
      "a: {b}\n",
      "a: {b, c: d, e}\n",
      "a: {b , c }\n",
      "- {b}  # c\n",
      "{a}\n",
      "a: {b: }\n",
      "a: {\"b\", 'c'}\n",
      "a: {b,}\n",
      "a: {{b}}\n",
      "a: \"x\"y\"\n",
      "a: 'it''s\n  ok'\n",
      "a: \"\\x41\n  \\u00e9 \"\n",
      "a: \"x \n \n y\"\n",
      "a:\n  \"x\n  y\": 1\n",
      "a: \"x\n  y\" # c\nb: 2\n",
      // Flow collections as block keys (unhashable in PyYAML).
      "{a}: b\n",
      "[a, b]: c\nd: e\n",
      "x:\n  {a}: {b}  # c\n  y: 1\n",
      "- {a}: b\n  c: d\n",
      "{a: [b]} : c\n",
      "{a}:b\n",
      "{a}: b\n{c}\n",
      "{'a'}: b\n",
      "x: 1\n[a]: 2\n[a]: 3\n",
      "{a}: b\nc: [d\n",
  };
  int handled = 0;
  int i = 0;
  for (const char* text : texts) {
    handled += ExpectSameAsLibyaml(text, "snippet " + std::to_string(i++));
  }
  std::printf("fast path handled %d of %d quote/flow snippets\n", handled, i);
  EXPECT_TRUE(ExpectSameAsLibyaml("a: \"x\n  y\"\n", "folded quote"));
  EXPECT_TRUE(ExpectSameAsLibyaml("a: {b, c: d}\n", "bare flow key"));
  EXPECT_TRUE(ExpectSameAsLibyaml("x:\n  {a}: {b}  # c\n", "flow collection as a block key"));
}

TEST(YamlFast, DeepNestingFallsBack) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += std::string(static_cast<size_t>(i), ' ') + "a:\n";
  EXPECT_FALSE(internal::LoadYamlFast(deep).has_value());
  std::string flow(300, '[');
  flow += std::string(300, ']');
  EXPECT_FALSE(internal::LoadYamlFast(flow).has_value());
}

TEST(YamlFast, SharedCorpusAndFuzzSeeds) {
  int cards = 0;
  int with_front_matter = 0;
  int handled = 0;
  std::map<std::string, int> reasons;
  const auto dir = testing::SharedDir() / "data/model-cards";
  if (std::filesystem::exists(dir)) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const std::string text = testing::ReadFile(entry.path());
      const FrontMatter front = SplitFrontMatter(text);
      ++cards;
      if (!front.present) continue;
      ++with_front_matter;
      if (ExpectSameAsLibyaml(front.yaml, entry.path().string())) {
        ++handled;
      } else {
        const char* reason = nullptr;
        (void)internal::LoadYamlFast(front.yaml, &reason);
        ++reasons[reason == nullptr ? "?" : reason];
      }
    }
  }
  const auto seeds = testing::SourceDir() / "fuzz/corpus/card";
  int seed_count = 0;
  if (std::filesystem::exists(seeds)) {
    for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
      const std::string text = testing::ReadFile(entry.path());
      ExpectSameAsLibyaml(text, entry.path().string());
      ExpectSameAsLibyaml(SplitFrontMatter(text).yaml, entry.path().string() + " front matter");
      ++seed_count;
    }
  }
  if (cards == 0 && seed_count == 0) GTEST_SKIP() << "no corpus found";
  std::printf("fast path handled %d of %d corpus front matters (%d cards)\n", handled,
              with_front_matter, cards);
  for (const auto& [reason, count] : reasons)
    std::printf("  declined %d: %s\n", count, reason.c_str());
  if (with_front_matter > 0) {
    EXPECT_GT(handled * 10, with_front_matter * 9);
  }
}

// The inspect path records the root mapping's key locations only (internal::KeyLocations): the
// rest of the load must not change, on either path.
TEST(YamlFast, TopLevelKeyLocationsLeaveTheRestAlone) {
  std::vector<std::string> texts = {
      "a: 1\nb:\n  c: 2\n  c: 3\nd: [no, 010]\n",
      "- a: 1\n  b: {c: d}\n",
      "a: &x {b: 1}\nc: *x\n<<: {e: 1}\na: 2\n",
      "a:\tb\n",
      "x: [1, 2\n",
  };
  const auto dir = testing::SharedDir() / "data/model-cards";
  if (std::filesystem::exists(dir)) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      texts.push_back(SplitFrontMatter(testing::ReadFile(entry.path())).yaml);
    }
  }
  for (const std::string& text : texts) {
    const YamlLoad all = internal::LoadYaml(text, internal::KeyLocations::kAll);
    const YamlLoad top = internal::LoadYaml(text, internal::KeyLocations::kTopLevel);
    ASSERT_EQ(all.ok(), top.ok()) << text;
    if (!all.ok()) {
      EXPECT_EQ(all.error.ToString(), top.error.ToString()) << text;
      continue;
    }
    std::vector<YamlLocation> root_keys;
    for (const YamlLocation& key : all.document->keys) {
      if (key.path.find('/', 1) == std::string::npos) root_keys.push_back(key);
    }
    EXPECT_TRUE(Same(all.document->value, top.document->value)) << text;
    EXPECT_EQ(Describe(root_keys), Describe(top.document->keys)) << text;
    EXPECT_EQ(Describe(all.document->duplicate_keys), Describe(top.document->duplicate_keys))
        << text;
    ASSERT_EQ(all.document->coercions.size(), top.document->coercions.size()) << text;
    for (size_t i = 0; i < all.document->coercions.size(); ++i) {
      EXPECT_EQ(Describe({all.document->coercions[i].location}),
                Describe({top.document->coercions[i].location}))
          << text;
    }
  }
}

}  // namespace
}  // namespace modelhub::card

namespace modelhub::card {
namespace {

// LoadYaml answers some documents with a tab from the fast path and PyYAML's tab rule alone,
// without libyaml: the answer (value or error, with its position) must be libyaml's.
TEST(YamlFast, TabShortcutGivesLibyamlsAnswer) {
  const char* texts[] = {
      "a: 1\n\t\nb: 2\n",           // a blank line holding a tab: the shortcut's case
      "a: 1\nb: 2\n\t",             // the tab at the very end
      "a: 1  \t\nb: 2\n",           // after a value and blanks
      "a:\n- x\n- y\t\nc: 3\n",     // after a list item
      "a: 1\n\t\n  b: 2\n",         // the next line is indented: may continue a scalar
      "a: 1\n\t\n# comment\n",      // the next line is a comment
      "a: 'x\ty'\n",                // inside a quoted scalar: content
      "a: \"x\ty\"\nb: 1\n",        // the same, double-quoted
      "a: 1 # tab\there\n",         // inside a comment
      "a: |\n  x\n\t\nb: 2\n",      // after a block scalar's header
      "a: >\n  x\t\nb: 2\n",        // inside a folded scalar
      "<<: {x: 1}\n\t\nb: 2\n",     // after a merge key
      "\t\na: 1\n",                 // before any node
      "a: [1,\n\t2]\n",             // inside a flow collection
      "a: b\n\tc: d\n",             // a tab indenting a key
      "a: 1\n\t\n---\nb: 2\n",      // a second document after it
      "a: 1\n\t\n- x\n",            // a node of another kind after it
      "k:\n  v: 1\n\t\nk: 2\n",     // a duplicate key after it
      "caf\xC3\xA9: 1 \t\nb: 2\n",  // columns count characters, not bytes
  };
  const auto expect_same = [](const std::string& text) {
    const YamlLoad shortcut = internal::LoadYaml(text, internal::KeyLocations::kAll);
    const YamlLoad slow = internal::LoadYamlWithLibyaml(text);
    ASSERT_EQ(shortcut.ok(), slow.ok()) << text;
    if (!slow.ok()) {
      EXPECT_EQ(shortcut.error.ToString(), slow.error.ToString()) << text;
    } else {
      EXPECT_TRUE(Same(shortcut.document->value, slow.document->value)) << text;
    }
  };
  for (const char* text : texts) expect_same(text);
  // Random documents of lines that put tabs next to every construct the shortcut must see.
  const std::vector<std::string_view> lines = {"a: 1",
                                               "b: two words",
                                               "  c: nested",
                                               "- item",
                                               "  - nested item",
                                               "d:",
                                               "e: |",
                                               "f: >-",
                                               "  block text",
                                               "    more block",
                                               "g: 'quoted",
                                               "  still quoted'",
                                               "h: \"x",
                                               "  y\"",
                                               "# a comment",
                                               "# a comment\t",
                                               "w: 1 # note\t",
                                               "i: x # comment",
                                               "<<: {m: 1}",
                                               "j: [1,",
                                               "  2]",
                                               "k: {p: 1}",
                                               "---",
                                               "",
                                               "\t",
                                               " \t",
                                               "\t ",
                                               "l: 1\t",
                                               "m: \tx",
                                               "\tn: 1",
                                               "  \t",
                                               "o: caf\xC3\xA9 \t",
                                               "plain",
                                               "  continued",
                                               "? q",
                                               ": r",
                                               "s: &x 1",
                                               "t: *x",
                                               "u: !!str 1",
                                               "v: 2023-01-05"};
  std::mt19937 random(17);
  std::uniform_int_distribution<size_t> pick(0, lines.size() - 1);
  std::uniform_int_distribution<int> count(1, 7);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (int n = count(random); n > 0; --n) text.append(lines[pick(random)]).push_back('\n');
    if (text.find('\t') == std::string::npos) continue;
    expect_same(text);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace modelhub::card

namespace modelhub::card {
namespace {

// LoadYaml's whole answer (value, key locations, duplicate keys, coercions, or the error) must be
// LoadYamlWithLibyaml's.
void ExpectLoadYamlSameAsLibyaml(std::string_view text, const std::string& what) {
  const YamlLoad load = internal::LoadYaml(text, internal::KeyLocations::kAll);
  const YamlLoad slow = internal::LoadYamlWithLibyaml(text);
  ASSERT_EQ(load.ok(), slow.ok()) << what << "\n"
                                  << text << "\nlibyaml: " << slow.error.ToString()
                                  << "\nLoadYaml: " << load.error.ToString();
  if (!slow.ok()) {
    EXPECT_EQ(load.error.ToString(), slow.error.ToString()) << what << "\n" << text;
    return;
  }
  EXPECT_TRUE(Same(load.document->value, slow.document->value)) << what << "\n" << text;
  EXPECT_EQ(Describe(load.document->keys), Describe(slow.document->keys)) << what << "\n" << text;
  EXPECT_EQ(Describe(load.document->duplicate_keys), Describe(slow.document->duplicate_keys))
      << what;
  EXPECT_EQ(load.document->coercions.size(), slow.document->coercions.size()) << what;
}

// Tabs in the blanks that end a line and CRLF line breaks are the fast path's (two tab cards and
// two CRLF cards of the corpus): PyYAML rejects such a tab, so the answer is mostly its error,
// unless the document fails before it.
TEST(YamlFast, TrailingTabsAndCrlfMatchLibyaml) {
  const char* handled[] = {
      "a: 0.918177\t\nb: 2\n",  // the corpus cards' case
      "m:\n  - r:\n      value: 0.9\t\n      split: validation\t\n",
      "a: x \t \nb: y\n",                          // blanks mixing spaces and tabs
      "a: x\t",                                    // at the very end
      "a: 'x'\t\n",                                // after a quoted scalar
      "a: \"x\"\t\t\n",                            //
      "a: [x, y]\t\n",                             // after a flow collection
      "a: {x: y}\t\n",                             //
      "- x\t\n- y\n",                              // in a sequence
      "a: x\t\n  y\n",                             // a plain scalar continued on the next line
      "a: x\n  y\t\n  z\n",                        // on a continuation line
      "# comment\t\na: 1\n",                       // in comments only: no error
      "a: 1 # comment\t\n",                        //
      "a: |\n  x\t\n  y\n",                        // block scalar content: no error
      "a: >\n  x\t\n  y\nb: 1\n",                  //
      "a: 'x\t\n  y'\n",                           // in a multi-line quoted scalar: no error
      "a: \"x \t\n\n  y\"\n",                      //
      "a: b#c\t\n",                                // '#' not a comment
      "a: \"x #y\"\t\n",                           // '#' inside quotes
      "{a}: b\t\n",                                // a later composer error...
      "{a}: b\nc: d\t\n",                          //
      "x: 1\t\n{a}: b\n",                          // ...the tab before it wins
      "a: 2023-02-30\t\n",                         // a bad timestamp at the tab's line
      "caf\xC3\xA9: \xC3\xA9t\xC3\xA9\t\nb: 1\n",  // columns count characters
      "a: b\r\nc: d\r\n",                          // CRLF
      "a: b\r\nc:\r\n  - x\r\n  - y\r\nd:\r\n",    // marks of empty values before a CR
      "a: x\r\n  y\r\n\r\n  z\r\n",                // a folded plain scalar
      "a: 'x\r\n  y'\r\nb: \"p\\\r\n  q\"\r\n",    // folded and escaped breaks in quotes
      "a: |\r\n  x\r\n\r\n  y\r\nb: >+\r\n  z\r\n\r\n",  // block scalars
      "# c\r\na: 1 # d\r\n",                             //
      "a: [x, y]\r\nb: {c: d}\r\n",                      //
      "caf\xC3\xA9: 1\r\n\xC3\xA9: 2\r\n",               //
      "a: 1\r\n",                                        //
      "a: b\t\r\nc: d \t\r\n",                           // both
      "a: 1\n\t",                                        // lines of blanks with a tab end the text
      "a: 1\n \t \n\n  \n",
      "a: b\n  \t\n",  // a plain scalar may take its blanks
      "a: b\n\t\n",
      "a:\n- b\n  \t\n",
      "a: 1\t\n\t\n",  // an earlier tab
      "a: \"x\"\n\t",
      "\t\n",  // only blanks
      " \t",
      "a: 1\r\n\t\r\n",
      "a: x\\\t\n",         // no escape in a plain scalar
      "a: 'x\\\t\n  y'\n",  // nor in a single-quoted one
  };
  int i = 0;
  for (const char* text : handled) {
    EXPECT_TRUE(ExpectSameAsLibyaml(text, "handled " + std::to_string(i)))
        << "not handled: " << text;
    ExpectLoadYamlSameAsLibyaml(text, "handled " + std::to_string(i++));
  }
  // Left to libyaml, or to the tab shortcut: LoadYaml's answer must still be libyaml's.
  const char* others[] = {
      "a:\tb\n",
      "a:\t\n  b: 1\n",
      "- \tb\n",
      "-\tb\n",
      "a: b\n\t\n",
      "a: b\n \t\n",
      "a: b\n\tc: d\n",
      "a: b\tc\n",
      "a: b\t# c\n",
      "a: b \t: c\n",
      "a: \"x\\\t\n y\"\n",
      "a: |\t\n  x\n",
      "a: |\n  x\n\t\n",
      "a: |\n  x\n  \t\n",
      "a: |+\n  x\n\n \t\n",
      "a: >\n  x\n\t",
      "{a}: b\n\t\n",
      "a: b\n# c\n\t\n",
      "a: \"x\n\t\n",
      "? a\t\n: b\n",
      "a: [b,\t\n  c]\n",
      "a: [b\t\n  ]\n",
      "a: &x\t\n  b\n",
      "a: b\rc: d\n",
      "a: b\r",
      "a: b\r\n---\r\nc: d\r\n",
      "---\r\na: b\r\n",
      "a: b\r\r\n",
      "a: b\n\r\n",
      "\t",
  };
  i = 0;
  for (const char* text : others) {
    ExpectSameAsLibyaml(text, "other " + std::to_string(i));
    ExpectLoadYamlSameAsLibyaml(text, "other " + std::to_string(i++));
  }
}

TEST(YamlFast, CorpusCardsWithTabsAndCrlfAreHandled) {
  const auto dir = testing::SharedDir() / "data/model-cards";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no corpus found";
  for (const char* name :
       {"Ammar-alhaj-ali--LayoutLMv3-Fine-Tuning-FUNSD.md", "NbAiLab--whisper-large-v2-nob.md",
        "huggingface_hub-fixture--sample_windows_line_breaks.md", "osanseviero--test_meta.md"}) {
    if (!std::filesystem::exists(dir / name)) continue;
    const FrontMatter front = SplitFrontMatter(testing::ReadFile(dir / name));
    EXPECT_TRUE(ExpectSameAsLibyaml(front.yaml, name)) << "not handled: " << name;
  }
}

// Random documents of common lines with tabs in the blanks that end them, tabs in other places and
// CRLF, lone CR or mixed line breaks: whatever the fast path takes must be libyaml's answer,
// key locations included, and so must LoadYaml's.
TEST(YamlFast, RandomTabsAndLineBreaksMatchLibyaml) {
  // Mostly snippets that load at the top level, so that most documents load; a few odd lines.
  const std::vector<std::string_view> units = {"a: 1",
                                               "b: two words",
                                               "c:\n  d: nested\n  e: [x, y]",
                                               "f:\n- item\n- k: v\n  k2: v2",
                                               "g: |\n  block text\n\n    more block",
                                               "h: >-\n  folded\n  text",
                                               "i: |+\n  kept\n",
                                               "j: 'quoted\n  still quoted'",
                                               "k: \"x\n\n  y\"",
                                               "l: 'one line'",
                                               "'m': \"q\"",
                                               "# a comment",
                                               "n: x # comment",
                                               "o: x#y",
                                               "p: [1, 'two', {q: r}]",
                                               "s: {t: 1}",
                                               "{u}: v",
                                               "",
                                               "w: plain\n  continued\n\n  more",
                                               "x: 2023-01-05",
                                               "y: 2023-02-30",
                                               "z: caf\xC3\xA9",
                                               "\xC3\xA9: v",
                                               "aa: \"a \\\"b\\\" #c\"",
                                               "ab: a -",
                                               "ac: ~",
                                               "ad: 010",
                                               "a: dup",
                                               "ae:\n  af:\n    - ag\n    - ah: ai",
                                               "aj:\n  - x\n  -\n  - y",
                                               "ak:\n    al: 1\n    am: 2",
                                               "an: \"p\\\n  q\"",
                                               "  c: nested",
                                               "  - nested item",
                                               "  continued",
                                               "plain",
                                               "  ",
                                               "? q",
                                               ": r"};
  const std::vector<std::string_view> blanks = {"\t", " \t", "\t ", "\t\t", "  \t  ", " "};
  std::mt19937 random(29);
  const auto below = [&](size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(random);
  };
  std::map<std::string, int> reasons;
  int with_tabs = 0;
  int with_tabs_handled = 0;
  int with_cr = 0;
  int with_cr_handled = 0;
  for (int round = 0; round < 40000; ++round) {
    const int breaks = static_cast<int>(below(10));  // 0-4: LF, 5-8: CRLF, 9: mixed or lone CR
    const bool other_tabs = below(3) == 0;
    std::string text;
    std::vector<std::string> doc_lines;
    for (size_t n = 1 + below(6); n > 0; --n) {
      const std::string_view unit = units[below(units.size())];
      for (size_t start = 0;;) {
        const size_t end = unit.find('\n', start);
        doc_lines.emplace_back(unit.substr(start, end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
      }
    }
    for (size_t n = doc_lines.size(); n > 0; --n) {
      std::string line = std::move(doc_lines[doc_lines.size() - n]);
      // Trailing blanks on a third of the lines; in one document of three, other tabs too.
      switch (below(other_tabs ? 12 : 6)) {
        case 0:
        case 1:
          line += blanks[below(blanks.size())];
          break;
        case 6:  // a tab somewhere else
          line.insert(below(line.size() + 1), "\t");
          break;
        case 7:  // after ':' or '-'
          if (const size_t colon = line.find(": "); colon != std::string::npos) {
            line[colon + 1] = '\t';
          } else if (const size_t dash = line.find("- "); dash != std::string::npos) {
            line[dash + 1] = '\t';
          }
          break;
        default:
          break;
      }
      text += line;
      if (n == 1 && below(4) == 0) break;  // no final line break
      if (breaks < 5) {
        text += '\n';
      } else if (breaks < 9) {
        text += "\r\n";
      } else {
        text += std::array<const char*, 3>{"\n", "\r\n", "\r"}[below(3)];
      }
    }
    if (below(4) == 0) {  // lines of blanks with a tab at the end
      if (!text.empty() && text.back() != '\n') text += '\n';
      for (size_t n = 1 + below(3); n > 0; --n) {
        text += blanks[below(blanks.size())];
        if (n > 1 || below(2) == 0) text += '\n';
      }
    }
    const bool tab = text.find('\t') != std::string::npos;
    const bool cr = text.find('\r') != std::string::npos;
    const std::string what = "round " + std::to_string(round);
    const bool fast = ExpectSameAsLibyaml(text, what);
    if (!fast) {
      const char* reason = nullptr;
      (void)internal::LoadYamlFast(text, &reason);
      ++reasons[reason == nullptr ? "?" : reason];
    }
    with_tabs += tab;
    with_tabs_handled += tab && fast;
    with_cr += cr;
    with_cr_handled += cr && fast;
    ExpectLoadYamlSameAsLibyaml(text, what);
    if (HasFailure()) return;
  }
  std::printf("fast path handled %d of %d random documents with tabs, %d of %d with CR\n",
              with_tabs_handled, with_tabs, with_cr_handled, with_cr);
  for (const auto& [reason, count] : reasons)
    std::printf("  declined %d: %s\n", count, reason.c_str());
  // The new cases must be exercised, not declined.
  EXPECT_GT(with_tabs_handled * 6, with_tabs);
  EXPECT_GT(with_cr_handled * 4, with_cr);
}

}  // namespace
}  // namespace modelhub::card

namespace modelhub::card {
namespace {

// Prevalidate skips 32-byte blocks of printable ASCII and line breaks: a byte it must look at
// (a control, DEL, a tab, a CR, non-ASCII, or '%', "--", ".." starting a line) must be seen at
// every offset of a block, and the answer must stay libyaml's.
TEST(YamlFast, EveryByteThatNeedsALookIsSeenInLongLines) {
  const std::string base =
      "license: apache-2.0\n"
      "pipeline_tag: text-generation\n"
      "description: a long plain value that runs well past one block of thirty-two bytes\n"
      "tags:\n"
      "- text-generation-inference and more words to make this line long\n"
      "- second\n"
      "datasets: [one, two, three, four, five, six, seven, eight, nine]\n";
  const std::string inserts[] = {"\x01",     "\x7F",     "\t",      "\r",      "\xFF",
                                 "\xC3\xA9", "\xC2\x85", "%",       "---",     "...",
                                 "--x",      "-- ",      "\n---\n", "\n...\n", "\n%YAML 1.1\n"};
  ASSERT_TRUE(ExpectSameAsLibyaml(base, "base"));
  int checked = 0;
  for (const std::string& insert : inserts) {
    for (size_t at = 0; at <= base.size(); ++at) {
      std::string text = base;
      text.insert(at, insert);
      ExpectLoadYamlSameAsLibyaml(text, "insert at " + std::to_string(at));
      ExpectSameAsLibyaml(text, "fast, insert at " + std::to_string(at));
      ++checked;
    }
  }
  EXPECT_GT(checked, 3000);
}

// The scanners must stop at the text's end wherever it falls: a text cut at every byte of each
// construct, inside a buffer whose next bytes would change the answer if read (an indicator, a
// quote, an escape, more text), must be read as libyaml reads the cut text alone. (A padded copy
// that let At() drop its bounds check saved ~700 instructions per card but no time: card_bench.)
TEST(YamlFast, TextEndingAnywhereIsReadAsItsOwnEnd) {
  const std::string snippets[] = {
      "key: value\nlist:\n  - a\n  - b: c\n  -\n- x\n",
      "a: 'q''x'\nb: \"e\\x41\\u00e9\\U0001F600\\n\\\\\"\n'c': d\n\"e\": f\n",
      "f: [a, 'b', {c: d, e}]\ng: {}\n[x]: y\n{z}: w\n",
      "s: |-\n  text\n   more\n\nt: >+\n  folded\n  line # no comment\n\nu: |\n",
      "p: plain\n  continued # c\n\n  again\nq: a:b#c\nr: -x\nv: ?y\n",
      "k: \"multi\n  line\\\n  esc\"\nl: 'one\n\n  two'\n",
      "c: x\r\nd: [y, z]\r\ne: 'w\r\n  v'\r\n",
      "t: v\t\nu: 'w'\t# c\n",
      "a: b\n\t \n",
      "- - a\n  - b:\n    c\n- # c\n  d\n",
  };
  const std::string tails[] = {":", ": x", " #", "#", "'", "\"", "\\",   "\n  more",
                               "]", "}",   ",",  "-", " ", "\t", "\n- a"};
  int handled = 0;
  for (const std::string& snippet : snippets) {
    for (size_t cut = 0; cut <= snippet.size(); ++cut) {
      for (const std::string& tail : tails) {
        const std::string buffer = snippet.substr(0, cut) + tail;
        const std::string_view text(buffer.data(), cut);
        const std::string what = "cut at " + std::to_string(cut) + " before '" + tail + "'";
        handled += ExpectSameAsLibyaml(text, what) ? 1 : 0;
        ExpectLoadYamlSameAsLibyaml(text, what);
      }
    }
  }
  EXPECT_GT(handled, 3000);
}

}  // namespace
}  // namespace modelhub::card
