// Builders for the error and JSON responses every layer of the server sends, so that error
// bodies and headers have one shape (spec/hub-api.md §1 "Errors"): status from the core table,
// `X-Error-Code` for the codes the Hub clients type, `X-Error-Message`, and JSON {"error": ...}.
#ifndef MODELHUB_SERVER_HTTP_ERROR_RESPONSE_H_
#define MODELHUB_SERVER_HTTP_ERROR_RESPONSE_H_

#include <string>
#include <string_view>

#include "modelhub/core/error.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::http {

// The response for `error`: status, X-Error-Code (when the code has one), a header-safe
// X-Error-Message and the body {"error":"<message>"} as application/json.
Response ErrorResponse(const core::Error& error);

// A response with `json_text` as body and Content-Type application/json.
Response JsonResponse(int status, std::string json_text);

// `text` as a JSON string literal, quotes included (control characters escaped; bytes >= 0x80
// are passed through, so valid UTF-8 stays valid).
std::string JsonQuote(std::string_view text);

// `text` with CR, LF, other control characters and non-ASCII bytes removed, so that it can be
// sent as a header value.
std::string HeaderSafe(std::string_view text);

}  // namespace modelhub::server::http

#endif  // MODELHUB_SERVER_HTTP_ERROR_RESPONSE_H_
