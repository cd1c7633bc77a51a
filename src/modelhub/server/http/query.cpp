#include "modelhub/server/http/query.h"

#include "modelhub/core/encoding.h"

namespace modelhub::server::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

}  // namespace

core::Result<QueryParams> QueryParams::Parse(std::string_view text) {
  QueryParams params;
  while (!text.empty()) {
    const size_t end = text.find('&');
    const std::string_view pair = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    std::optional<std::string> key = core::PercentDecode(pair.substr(0, equals), true);
    std::optional<std::string> value = equals == std::string_view::npos
                                           ? std::string()
                                           : core::PercentDecode(pair.substr(equals + 1), true);
    if (!key || !value) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "Malformed percent-encoding in query parameter");
    }
    // PHP-style list keys ("expand[]") are the same list as repeated plain keys.
    if (key->size() > 2 && key->ends_with("[]")) key->resize(key->size() - 2);
    params.pairs_.emplace_back(std::move(*key), std::move(*value));
  }
  return params;
}

std::optional<std::string_view> QueryParams::Get(std::string_view key) const {
  for (const auto& [name, value] : pairs_) {
    if (name == key) return std::string_view(value);
  }
  return std::nullopt;
}

std::vector<std::string_view> QueryParams::GetAll(std::string_view key) const {
  std::vector<std::string_view> values;
  for (const auto& [name, value] : pairs_) {
    if (name == key) values.emplace_back(value);
  }
  return values;
}

core::Result<bool> QueryParams::GetBool(std::string_view key, bool fallback) const {
  const std::optional<std::string_view> value = Get(key);
  if (!value) return fallback;
  if (value->empty() || *value == "1" || EqualsIgnoreCase(*value, "true")) return true;
  if (*value == "0" || EqualsIgnoreCase(*value, "false")) return false;
  return core::Unexpected(core::ErrorCode::kBadRequest,
                          "Query parameter '" + std::string(key) + "' must be true or false");
}

}  // namespace modelhub::server::http
