#include "modelhub/card/vocab.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "modelhub/card/internal/test_paths.h"
#include "modelhub/card/internal/text.h"

namespace modelhub::card {
namespace {

std::vector<std::string> Lines(const std::filesystem::path& path) {
  std::vector<std::string> out;
  std::istringstream in(testing::ReadFile(path));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

TEST(Vocab, MatchesSharedVocabularies) {
  const auto dir = testing::SharedDir() / "spec/vocab";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " not found; vocab check skipped";
  const auto tags = Lines(dir / "pipeline_tags.txt");
  ASSERT_EQ(tags.size(), internal::PipelineTagList().size());
  for (size_t i = 0; i < tags.size(); ++i) EXPECT_EQ(tags[i], internal::PipelineTagList()[i]);
  const auto libraries = Lines(dir / "libraries.txt");
  ASSERT_EQ(libraries.size(), internal::LibraryList().size());
  for (const auto& l : libraries) EXPECT_TRUE(IsLibrary(l)) << l;
  const auto licenses = Lines(dir / "licenses.txt");
  ASSERT_EQ(licenses.size(), internal::LicenseList().size());
  for (const auto& line : licenses) {
    std::istringstream fields(line);
    std::string id, license_class, commercial;
    std::getline(fields, id, '\t');
    std::getline(fields, license_class, '\t');
    std::getline(fields, commercial, '\t');
    const auto info = FindLicense(id);
    ASSERT_TRUE(info.has_value()) << id;
    EXPECT_EQ(LicenseClassName(info->license_class), license_class) << id;
    EXPECT_EQ(CommercialName(info->commercial), commercial) << id;
  }
}

TEST(Vocab, Lookups) {
  EXPECT_TRUE(IsPipelineTag("text-generation"));
  EXPECT_FALSE(IsPipelineTag("text2text-generation"));
  EXPECT_TRUE(IsLegacyPipelineTag("text2text-generation"));
  EXPECT_TRUE(IsLibrary("transformers"));
  EXPECT_EQ(FindLicense("llama3.2")->license_class, LicenseClass::kCommunityRestricted);
  EXPECT_EQ(FindLicense("cc-by-nc-4.0")->commercial, Commercial::kNo);
  EXPECT_FALSE(FindLicense("Apache-2.0").has_value());
}

// The indexed lookups find every listed word (a license at its first listing) and nothing else:
// not a word with a byte changed, cut or extended, nor the empty string.
TEST(Vocab, LookupsAgreeWithTheLists) {
  const auto near_misses = [](std::string_view w) {
    std::vector<std::string> out = {std::string(w) + "x", std::string(w.substr(1)),
                                    std::string(w.substr(0, w.size() - 1)), ""};
    for (size_t i = 0; i < w.size(); ++i) {
      std::string changed(w);
      changed[i] = changed[i] == 'q' ? 'z' : 'q';
      out.push_back(changed);
    }
    return out;
  };
  const auto& tags = internal::PipelineTagList();
  const auto& libraries = internal::LibraryList();
  const auto& licenses = internal::LicenseList();
  const auto listed = [](const auto& list, std::string_view w) {
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  std::vector<std::string_view> license_ids;
  for (const LicenseInfo& info : licenses) license_ids.push_back(info.id);
  for (std::string_view w : tags) EXPECT_TRUE(IsPipelineTag(w)) << w;
  for (std::string_view w : libraries) EXPECT_TRUE(IsLibrary(w)) << w;
  for (const LicenseInfo& info : licenses) {
    const auto first = std::find_if(licenses.begin(), licenses.end(),
                                    [&](const LicenseInfo& l) { return l.id == info.id; });
    const auto found = FindLicense(info.id);
    ASSERT_TRUE(found.has_value()) << info.id;
    EXPECT_EQ(found->license_class, first->license_class) << info.id;
    EXPECT_EQ(found->commercial, first->commercial) << info.id;
  }
  const std::vector<std::string_view>* lists[] = {&tags, &libraries, &license_ids};
  for (const auto* list : lists) {
    for (std::string_view w : *list) {
      for (const std::string& miss : near_misses(w)) {
        EXPECT_EQ(IsPipelineTag(miss), listed(tags, miss)) << miss;
        EXPECT_EQ(IsLibrary(miss), listed(libraries, miss)) << miss;
        EXPECT_EQ(FindLicense(miss).has_value(), listed(license_ids, miss)) << miss;
      }
    }
  }
}

TEST(Vocab, Suggestions) {
  EXPECT_EQ(Suggest(Vocabulary::kLicense, "Apache-2.0"), "apache-2.0");
  EXPECT_EQ(Suggest(Vocabulary::kLicense, "apache2.0"), "apache-2.0");
  EXPECT_EQ(Suggest(Vocabulary::kPipelineTag, "text_classification"), "text-classification");
  EXPECT_EQ(Suggest(Vocabulary::kPipelineTag, "text-generaton"), "text-generation");
  EXPECT_EQ(Suggest(Vocabulary::kLibrary, "Transformers"), "transformers");
  EXPECT_EQ(Suggest(Vocabulary::kLibrary, "zzzzzzzzzzzz"), std::nullopt);
}

}  // namespace
}  // namespace modelhub::card
