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

// Every scan this CPU can take (an AVX-512 machine tests all three).
constexpr PhraseSet::Path kPaths[] = {PhraseSet::Path::kAvx512, PhraseSet::Path::kAvx2,
                                      PhraseSet::Path::kScalar};

void ExpectSameAsFind(const PhraseSet& set, std::string_view text,
                      const std::vector<std::string_view>& phrases = kPhrases) {
  std::vector<size_t> first;
  set.FindFirst(text, &first);
  ASSERT_EQ(first.size(), phrases.size());
  for (size_t i = 0; i < phrases.size(); ++i) {
    EXPECT_EQ(first[i], text.find(phrases[i]))
        << "phrase '" << phrases[i] << "' in '" << text << "'";
  }
  for (const PhraseSet::Path path : kPaths) {
    if (!PhraseSet::Supported(path)) continue;
    set.FindFirst(text, &first, path);
    ASSERT_EQ(first.size(), phrases.size());
    for (size_t i = 0; i < phrases.size(); ++i) {
      EXPECT_EQ(first[i], text.find(phrases[i]))
          << "path " << static_cast<int>(path) << ", phrase '" << phrases[i] << "' in '" << text
          << "'";
    }
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

TEST(PhraseSet, ThePathsThisCpuHas) {
  EXPECT_TRUE(PhraseSet::Supported(PhraseSet::Path::kScalar));
  // An AVX-512 CPU has AVX2.
  if (PhraseSet::Supported(PhraseSet::Path::kAvx512)) {
    EXPECT_TRUE(PhraseSet::Supported(PhraseSet::Path::kAvx2));
  }
}

// Many phrases, so that all 16 buckets hold anchors, some of them common four-byte sequences
// ("tion", " the") the anchors avoid where they can, and two three-byte phrases.
const std::vector<std::string_view> kMany = {"prompt format",
                                             "prompt template",
                                             "chat template",
                                             "more information needed",
                                             "fine-tuned version of",
                                             "finetuned from",
                                             "the model",
                                             "tion",
                                             " the ",
                                             "of the",
                                             "quantized version of",
                                             "lora adapter",
                                             "adapter for",
                                             "billion parameters",
                                             "-shot",
                                             " shot",
                                             "zero-shot",
                                             "test split",
                                             "evaluated on the test",
                                             "user:",
                                             "gguf",
                                             "int8",
                                             "4-bit",
                                             "8bit",
                                             "exl2",
                                             "[inst]",
                                             "<|user|>",
                                             "### instruction",
                                             "### human",
                                             "proprietary",
                                             "undisclosed",
                                             "may produce hallucinations",
                                             "users should be made aware",
                                             "awq",
                                             "co2",
                                             "bitsandbytes",
                                             "trust_remote_code",
                                             "lm_eval",
                                             "information",
                                             "formation",
                                             "form",
                                             "\xC3\xA9t\xC3\xA9"};

// Random texts of pieces of `phrases` (whole, halved) and filler, `rounds` of them.
void ExpectSameAsFindInRandomTexts(const std::vector<std::string_view>& phrases, int rounds) {
  const PhraseSet set(phrases);
  std::mt19937 random(17);
  std::vector<std::string_view> pieces = {" ", "\n", "a", "e", "t", "o", "-", "_", "\xC3\xA9"};
  for (std::string_view p : phrases) {
    pieces.push_back(p);
    pieces.push_back(p.substr(0, p.size() / 2));
    pieces.push_back(p.substr(p.size() / 2));
  }
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<size_t> count(0, 120);
  for (int round = 0; round < rounds; ++round) {
    std::string text;
    for (size_t n = count(random); n > 0; --n) text += pieces[pick(random)];
    ExpectSameAsFind(set, text, phrases);
  }
}

TEST(PhraseSet, ManyPhrasesInRandomTexts) { ExpectSameAsFindInRandomTexts(kMany, 3000); }

// Without three-byte phrases the last bucket holds four-byte anchors like the others.
TEST(PhraseSet, NoThreeBytePhrases) {
  std::vector<std::string_view> phrases;
  for (std::string_view p : kMany) {
    if (p.size() > 3) phrases.push_back(p);
  }
  ExpectSameAsFindInRandomTexts(phrases, 1000);
}

// Only three-byte phrases, sharing their bucket (and bytes: "aab", "aba").
TEST(PhraseSet, OnlyThreeBytePhrases) {
  ExpectSameAsFindInRandomTexts({"awq", "co2", "aab", "aba", "b a", "\xC3\xA9t"}, 1000);
}

// ASCII phrases take the scan that reads the low nibbles of the first three bytes unmasked:
// bytes from 0x80 must still be no anchor's, and may follow a three-byte phrase.
TEST(PhraseSet, AsciiPhrasesAmongBytesFrom0x80) {
  std::vector<std::string_view> phrases;
  for (std::string_view p : kMany) {
    if (p.find('\xC3') == std::string_view::npos) phrases.push_back(p);
  }
  ExpectSameAsFindInRandomTexts(phrases, 1000);
  const PhraseSet set(phrases);
  for (size_t pad = 0; pad < 40; ++pad) {
    const std::string filler(pad, '\xC3');
    ExpectSameAsFind(set, filler + "awq\xC3\x81" + filler, phrases);
    ExpectSameAsFind(set, filler + "gguf\xFF" + filler + "co2\x80", phrases);
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
    for (const PhraseSet::Path path : kPaths) {
      EXPECT_EQ(set.ContainsAny(text, path), expected) << static_cast<int>(path) << " " << text;
    }
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
