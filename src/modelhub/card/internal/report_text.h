// What lint and trust find, as the inspect path keeps it until the report writer: the text of a
// finding or signal is a view when it is a literal or lives in the card (a section title), and
// owns its bytes only when built for this card. The public Finding and TrustSignal hold
// std::strings; building them was ~36 of the 121 allocations per card, most for literal text
// (card_bench). Lint() and AssessTrust() convert these to the public types.
#ifndef MODELHUB_CARD_INTERNAL_REPORT_TEXT_H_
#define MODELHUB_CARD_INTERNAL_REPORT_TEXT_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modelhub/card/lineage.h"
#include "modelhub/card/lint.h"
#include "modelhub/card/model_card.h"
#include "modelhub/card/model_index.h"
#include "modelhub/card/trust.h"

namespace modelhub::card::internal {

class ReportText {
 public:
  ReportText() = default;
  // A literal (or a choice between literals): viewed, never copied.
  ReportText(const char* literal) : view_(literal), static_(true) {}  // NOLINT: implicit
  // Text built for this card: owned (an empty one reads the same as an empty view).
  ReportText(std::string text) : owned_(std::move(text)) {}  // NOLINT: implicit on purpose
  // Text of the card being inspected (a section title): viewed.
  static ReportText View(std::string_view text) {
    ReportText t;
    t.view_ = text;
    return t;
  }
  // Text with static storage that never changes (a table built once): viewed.
  static ReportText Static(std::string_view text) {
    ReportText t = View(text);
    t.static_ = true;
    return t;
  }

  // Moves leave the owned string alone when it is empty, as it is for literals and views: a
  // moved std::string copies its small buffer with a memcpy call, six per finding (card_bench).
  ReportText(ReportText&& other) noexcept : view_(other.view_), static_(other.static_) {
    if (!other.owned_.empty()) owned_ = std::move(other.owned_);
  }
  ReportText& operator=(ReportText&& other) noexcept {
    view_ = other.view_;
    static_ = other.static_;
    if (other.owned_.empty()) {
      owned_.clear();
    } else {
      owned_ = std::move(other.owned_);
    }
    return *this;
  }
  ReportText(const ReportText&) = default;
  ReportText& operator=(const ReportText&) = default;
  ~ReportText() = default;

  std::string_view view() const { return owned_.empty() ? view_ : std::string_view(owned_); }
  std::string str() const { return std::string(view()); }
  // Whether the text is static, so that its address identifies it for the life of the process
  // (the report writer caches the JSON of such texts by address).
  bool is_static() const { return static_; }

 private:
  std::string_view view_;
  std::string owned_;
  bool static_ = false;
};

struct FindingData {
  ReportText id;
  Severity severity = Severity::kWarning;
  ReportText message;
  int line = 0;
  ReportText fix;
};

struct EvidenceData {
  int line = 0;
  ReportText quote;
};

struct SignalData {
  ReportText id;
  int points = 0;
  int max_points = 0;
  ReportText finding;
  // No signal quotes more than two places: in place, not a vector per signal.
  std::array<EvidenceData, 2> evidence;
  size_t evidence_count = 0;

  void AddEvidence(int line, ReportText quote) {
    evidence[evidence_count++] = EvidenceData{line, std::move(quote)};
  }
};

// The ten signals of trust.h, in its order; in place, as the inspection lives on the stack.
struct TrustData {
  std::array<SignalData, 10> signals;
  int score = 0;
};

struct TopLevelKeys;  // card_facts.h

// Lint() without the conversion: the findings sorted by line (stable). `keys` are the card's
// TopLevelKeys, when the caller has them (an inspection shares them with trust).
void LintInto(const Card& card, const ModelIndex& model_index, std::vector<FindingData>* out);
void LintInto(const Card& card, const ModelIndex& model_index, const TopLevelKeys& keys,
              std::vector<FindingData>* out);
std::vector<Finding> ToFindings(const std::vector<FindingData>& findings);

// AssessTrust() without the conversion.
TrustData AssessTrustData(const Card& card, const ModelIndex& model_index,
                          const std::optional<CardHistory>& history);
TrustData AssessTrustData(const Card& card, const ModelIndex& model_index, const TopLevelKeys& keys,
                          const std::optional<CardHistory>& history);
TrustReport ToTrustReport(const TrustData& data);

// TraceLineage with the card's TopLevelKeys, which inspect finds once for lineage, lint and
// trust (card_bench: a second TopLevelKeys was ~160 instructions per card).
Lineage TraceLineage(const TopLevelKeys& keys, std::string_view self, CardResolver* resolver,
                     const std::vector<std::string>& repo_files);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_REPORT_TEXT_H_
