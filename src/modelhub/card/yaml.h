// A YAML loader that gives what PyYAML's yaml.safe_load gives (the parser behind huggingface_hub's
// ModelCard and metadata_load), as JSON, plus where things are in the source for lint.
//
// A hand-written scanner takes the YAML most front matter uses (internal/yaml_fast.h) and libyaml
// everything else, both feeding one composer that composes and constructs like PyYAML's
// SafeLoader: YAML 1.1 implicit scalars (yes/no/on/off, octal, sexagesimal, underscores, dates),
// anchors and aliases, merge keys, duplicate keys (the last wins), one document only. Errors carry
// 1-based line and column. Values JSON cannot hold are mapped: dates and datetimes become ISO-8601
// strings, non-string keys become the strings json.dumps writes, sets become lists of their keys.
// Pure and thread-safe.
#ifndef MODELHUB_CARD_YAML_H_
#define MODELHUB_CARD_YAML_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace modelhub::card {

struct YamlError {
  std::string kind;  // ScannerError, ParserError, ComposerError, ConstructorError, ValueError, ...
  std::string message;
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;

  // "ScannerError at line 3, column 1: while scanning a simple key: could not find expected ':'"
  std::string ToString() const;
};

// A place in the YAML source; `path` is a JSON pointer into the loaded value.
struct YamlLocation {
  std::string path;
  int line = 0;
  int column = 0;
};

// A plain scalar that YAML 1.1 turned into something other than the string its author probably
// meant (`no` -> false, `010` -> 8, `3.10` -> 3.1, `12:30` -> 750, `2023-01-05` -> a date).
struct YamlCoercion {
  YamlLocation location;
  std::string raw;
  nlohmann::json value;
};

struct YamlDocument {
  nlohmann::json value;                      // null for an empty stream
  std::vector<YamlLocation> keys;            // every mapping key (first occurrence), document order
  std::vector<YamlLocation> duplicate_keys;  // later occurrences of a key in the same mapping
  std::vector<YamlCoercion> coercions;

  // Line of the key at `path` or of its nearest located ancestor; 0 if none.
  int LineOf(std::string_view path) const;
};

struct YamlLoad {
  std::optional<YamlDocument> document;
  YamlError error;  // meaningful when !ok()
  bool ok() const { return document.has_value(); }
};

// Loads one YAML document. Limits keep hostile input bounded: nesting deeper than 256 levels or
// more than 1,000,000 nodes after alias expansion is an error (PyYAML would hit its recursion
// limit or build a shared object graph instead).
YamlLoad LoadYaml(std::string_view yaml);

// Escapes a mapping key for use as one JSON pointer segment ("~" -> "~0", "/" -> "~1").
std::string JsonPointerSegment(std::string_view key);
// The same, appended to `out` (building a path without temporaries).
void AppendJsonPointerSegment(std::string_view key, std::string* out);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_YAML_H_
