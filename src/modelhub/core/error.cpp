#include "modelhub/core/error.h"

namespace modelhub::core {
namespace {

struct ErrorInfo {
  int status;
  std::string_view hub_code;
  std::string_view name;
};

// Status semantics follow spec/hub-api.md §1 (status table).
ErrorInfo Info(ErrorCode code) {
  switch (code) {
    case ErrorCode::kRepoNotFound:
      return {404, "RepoNotFound", "RepoNotFound"};
    case ErrorCode::kRevisionNotFound:
      return {404, "RevisionNotFound", "RevisionNotFound"};
    case ErrorCode::kEntryNotFound:
      return {404, "EntryNotFound", "EntryNotFound"};
    case ErrorCode::kGatedRepo:
      return {403, "GatedRepo", "GatedRepo"};
    case ErrorCode::kUnauthorized:
      return {401, "", "Unauthorized"};
    case ErrorCode::kForbidden:
      return {403, "", "Forbidden"};
    case ErrorCode::kNotFound:
      return {404, "", "NotFound"};
    case ErrorCode::kConflict:
      return {409, "", "Conflict"};
    case ErrorCode::kPreconditionFailed:
      return {412, "", "PreconditionFailed"};
    case ErrorCode::kBadRequest:
      return {400, "", "BadRequest"};
    case ErrorCode::kPayloadTooLarge:
      return {413, "", "PayloadTooLarge"};
    case ErrorCode::kRangeNotSatisfiable:
      return {416, "", "RangeNotSatisfiable"};
    case ErrorCode::kTooManyRequests:
      return {429, "", "TooManyRequests"};
    case ErrorCode::kNotImplemented:
      return {501, "", "NotImplemented"};
    case ErrorCode::kUnavailable:
      return {503, "", "Unavailable"};
    case ErrorCode::kInternal:
      return {500, "", "Internal"};
  }
  return {500, "", "Internal"};
}

}  // namespace

int HttpStatus(ErrorCode code) { return Info(code).status; }
std::string_view HubErrorCode(ErrorCode code) { return Info(code).hub_code; }
std::string_view ErrorCodeName(ErrorCode code) { return Info(code).name; }

}  // namespace modelhub::core
