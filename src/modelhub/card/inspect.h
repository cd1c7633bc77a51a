// One call that runs every analysis on a card and gives the `modelhub card inspect --json`
// object: metadata, eval_results, sections, lint, trust, lineage (plus kind, errors and
// model_name). The server's model page and the CLI share it. Pure unless the resolver does I/O.
#ifndef MODELHUB_CARD_INSPECT_H_
#define MODELHUB_CARD_INSPECT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/card/lineage.h"
#include "modelhub/card/model_card.h"
#include "modelhub/card/trust.h"

namespace modelhub::card {

struct InspectOptions {
  std::optional<CardKind> kind;         // forced card kind; guessed when absent
  std::string repo_id;                  // the card's own repo id, when known
  std::vector<std::string> repo_files;  // file names in the repo, for relation inference
  CardResolver* resolver = nullptr;     // walks base_model beyond the card when set
  std::optional<CardHistory> history;   // README.md commit dates, for the trust signal
  std::string file;                     // reported as "file" when not empty (the CLI's path)
};

nlohmann::json InspectCard(std::string_view text, const InspectOptions& options = {});

// The same report as compact JSON text, byte-identical to
// InspectCard(text, options).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
// but written without building the DOM: what `modelhub card inspect --json` prints (indented by
// IndentJson, json_text.h) and what bench/card/card_bench measures.
std::string InspectCardJson(std::string_view text, const InspectOptions& options = {});

// InspectCardJson's text appended to `*out`: for callers that write many reports (the CLI,
// card_bench), which then allocate nothing per report once `out` has room (card_bench: the
// report's own string, a large block, made glibc consolidate its free lists every other card).
void AppendInspectCardJson(std::string_view text, const InspectOptions& options, std::string* out);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_INSPECT_H_
