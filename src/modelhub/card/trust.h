// Trust signals: what a careful reader checks before believing a card, each with its evidence
// (file line and quoted text), and a 0-100 score that is the plain sum of the signals' points.
//
// Points (the documented sum; README.md repeats this table):
//   model-index        15  structured model-index that huggingface_hub can read
//   eval-config        10  evaluation setup stated (split, shot count or harness)
//   verified           10  at least one result carries a Hub verifyToken (self-reported: 0)
//   benchmark-breadth   5  more than MT-Bench alone (0 when MT-Bench is the only benchmark
//                          or there are no results)
//   plausible-numbers  10  no score far above what the model's size class reaches
//   limitations        15  specific limitations (5 when only boilerplate, 0 when absent)
//   training-data      10  training data described (3 when only "proprietary"/"undisclosed")
//   code-example       10  a code block that loads or runs the model
//   standard-loading   10  loads with standard Auto* classes (3 when trust_remote_code)
//   card-updated        5  card changed after the first release (needs commit dates; else 0)
// Pure and thread-safe.
#ifndef MODELHUB_CARD_TRUST_H_
#define MODELHUB_CARD_TRUST_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/card/model_card.h"
#include "modelhub/card/model_index.h"

namespace modelhub::card {

struct Evidence {
  int line = 0;
  std::string quote;
};

struct TrustSignal {
  std::string id;
  int points = 0;
  int max_points = 0;
  std::string finding;  // what was found, in words
  std::vector<Evidence> evidence;
};

struct TrustReport {
  std::vector<TrustSignal> signals;
  int score = 0;  // sum of points, 0..100
};

// Optional history of README.md: ISO-8601 dates of its first and last commit.
struct CardHistory {
  std::string first_commit;
  std::string last_commit;
};

TrustReport AssessTrust(const Card& card, const ModelIndex& model_index,
                        const std::optional<CardHistory>& history = std::nullopt);

nlohmann::json TrustToJson(const TrustReport& report);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_TRUST_H_
