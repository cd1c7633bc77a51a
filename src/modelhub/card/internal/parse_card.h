// ParseCard for the inspect report: the same Card, except that Card::yaml.keys holds the root
// mapping's keys only (duplicate keys and coercions stay complete) and, with `body_in_text`, that
// Card::front.body stays empty and the body lines point into `text`, which must then outlive the
// card's use. Card::KeyLine, the only reader of key locations among the analyses, asks for
// top-level keys alone, and a location path per nested key was ~10 allocations per card; the
// body's copy was ~2% of inspect (card_bench).
#ifndef MODELHUB_CARD_INTERNAL_PARSE_CARD_H_
#define MODELHUB_CARD_INTERNAL_PARSE_CARD_H_

#include <optional>
#include <string_view>

#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/model_card.h"

namespace modelhub::card::internal {

void ParseCard(std::string_view text, Card* card, std::optional<CardKind> kind,
               KeyLocations locations, bool body_in_text = false);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_PARSE_CARD_H_
