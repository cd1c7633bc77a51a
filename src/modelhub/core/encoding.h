// Byte encodings used on the wire: hex, base64, percent-encoding of URL parts.
#ifndef MODELHUB_CORE_ENCODING_H_
#define MODELHUB_CORE_ENCODING_H_

#include <optional>
#include <string>
#include <string_view>

namespace modelhub::core {

std::string HexEncode(std::string_view bytes);
// nullopt on odd length or a non-hex digit.
std::optional<std::string> HexDecode(std::string_view hex);

std::string Base64Encode(std::string_view bytes);
// Standard alphabet with padding; also accepts missing padding. nullopt on invalid input.
std::optional<std::string> Base64Decode(std::string_view text);

// Decodes %XX escapes (and '+' as space when `plus_is_space`, for form bodies and query strings).
// nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space = false);

// Escapes everything but unreserved characters (RFC 3986) and, when `keep_slash`, '/'.
std::string PercentEncode(std::string_view text, bool keep_slash = false);

}  // namespace modelhub::core

#endif  // MODELHUB_CORE_ENCODING_H_
