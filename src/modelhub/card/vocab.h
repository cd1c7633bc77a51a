// The Hub's controlled vocabularies (pipeline tags, library names, licenses) and lookups with
// "did you mean" suggestions. The data is compiled in (vocab_data.cpp); no I/O. Thread-safe.
#ifndef MODELHUB_CARD_VOCAB_H_
#define MODELHUB_CARD_VOCAB_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelhub::card {

// Coarse license classes, ordered from least to most restrictive for lineage checks; kOther
// (custom, `unknown`, no-derivatives) is not ordered.
enum class LicenseClass { kPermissive, kCopyleft, kCommunityRestricted, kNonCommercial, kOther };
enum class Commercial { kYes, kConditional, kNo, kUnknown };

std::string_view LicenseClassName(LicenseClass c);  // "permissive", "non-commercial", ...
std::string_view CommercialName(Commercial c);      // "yes", "conditional", "no", "unknown"

struct LicenseInfo {
  std::string_view id;
  LicenseClass license_class;
  Commercial commercial;
};

std::optional<LicenseInfo> FindLicense(std::string_view id);  // exact, case-sensitive as the Hub
bool IsPipelineTag(std::string_view tag);
// Tags the Hub still shows on old cards but no longer lists (text2text-generation, ...).
bool IsLegacyPipelineTag(std::string_view tag);
bool IsLibrary(std::string_view name);

enum class Vocabulary { kPipelineTag, kLibrary, kLicense };
// The nearest valid value (case-insensitive match first, then edit distance <= 3 or a prefix
// match); nullopt when nothing is close.
std::optional<std::string> Suggest(Vocabulary vocabulary, std::string_view value);

namespace internal {
const std::vector<std::string_view>& PipelineTagList();
const std::vector<std::string_view>& LibraryList();
const std::vector<LicenseInfo>& LicenseList();
}  // namespace internal

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_VOCAB_H_
