#include "modelhub/server/http/error_response.h"

#include <cstdio>

#include "modelhub/core/ids.h"

namespace modelhub::server::http {

namespace {

constexpr size_t kMaxErrorHeaderBytes = 1024;

// Length of the UTF-8 sequence a lead byte announces (1 for ASCII and for invalid lead bytes).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

}  // namespace

std::string JsonQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      // Messages may quote rejected input (a path with invalid UTF-8); the JSON must stay valid,
      // so each byte that does not start a well-formed sequence becomes U+FFFD.
      const size_t length = SequenceLength(byte);
      if (length > 1 && i + length <= text.size() && core::IsValidUtf8(text.substr(i, length))) {
        out.append(text.substr(i, length));
        i += length - 1;
      } else {
        out += "\\ufffd";
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string HeaderSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) out.push_back(c);
  }
  return out;
}

Response JsonResponse(int status, std::string json_text) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", "application/json");
  response.body = std::move(json_text);
  return response;
}

Response ErrorResponse(const core::Error& error) {
  Response response =
      JsonResponse(core::HttpStatus(error.code), "{\"error\":" + JsonQuote(error.message) + "}");
  const std::string_view hub_code = core::HubErrorCode(error.code);
  if (!hub_code.empty()) response.headers.Set("X-Error-Code", std::string(hub_code));
  std::string message = HeaderSafe(error.message);
  // Messages can quote client input; a header of many KB trips clients' and proxies' header limits
  // and hides the status, so the header carries a prefix (the JSON body has the whole message).
  if (message.size() > kMaxErrorHeaderBytes) {
    message.resize(kMaxErrorHeaderBytes - 3);
    message += "...";
  }
  if (!message.empty()) response.headers.Set("X-Error-Message", std::move(message));
  return response;
}

}  // namespace modelhub::server::http
