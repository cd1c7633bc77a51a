// Query strings and application/x-www-form-urlencoded bodies as an ordered multi-map.
//
// Follows spec/hub-api.md §1 "Query encoding": keys and values are percent-decoded with '+' as
// space, `key[]` is the same key as `key` (clients send both `expand=` and `expand[]=`), and
// booleans arrive as true/True/1 or false/False/0. Immutable after parsing; safe to share.
#ifndef MODELHUB_SERVER_HTTP_QUERY_H_
#define MODELHUB_SERVER_HTTP_QUERY_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modelhub/core/result.h"

namespace modelhub::server::http {

class QueryParams {
 public:
  QueryParams() = default;

  // Parses "a=1&b=x+y&expand[]=c" (no leading '?'). A pair without '=' has the value "".
  // BadRequest on a malformed percent escape.
  static core::Result<QueryParams> Parse(std::string_view text);
  // Parses an application/x-www-form-urlencoded body; same format and errors as Parse.
  static core::Result<QueryParams> ParseForm(std::string_view body) { return Parse(body); }

  // The first value of `key`, or nullopt.
  std::optional<std::string_view> Get(std::string_view key) const;
  // Every value of `key` in order of appearance.
  std::vector<std::string_view> GetAll(std::string_view key) const;
  bool Has(std::string_view key) const { return Get(key).has_value(); }
  // The first value of `key` read as a boolean (true/false/1/0 in any case; an empty value, as in
  // "?full", is true); `fallback` when absent; BadRequest for any other value.
  core::Result<bool> GetBool(std::string_view key, bool fallback) const;

  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace modelhub::server::http

#endif  // MODELHUB_SERVER_HTTP_QUERY_H_
