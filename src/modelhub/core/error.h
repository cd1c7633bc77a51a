// Error codes of modelhub and their one mapping onto HTTP.
//
// Every failure a caller may want to handle is an ErrorCode; each code maps to exactly one HTTP
// status and (for the codes the Hub clients type) one `X-Error-Code` header value. The table lives
// in error.cpp so that the server and the tests agree on it.
#ifndef MODELHUB_CORE_ERROR_H_
#define MODELHUB_CORE_ERROR_H_

#include <string>
#include <string_view>

namespace modelhub::core {

enum class ErrorCode {
  kRepoNotFound,
  kRevisionNotFound,
  kEntryNotFound,
  kGatedRepo,
  kUnauthorized,
  kForbidden,
  kNotFound,  // a route or object that is none of the typed not-founds above
  kConflict,
  kPreconditionFailed,
  kBadRequest,
  kPayloadTooLarge,
  kRangeNotSatisfiable,
  kTooManyRequests,
  kNotImplemented,
  kUnavailable,
  kInternal,
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

// HTTP status for `code` (e.g. 404 for kEntryNotFound, 412 for kPreconditionFailed).
int HttpStatus(ErrorCode code);

// The `X-Error-Code` header value the Hub clients recognise, or "" where none is sent.
std::string_view HubErrorCode(ErrorCode code);

// A stable name for logs and tests ("EntryNotFound", "Conflict", ...).
std::string_view ErrorCodeName(ErrorCode code);

}  // namespace modelhub::core

#endif  // MODELHUB_CORE_ERROR_H_
