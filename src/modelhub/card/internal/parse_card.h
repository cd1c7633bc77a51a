// ParseCard for the inspect report: the same Card, except that Card::yaml.keys holds the root
// mapping's keys only (duplicate keys and coercions stay complete). Card::KeyLine, the only
// reader of key locations among the analyses, asks for top-level keys alone, and a location
// path per nested key was ~10 allocations per card (card_bench).
#ifndef MODELHUB_CARD_INTERNAL_PARSE_CARD_H_
#define MODELHUB_CARD_INTERNAL_PARSE_CARD_H_

#include <optional>
#include <string_view>

#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/model_card.h"

namespace modelhub::card::internal {

void ParseCard(std::string_view text, Card* card, std::optional<CardKind> kind,
               KeyLocations locations);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_PARSE_CARD_H_
