#include "modelhub/search/query.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace modelhub::search {
namespace {

using core::ErrorCode;
using core::Unexpected;

Unexpected BadParam(std::string_view key, std::string_view why) {
  return Unexpected(ErrorCode::kBadRequest,
                    "Invalid query parameter '" + std::string(key) + "': " + std::string(why));
}

// Booleans arrive as true/false (httpx, JS), True/False (requests) or 1/0 (spec §1).
std::optional<bool> ParseBool(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "1") return true;
  if (lower == "false" || lower == "0") return false;
  return std::nullopt;
}

// Python maps its snake_case sort names before sending; older clients and people do not.
std::optional<SortKey> ParseSort(std::string_view text) {
  if (text == "createdAt" || text == "created_at") return SortKey::kCreatedAt;
  if (text == "downloads") return SortKey::kDownloads;
  // No per-period like counts are kept: JS's `likes30d` sorts by all likes.
  if (text == "likes" || text == "likes30d") return SortKey::kLikes;
  if (text == "num_parameters") return SortKey::kParameters;
  if (text == "mainSize") return SortKey::kSize;
  if (text == "lastModified" || text == "last_modified") return SortKey::kLastModified;
  if (text == "trendingScore" || text == "trending_score") return SortKey::kTrending;
  if (text == "id" || text == "modelId") return SortKey::kId;
  return std::nullopt;
}

// "7000000", "7M", "1.5B", "20k": counts and byte sizes with decimal suffixes (k, M, B or G, T).
std::optional<int64_t> ParseAmount(std::string_view text) {
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end == text.data() || number < 0) return std::nullopt;
  std::string_view suffix(end, text.data() + text.size() - end);
  double scale = 1;
  if (suffix == "k" || suffix == "K") {
    scale = 1e3;
  } else if (suffix == "M") {
    scale = 1e6;
  } else if (suffix == "B" || suffix == "G") {
    scale = 1e9;
  } else if (suffix == "T") {
    scale = 1e12;
  } else if (!suffix.empty()) {
    return std::nullopt;
  }
  double value = number * scale;
  if (value > 9e18) return std::nullopt;
  return static_cast<int64_t>(value);
}

// `<dataset>:<metric><op><value>[@<shots>]`, e.g. `mmlu:accuracy>=0.6@5`.
std::optional<EvalFilter> ParseEval(std::string_view text) {
  EvalFilter filter;
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  filter.dataset = text.substr(0, colon);
  std::string_view rest = text.substr(colon + 1);
  size_t op_start = rest.find_first_of("<>=");
  if (op_start == std::string_view::npos || op_start == 0) return std::nullopt;
  filter.metric = rest.substr(0, op_start);
  size_t op_length = rest.size() > op_start + 1 && rest[op_start + 1] == '=' ? 2 : 1;
  filter.op = rest.substr(op_start, op_length);
  if (filter.op == "==") filter.op = "=";
  if (filter.op == "=>" || filter.op == "=<") return std::nullopt;
  std::string_view number = rest.substr(op_start + op_length);
  size_t at = number.find('@');
  if (at != std::string_view::npos) {
    int64_t shots = 0;
    std::string_view digits = number.substr(at + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), shots);
    if (ec != std::errc() || end != digits.data() + digits.size() || shots < 0) {
      return std::nullopt;
    }
    filter.shots = shots;
    number = number.substr(0, at);
  }
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), filter.value);
  if (ec != std::errc() || end != number.data() + number.size() || number.empty()) {
    return std::nullopt;
  }
  return filter;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// The parameters beyond the Hub; false when `key` is not one of them.
core::Result<bool> ParseExtra(const std::string& key, const std::string& value,
                              CatalogQuery& query) {
  if (key == "params_min" || key == "params_max" || key == "size_min" || key == "size_max") {
    auto amount = ParseAmount(value);
    if (!amount) return BadParam(key, "expected a number with an optional k, M, B/G or T suffix");
    if (key == "params_min") query.params_min = amount;
    if (key == "params_max") query.params_max = amount;
    if (key == "size_min") query.size_min = amount;
    if (key == "size_max") query.size_max = amount;
  } else if (key == "eval") {
    auto filter = ParseEval(value);
    if (!filter) return BadParam(key, "expected <dataset>:<metric><op><value>[@<shots>]");
    query.evals.push_back(std::move(*filter));
  } else if (key == "eval_verified" || key == "has_evals") {
    auto flag = ParseBool(value);
    if (!flag) return BadParam(key, "expected true or false");
    if (key == "eval_verified") query.eval_verified = *flag;
    if (key == "has_evals") query.has_evals = flag;
  } else if (key == "license_class") {
    if (!OneOf(value, {"permissive", "copyleft", "community-restricted", "non-commercial", "other",
                       "unknown"})) {
      return BadParam(key,
                      "expected permissive, copyleft, community-restricted, non-commercial, "
                      "other or unknown");
    }
    query.license_class = value;
  } else if (key == "commercial" || key == "chain_commercial") {
    std::optional<std::string>& target =
        key == "commercial" ? query.commercial : query.chain_commercial;
    auto flag = ParseBool(value);
    if (flag) {
      target = *flag ? "yes" : "no";
    } else if (OneOf(value, {"yes", "conditional", "no", "unknown"})) {
      target = value;
    } else {
      return BadParam(key, "expected true, false, yes, conditional, no or unknown");
    }
  } else if (key == "trust_min") {
    int64_t score = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), score);
    if (ec != std::errc() || end != value.data() + value.size() || score < 0 || score > 100) {
      return BadParam(key, "expected an integer from 0 to 100");
    }
    query.trust_min = score;
  } else if (key == "descendants_of") {
    if (!value.empty()) query.descendants_of = value;
  } else if (key == "relation") {
    if (!OneOf(value, {"adapter", "merge", "quantized", "finetune"})) {
      return BadParam(key, "expected adapter, merge, quantized or finetune");
    }
    query.relation = value;
  } else {
    return false;
  }
  return true;
}

}  // namespace

core::Result<CatalogQuery> ParseCatalogQuery(core::RepoType type,
                                             const std::vector<QueryParam>& params) {
  CatalogQuery query;
  query.type = type;
  std::optional<bool> descending;
  for (const auto& [key, value] : params) {
    if (value.find('\0') != std::string::npos) return BadParam(key, "contains a NUL byte");
    if (key == "search") {
      if (!value.empty()) query.search.push_back(value);
    } else if (key == "author") {
      if (!value.empty()) query.author = value;
    } else if (key == "filter" || key == "filter[]") {
      if (!value.empty()) query.filters.push_back(value);
    } else if (key == "pipeline_tag") {
      if (!value.empty()) query.pipeline_tag = value;
    } else if (key == "gated") {
      auto gated = ParseBool(value);
      if (!gated) return BadParam(key, "expected true or false");
      query.gated = gated;
    } else if (key == "sort") {
      auto sort = ParseSort(value);
      if (!sort) {
        return BadParam(key,
                        "expected one of downloads, likes, lastModified, createdAt, "
                        "trendingScore, id, num_parameters, mainSize");
      }
      query.sort = *sort;
    } else if (key == "direction") {
      if (value == "-1") {
        descending = true;
      } else if (value == "1") {
        descending = false;
      } else {
        return BadParam(key, "expected -1 (descending) or 1 (ascending)");
      }
    } else if (key == "limit") {
      size_t limit = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit == 0) {
        return BadParam(key, "expected a positive integer");
      }
      query.limit = std::min(limit, kMaxPageSize);
    } else if (key == "cursor") {
      query.cursor = value;
    } else {
      MH_RETURN_IF_ERROR(ParseExtra(key, value, query));
    }
  }
  if (query.relation && !query.descendants_of) {
    return BadParam("relation", "needs descendants_of");
  }
  // Every Hub sort is descending; ids read naturally in ascending order.
  query.descending = descending.value_or(query.sort != SortKey::kId);
  return query;
}

}  // namespace modelhub::search
