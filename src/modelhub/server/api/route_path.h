// Pure helpers that take request paths apart the way the Hub clients build them (spec/hub-api.md
// §1 "Revision encoding"): routing works on the undecoded path, so that a revision sent as one
// `%2F`-encoded segment (Python, most JS calls) and one sent raw across several segments (JS
// `listFiles`/`listCommits`) both land on the same revision.
#ifndef MODELHUB_SERVER_API_ROUTE_PATH_H_
#define MODELHUB_SERVER_API_ROUTE_PATH_H_

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/core/result.h"
#include "modelhub/hub/repo_types.h"

namespace modelhub::server::api {

// Undecoded segments of a path: "/a/b%2Fc/" -> {"a", "b%2Fc"}. One trailing '/' is dropped;
// inner empty segments ("a//b") are kept so that path validation can reject them.
std::vector<std::string> SplitSegments(std::string_view path);

// Percent-decodes each segment and joins them with '/'. BadRequest on a malformed escape.
core::Result<std::string> DecodeJoined(std::span<const std::string> segments);

// Parses ns and name segments (undecoded) into a repo id; BadRequest for invalid names. A name
// ending in ".git" (git and LFS URLs) is accepted with the suffix removed when `strip_git`.
core::Result<core::RepoId> ParseRepoSegments(std::string_view ns, std::string_view name,
                                             bool strip_git);

// How many leading decoded segments name the revision (RepoService::RevisionSegments).
using RevisionCounter =
    std::function<core::Result<size_t>(const std::vector<std::string>& decoded, size_t max)>;

struct RevisionAndPath {
  std::string revision;  // decoded
  std::string path;      // decoded, "" when no segments are left
};

// Splits `segments` (undecoded, after ".../resolve/" or ".../tree/") into a revision and a path.
// A first segment containing "%2F" is the whole revision; otherwise `count` decides (refs/pr/N,
// branch names with '/'). With `path_required` at least one segment is left for the path.
core::Result<RevisionAndPath> SplitRevisionAndPath(std::span<const std::string> segments,
                                                   bool path_required,
                                                   const RevisionCounter& count);

// The absolute URL of the next page: `base_url` + `path` + the original query (undecoded, as
// received) with any `cursor` replaced by `cursor`. Python follows it verbatim and JS requires it
// absolute (spec §1 "Pagination"), so every original parameter is kept.
std::string NextPageUrl(std::string_view base_url, std::string_view path, std::string_view query,
                        std::string_view cursor);

// `<url>; rel="next"`: exactly one space after ';' and a quoted rel, as JS's regex requires.
std::string LinkHeader(std::string_view next_url);

}  // namespace modelhub::server::api

#endif  // MODELHUB_SERVER_API_ROUTE_PATH_H_
