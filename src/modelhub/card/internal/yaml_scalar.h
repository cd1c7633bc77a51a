// PyYAML's YAML 1.1 scalar rules (yaml/resolver.py and yaml/constructor.py of PyYAML 6), written
// as hand-made matchers rather than std::regex because the card benchmark parses every scalar of
// 100,000 cards.
#ifndef MODELHUB_CARD_INTERNAL_YAML_SCALAR_H_
#define MODELHUB_CARD_INTERNAL_YAML_SCALAR_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace modelhub::card::internal {

enum class ScalarTag { kStr, kBool, kInt, kFloat, kNull, kTimestamp, kMerge, kValue, kBinary };

// The tag PyYAML's implicit resolver gives a plain (unquoted) scalar.
ScalarTag ResolvePlainScalar(std::string_view value);

// Maps a full tag ("tag:yaml.org,2002:int") to a ScalarTag; false for a tag without a scalar
// constructor in SafeConstructor.
bool ScalarTagFromName(std::string_view tag, ScalarTag* out);

// Builds the value SafeConstructor gives `value` under `tag`. Dates and datetimes become ISO-8601
// strings (Python's isoformat()); !!binary becomes its decoded text when that is UTF-8, else the
// base64 text. On failure returns false and sets `error` to the Python exception PyYAML lets
// through (for example "ValueError: day is out of range for month").
bool ConstructScalar(ScalarTag tag, std::string_view value, nlohmann::json* out,
                     std::string* error);

// The string json.dumps uses for a non-string mapping key (True -> "true", 1.5 -> "1.5").
std::string PythonKeyString(const nlohmann::json& key);

// Python's repr() of a float ("1.0", "1e+16", "inf").
std::string PythonFloatRepr(double value);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_YAML_SCALAR_H_
