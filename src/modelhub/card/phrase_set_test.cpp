// PhraseSet::FindFirst must give, for every phrase, what std::string_view::find gives: its
// vectorised scan, hashed filter and anchor checks are only shortcuts to that answer.
#include "modelhub/card/internal/phrase_set.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace modelhub::card::internal {
namespace {

const std::vector<std::string_view> kPhrases = {"awq",
                                                "gguf",
                                                "user:",
                                                "-shot",
                                                " shot",
                                                "few-shot",
                                                "int8",
                                                "<|user|>",
                                                "### instruction",
                                                "prompt format",
                                                "prompt template",
                                                "4-bit",
                                                "exl2",
                                                "more information needed",
                                                "trust_remote_code",
                                                "aaa",
                                                "aab",
                                                "abab",
                                                "\xC3\xA9t\xC3\xA9"};

void ExpectSameAsFind(const PhraseSet& set, std::string_view text) {
  std::vector<size_t> first;
  set.FindFirst(text, &first);
  ASSERT_EQ(first.size(), kPhrases.size());
  for (size_t i = 0; i < kPhrases.size(); ++i) {
    EXPECT_EQ(first[i], text.find(kPhrases[i]))
        << "phrase '" << kPhrases[i] << "' in '" << text << "'";
  }
}

TEST(PhraseSet, FirstOccurrencesOfRandomTextsAreFindsAnswers) {
  const PhraseSet set(kPhrases);
  std::mt19937 random(11);
  // Pieces of the phrases among filler, so that phrases occur, overlap, repeat and are cut at
  // block edges (the scan reads 32 positions at a time and the text's last two bytes alone).
  const std::vector<std::string_view> pieces = {
      "a",  "b",  " ", "\n",  "sh", "ot", "-",  "user",     ":", "gg",
      "uf", "aw", "q", "int", "8",  "<|", "|>", "\xC3\xA9", "t", "more information need",
      "ed"};
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<size_t> count(0, 60);
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    for (size_t n = count(random); n > 0; --n) text += pieces[pick(random)];
    ExpectSameAsFind(set, text);
  }
}

TEST(PhraseSet, PhrasesAtTheEdgesOfTheText) {
  const PhraseSet set(kPhrases);
  for (size_t pad = 0; pad < 70; ++pad) {
    const std::string filler(pad, 'x');
    ExpectSameAsFind(set, "awq" + filler);
    ExpectSameAsFind(set, filler + "awq");
    ExpectSameAsFind(set, filler + "gguf" + filler + "gguf");
    ExpectSameAsFind(set, filler + "more information needed");
    ExpectSameAsFind(set, filler + "aw");  // cut short
  }
  ExpectSameAsFind(set, "");
  ExpectSameAsFind(set, "aw");
}

TEST(PhraseSet, ContainsAnyIsWhetherSomePhraseOccurs) {
  const PhraseSet set(kPhrases);
  std::mt19937 random(5);
  std::uniform_int_distribution<int> byte('a', 'z' + 3);
  for (int round = 0; round < 2000; ++round) {
    std::string text(static_cast<size_t>(round % 90), ' ');
    for (char& c : text) c = static_cast<char>(byte(random) > 'z' ? ' ' : byte(random));
    if (round % 3 == 0) text.insert(text.size() / 2, kPhrases[round % kPhrases.size()]);
    bool expected = false;
    for (std::string_view p : kPhrases) expected = expected || text.find(p) != std::string::npos;
    EXPECT_EQ(set.ContainsAny(text), expected) << text;
  }
  EXPECT_FALSE(set.ContainsAny("GGUF"));  // byte for byte: the text is not lower-cased
}

TEST(PhraseSet, IndexOfIgnoresCase) {
  const PhraseSet set(kPhrases);
  EXPECT_EQ(set.IndexOf("GGUF"), 1);
  EXPECT_EQ(set.IndexOf("user:"), 2);
  EXPECT_EQ(set.IndexOf("nothing"), -1);
}

}  // namespace
}  // namespace modelhub::card::internal
