#include "modelhub/card/vocab.h"

#include <algorithm>

#include "modelhub/card/internal/text.h"

namespace modelhub::card {

std::string_view LicenseClassName(LicenseClass c) {
  switch (c) {
    case LicenseClass::kPermissive:
      return "permissive";
    case LicenseClass::kCopyleft:
      return "copyleft";
    case LicenseClass::kCommunityRestricted:
      return "community-restricted";
    case LicenseClass::kNonCommercial:
      return "non-commercial";
    case LicenseClass::kOther:
      return "other";
  }
  return "other";
}

std::string_view CommercialName(Commercial c) {
  switch (c) {
    case Commercial::kYes:
      return "yes";
    case Commercial::kConditional:
      return "conditional";
    case Commercial::kNo:
      return "no";
    case Commercial::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<LicenseInfo> FindLicense(std::string_view id) {
  for (const LicenseInfo& info : internal::LicenseList()) {
    if (info.id == id) return info;
  }
  return std::nullopt;
}

bool IsPipelineTag(std::string_view tag) {
  const auto& tags = internal::PipelineTagList();
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

bool IsLegacyPipelineTag(std::string_view tag) {
  return tag == "text2text-generation" || tag == "conversational" || tag == "audio-to-text" ||
         tag == "image-to-3d" || tag == "sentence-embeddings";
}

bool IsLibrary(std::string_view name) {
  const auto& libraries = internal::LibraryList();
  return std::find(libraries.begin(), libraries.end(), name) != libraries.end();
}

std::optional<std::string> Suggest(Vocabulary vocabulary, std::string_view value) {
  std::vector<std::string_view> candidates;
  switch (vocabulary) {
    case Vocabulary::kPipelineTag:
      candidates = internal::PipelineTagList();
      break;
    case Vocabulary::kLibrary:
      candidates = internal::LibraryList();
      break;
    case Vocabulary::kLicense:
      for (const LicenseInfo& info : internal::LicenseList()) candidates.push_back(info.id);
      break;
  }
  const std::string lower = internal::ToLower(internal::Trim(value));
  std::string normalized = lower;
  std::replace(normalized.begin(), normalized.end(), '_', '-');
  std::replace(normalized.begin(), normalized.end(), ' ', '-');
  for (std::string_view c : candidates) {
    if (c == lower || c == normalized) return std::string(c);
  }
  std::optional<std::string> best;
  int best_distance = 4;
  for (std::string_view c : candidates) {
    // The edit distance is at least the length difference: skip what cannot win (card_bench:
    // the full distance to every candidate was ~4% of inspect).
    const size_t gap =
        c.size() > normalized.size() ? c.size() - normalized.size() : normalized.size() - c.size();
    if (gap >= static_cast<size_t>(best_distance)) continue;
    const int d = internal::EditDistance(normalized, c, best_distance);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  if (best) return best;
  for (std::string_view c : candidates) {
    if (normalized.size() >= 3 && internal::StartsWith(c, normalized)) return std::string(c);
  }
  return std::nullopt;
}

}  // namespace modelhub::card
