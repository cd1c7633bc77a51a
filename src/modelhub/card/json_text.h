// JSON text helpers for reports written as compact text (inspect.h's InspectCardJson).
#ifndef MODELHUB_CARD_JSON_TEXT_H_
#define MODELHUB_CARD_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace modelhub::card {

// `compact` (valid JSON without whitespace between tokens, as nlohmann's dump() writes it)
// indented as nlohmann's dump(indent) would: one member or item per line, ": " after keys, empty
// objects and arrays kept as "{}" and "[]". Strings are copied as they are. Reindenting the
// compact text is what lets `inspect --json` print the report without building its DOM.
std::string IndentJson(std::string_view compact, int indent);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_JSON_TEXT_H_
