// Parser of the NDJSON body of `POST /api/{type}s/{repo}/commit/{revision}` (spec/hub-api.md §6.2
// step 3). Pure: no I/O, so that it can be unit-tested and fuzzed on its own.
#ifndef MODELHUB_SERVER_API_NDJSON_COMMIT_H_
#define MODELHUB_SERVER_API_NDJSON_COMMIT_H_

#include <string_view>

#include "modelhub/core/result.h"
#include "modelhub/hub/repo_types.h"

namespace modelhub::server::api {

// Parses a whole commit body into a CommitRequest (revision and create_pr are left for the caller
// to fill from the URL). Every line must be a JSON object {"key": ..., "value": {...}}; the first
// is the header; paths are validated with core::ValidateRepoPath and may not repeat; unknown keys,
// bad base64 and malformed oids are BadRequest naming the offending line.
core::Result<hub::CommitRequest> ParseNdjsonCommit(std::string_view body);

}  // namespace modelhub::server::api

#endif  // MODELHUB_SERVER_API_NDJSON_COMMIT_H_
