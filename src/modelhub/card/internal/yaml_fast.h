// A hand-written scanner for the YAML subset nearly all card front matter uses, feeding the same
// YamlComposer that LoadYaml feeds from libyaml, so values, key locations, duplicate keys and
// coercions come out identical. libyaml spends ~3 µs per parser and ~128 instructions per byte;
// this path is several times cheaper (bench/README.md, section "card").
//
// Handled: block mappings and sequences (including a sequence at its key's indentation), plain
// scalars and single- and double-quoted scalars (multi-line too, except as keys), literal and
// folded block scalars without an indentation digit, single-line flow sequences and mappings of
// scalars, comments, CRLF line breaks, and tabs in the blanks that end a line (LoadYaml's answer is
// then PyYAML's tab error, as on the libyaml path). Anything else (other tabs, a CR alone, control
// characters, anchors, aliases, tags, directives, document markers, complex keys, odd indentation,
// syntax errors) is "not handled": the caller must then use libyaml, which is always safe. Pure and
// thread-safe.
#ifndef MODELHUB_CARD_INTERNAL_YAML_FAST_H_
#define MODELHUB_CARD_INTERNAL_YAML_FAST_H_

#include <optional>
#include <string_view>

#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/yaml.h"

namespace modelhub::card::internal {

// LoadYaml's result for `yaml`, or nullopt when the fast path does not handle it; `reason`, when
// given, then names what stopped it (a static string, for tests and statistics).
std::optional<YamlLoad> LoadYamlFast(std::string_view yaml, const char** reason = nullptr,
                                     KeyLocations locations = KeyLocations::kAll);

// LoadYaml without the fast path: libyaml's events into the composer (yaml.cpp). For the
// differential test and the fuzzer.
YamlLoad LoadYamlWithLibyaml(std::string_view yaml, KeyLocations locations = KeyLocations::kAll);

// LoadYaml recording the key locations `locations` asks for (yaml.cpp).
YamlLoad LoadYaml(std::string_view yaml, KeyLocations locations);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_YAML_FAST_H_
