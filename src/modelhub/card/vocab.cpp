#include "modelhub/card/vocab.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

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

namespace {

// A vocabulary list's words by a hash of their size and end bytes: a lookup compares the words
// of one slot (most hold none or one) instead of scanning the list (card_bench: IsLibrary's scan
// of the ~150 names was ~850 instructions per call, FindLicense's ~190). A word listed twice
// keeps its first index.
class WordIndex {
 public:
  template <typename List, typename Word>
  WordIndex(const List& list, Word word) {
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string_view w = word(list[i]);
      if (Find(w) < 0) slots_[Slot(w)].emplace_back(w, i);
    }
  }
  // The index in the list of `w`, or -1.
  ptrdiff_t Find(std::string_view w) const {
    for (const auto& [word, index] : slots_[Slot(w)]) {
      if (word == w) return static_cast<ptrdiff_t>(index);
    }
    return -1;
  }

 private:
  static size_t Slot(std::string_view w) {
    if (w.empty()) return 0;
    return (w.size() * 7 + static_cast<unsigned char>(w.front()) * 3 +
            static_cast<unsigned char>(w.back())) %
           kSlots;
  }
  static constexpr size_t kSlots = 509;
  std::array<std::vector<std::pair<std::string_view, size_t>>, kSlots> slots_;
};

}  // namespace

std::optional<LicenseInfo> FindLicense(std::string_view id) {
  static const WordIndex kIndex(internal::LicenseList(),
                                [](const LicenseInfo& info) { return info.id; });
  const ptrdiff_t i = kIndex.Find(id);
  if (i < 0) return std::nullopt;
  return internal::LicenseList()[static_cast<size_t>(i)];
}

bool IsPipelineTag(std::string_view tag) {
  static const WordIndex kIndex(internal::PipelineTagList(), [](std::string_view w) { return w; });
  return kIndex.Find(tag) >= 0;
}

bool IsLegacyPipelineTag(std::string_view tag) {
  return tag == "text2text-generation" || tag == "conversational" || tag == "audio-to-text" ||
         tag == "image-to-3d" || tag == "sentence-embeddings";
}

bool IsLibrary(std::string_view name) {
  static const WordIndex kIndex(internal::LibraryList(), [](std::string_view w) { return w; });
  return kIndex.Find(name) >= 0;
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
