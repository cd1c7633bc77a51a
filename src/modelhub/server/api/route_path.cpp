#include "modelhub/server/api/route_path.h"

#include <algorithm>

#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"

namespace modelhub::server::api {
namespace {

bool HasEncodedSlash(std::string_view segment) {
  return segment.find("%2F") != std::string_view::npos ||
         segment.find("%2f") != std::string_view::npos;
}

core::Unexpected BadEscape() {
  return core::Unexpected(core::ErrorCode::kBadRequest, "Malformed percent-escape in URL path");
}

}  // namespace

std::vector<std::string> SplitSegments(std::string_view path) {
  std::vector<std::string> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return segments;
  size_t start = 0;
  while (true) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      segments.emplace_back(path.substr(start));
      break;
    }
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

core::Result<std::string> DecodeJoined(std::span<const std::string> segments) {
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i) {
    auto decoded = core::PercentDecode(segments[i]);
    if (!decoded) return BadEscape();
    if (i > 0) out += '/';
    out += *decoded;
  }
  return out;
}

core::Result<core::RepoId> ParseRepoSegments(std::string_view ns, std::string_view name,
                                             bool strip_git) {
  auto decoded_ns = core::PercentDecode(ns);
  auto decoded_name = core::PercentDecode(name);
  if (!decoded_ns || !decoded_name) return BadEscape();
  if (strip_git && decoded_name->ends_with(".git")) decoded_name->resize(decoded_name->size() - 4);
  return core::ParseRepoId(*decoded_ns + "/" + *decoded_name);
}

core::Result<RevisionAndPath> SplitRevisionAndPath(std::span<const std::string> segments,
                                                   bool path_required,
                                                   const RevisionCounter& count) {
  const size_t reserved = path_required ? 1 : 0;
  if (segments.size() <= reserved) {
    return core::Unexpected(
        core::ErrorCode::kBadRequest,
        path_required ? "Missing revision or file path in URL" : "Missing revision in URL");
  }
  size_t used = 1;
  if (!HasEncodedSlash(segments[0])) {
    std::vector<std::string> decoded;
    decoded.reserve(segments.size());
    for (const std::string& segment : segments) {
      auto text = core::PercentDecode(segment);
      if (!text) return BadEscape();
      decoded.push_back(std::move(*text));
    }
    MH_ASSIGN_OR_RETURN(used, count(decoded, segments.size() - reserved));
    used = std::clamp<size_t>(used, 1, segments.size() - reserved);
  }
  RevisionAndPath out;
  MH_ASSIGN_OR_RETURN(out.revision, DecodeJoined(segments.subspan(0, used)));
  MH_ASSIGN_OR_RETURN(out.path, DecodeJoined(segments.subspan(used)));
  return out;
}

std::string NextPageUrl(std::string_view base_url, std::string_view path, std::string_view query,
                        std::string_view cursor) {
  std::string url(base_url);
  url += path;
  std::string kept;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty() || pair == "cursor" || pair.starts_with("cursor=")) continue;
    if (!kept.empty()) kept += '&';
    kept += pair;
  }
  if (!kept.empty()) kept += '&';
  kept += "cursor=" + core::PercentEncode(cursor);
  return url + "?" + kept;
}

std::string LinkHeader(std::string_view next_url) {
  return "<" + std::string(next_url) + ">; rel=\"next\"";
}

}  // namespace modelhub::server::api
