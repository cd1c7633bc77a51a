// The text helpers that the card_bench work replaced multi-pass code with must give what the
// simple forms give.
#include "modelhub/card/internal/text.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "modelhub/card/model_card.h"

namespace modelhub::card::internal {
namespace {

// Random text over the bytes the helpers treat specially: line breaks, CR, letters of both
// cases, spaces and non-ASCII bytes, with lengths around the 16-byte blocks.
std::string RandomText(std::mt19937* random) {
  constexpr char kBytes[] = {'\n', '\r', 'a', 'Z',    'A',    'z',    ' ',    '@',  '[',
                             '`',  '{',  '-', '\x80', '\xC3', '\xA9', '\xFF', '\t', '0'};
  std::uniform_int_distribution<size_t> length(0, 70);
  std::uniform_int_distribution<size_t> pick(0, sizeof kBytes - 1);
  std::string text(length(*random), ' ');
  for (char& c : text) c = kBytes[pick(*random)];
  return text;
}

TEST(Text, LineStartsAndLowerMatchTheSeparatePasses) {
  std::mt19937 random(7);
  std::vector<size_t> starts;
  std::string lower;
  size_t largest = 0;
  for (int round = 0; round < 5000; ++round) {
    const std::string text = RandomText(&random);
    bool ascii = false;
    LineStartsAndLowerInto(text, &starts, &lower, &ascii);
    EXPECT_EQ(ascii, std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        << text;
    largest = std::max(largest, text.size());
    // The lower-cased text is a prefix; the buffer keeps the largest size it had.
    ASSERT_EQ(lower.size(), largest);
    ASSERT_EQ(std::string_view(lower).substr(0, text.size()), ToLower(text)) << text;
    const std::vector<std::string_view> expected = SplitLines(text);
    const BodyLines lines(text, starts);
    ASSERT_EQ(lines.size(), expected.size()) << text;
    ASSERT_EQ(starts.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(starts[i], static_cast<size_t>(expected[i].data() - text.data())) << text;
      EXPECT_EQ(lines[i], expected[i]) << text;
      EXPECT_EQ(lines[i].data(), expected[i].data()) << text;
    }
  }
}

// Every byte value in every place of a 32-byte block, and texts long enough that the per-byte
// '\n' counters of the AVX2 pass must be summed before they wrap (255 blocks).
TEST(Text, LineStartsAndLowerOfEveryByteAndOfLongTexts) {
  std::vector<size_t> starts;
  std::string lower;
  std::string every;
  for (int round = 0; round < 33; ++round) {
    for (int c = 0; c < 256; ++c) every += static_cast<char>((c + round) & 255);
  }
  for (const std::string& text : {every, std::string(9000, '\n'), std::string(8161, '\n') + "A",
                                  std::string(20000, 'Z') + "\n"}) {
    LineStartsAndLowerInto(text, &starts, &lower);
    ASSERT_EQ(std::string_view(lower).substr(0, text.size()), ToLower(text));
    const std::vector<std::string_view> expected = SplitLines(text);
    ASSERT_EQ(starts.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(starts[i], static_cast<size_t>(expected[i].data() - text.data()));
    }
  }
}

// One byte from 0x80 anywhere, in the 32-byte blocks, the 16-byte ones or the tail.
TEST(Text, LineStartsAndLowerSeesEveryHighByte) {
  std::vector<size_t> starts;
  std::string lower;
  bool ascii = false;
  LineStartsAndLowerInto("", &starts, &lower, &ascii);
  EXPECT_TRUE(ascii);
  for (size_t size = 1; size <= 100; ++size) {
    std::string text(size, 'a');
    LineStartsAndLowerInto(text, &starts, &lower, &ascii);
    EXPECT_TRUE(ascii) << size;
    for (size_t at = 0; at < size; ++at) {
      text[at] = '\xC3';
      LineStartsAndLowerInto(text, &starts, &lower, &ascii);
      EXPECT_FALSE(ascii) << size << " " << at;
      text[at] = 'a';
    }
  }
}

TEST(Text, IsValidUtf8AgreesWithValidUtf8) {
  std::mt19937 random(11);
  for (int round = 0; round < 5000; ++round) {
    const std::string text = RandomText(&random);
    EXPECT_EQ(IsValidUtf8(text), ValidUtf8(text) == text) << text;
  }
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a surrogate
}

TEST(Text, CountLineBreaksCountsEachBreakOnce) {
  std::mt19937 random(3);
  const auto simple = [](std::string_view s) {
    int count = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) ++count;
    }
    return count;
  };
  for (int round = 0; round < 5000; ++round) {
    const std::string text = RandomText(&random);
    EXPECT_EQ(CountLineBreaks(text), simple(text)) << text;
  }
  // Past the 255 blocks of 16 bytes that the vector counters hold, with and without CRs.
  for (const size_t size : {4079, 4080, 4081, 9000}) {
    std::string text(size, 'x');
    for (size_t i = 0; i < size; i += 3) text[i] = '\n';
    EXPECT_EQ(CountLineBreaks(text), simple(text));
    text[7] = '\r';
    EXPECT_EQ(CountLineBreaks(text), simple(text));
  }
}

TEST(Text, Concat) {
  EXPECT_EQ(Concat({"missing-section-", "how-to-use", ""}), "missing-section-how-to-use");
  EXPECT_EQ(Concat({}), "");
}

// Excerpt: trimmed, cut at a character boundary with "..." only when cut, invalid bytes repaired
// before and after the cut.
TEST(Text, ExcerptCutsAtACharacterAndRepairs) {
  EXPECT_EQ(Excerpt("  short \n"), "short");
  EXPECT_EQ(Excerpt(std::string(120, 'a')), std::string(120, 'a'));
  EXPECT_EQ(Excerpt(std::string(121, 'a')), std::string(120, 'a') + "...");
  // "\xC3\xA9" straddles byte 5: cut before it.
  EXPECT_EQ(Excerpt("abcd\xC3\xA9"
                    "fgh",
                    5),
            "abcd...");
  EXPECT_EQ(Excerpt("abcd\xC3\xA9"
                    "fgh",
                    6),
            "abcd\xC3\xA9...");
  EXPECT_EQ(Excerpt("a\xFF" + std::string(100, 'b'), 80),
            "a\xEF\xBF\xBD" + std::string(78, 'b') + "...");
  EXPECT_EQ(Excerpt("a\xFF"
                    "b",
                    80),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(Excerpt("", 80), "");
  EXPECT_EQ(Excerpt("abc", 0), "...");
}

// The full Levenshtein table, for EditDistance's band to be checked against.
int FullEditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
  }
  return d[a.size()][b.size()];
}

TEST(Text, EditDistanceIsExactBelowItsLimit) {
  std::mt19937 random(11);
  // Few letters, so that pairs are close; lengths on both sides of the stack row's 64.
  std::uniform_int_distribution<size_t> length(0, 12);
  std::uniform_int_distribution<int> letter(0, 2);
  const auto word = [&](size_t n) {
    std::string s(n, 'a');
    for (char& c : s) c = static_cast<char>('a' + letter(random));
    return s;
  };
  for (int round = 0; round < 4000; ++round) {
    const size_t extra = round % 50 == 0 ? 60 : 0;
    const std::string a = word(length(random) + extra);
    const std::string b = word(length(random) + (round % 100 == 0 ? 60 : 0));
    const int full = FullEditDistance(a, b);
    EXPECT_EQ(EditDistance(a, b), full) << a << " " << b;
    for (int limit = 1; limit <= 8; ++limit) {
      const int d = EditDistance(a, b, limit);
      if (full < limit) {
        EXPECT_EQ(d, full) << a << " " << b << " " << limit;
      } else {
        EXPECT_GE(d, limit) << a << " " << b << " " << limit;
      }
    }
  }
  EXPECT_EQ(EditDistance("", "abc", 2), 2);
  EXPECT_EQ(EditDistance("abc", "", 4), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting", 4), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting", 3), 3);
}

}  // namespace
}  // namespace modelhub::card::internal
