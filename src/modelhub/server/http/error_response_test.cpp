#include "modelhub/server/http/error_response.h"

#include <gtest/gtest.h>

namespace modelhub::server::http {
namespace {

TEST(ErrorResponse, TypedHubError) {
  const Response response =
      ErrorResponse({core::ErrorCode::kEntryNotFound, "Entry \"a.bin\" not found"});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers.Get("x-error-code"), "EntryNotFound");
  EXPECT_EQ(response.headers.Get("X-Error-Message"), "Entry \"a.bin\" not found");
  EXPECT_EQ(response.headers.Get("content-type"), "application/json");
  EXPECT_EQ(response.body, R"({"error":"Entry \"a.bin\" not found"})");
}

TEST(ErrorResponse, UntypedErrorHasNoErrorCode) {
  const Response response = ErrorResponse({core::ErrorCode::kConflict, "exists"});
  EXPECT_EQ(response.status, 409);
  EXPECT_FALSE(response.headers.Has("X-Error-Code"));
}

TEST(ErrorResponse, MessageIsHeaderSafeAndJsonEscaped) {
  const Response response =
      ErrorResponse({core::ErrorCode::kBadRequest, "bad\r\nX-Injected: 1\t\\ caf\xc3\xa9"});
  EXPECT_EQ(response.headers.Get("X-Error-Message"), "badX-Injected: 1\\ caf");
  EXPECT_EQ(response.body, "{\"error\":\"bad\\r\\nX-Injected: 1\\t\\\\ caf\xc3\xa9\"}");
  EXPECT_EQ(JsonQuote(std::string_view("\x01", 1)), "\"\\u0001\"");
}

TEST(ErrorResponse, InvalidUtf8InMessagesStillMakesValidJson) {
  // A rejected path with invalid UTF-8 is quoted in the message; the body must remain JSON.
  EXPECT_EQ(JsonQuote("bad\xc3\x28 \xff end \xe2\x82"),
            "\"bad\\ufffd( \\ufffd end \\ufffd\\ufffd\"");
  EXPECT_EQ(JsonQuote("ok \xf0\x9f\x98\x80"), "\"ok \xf0\x9f\x98\x80\"");
}

TEST(ErrorResponse, LongMessagesAreCutInTheHeaderOnly) {
  const std::string long_message = "Invalid path '" + std::string(20000, 'a') + "'";
  const Response response = ErrorResponse({core::ErrorCode::kBadRequest, long_message});
  ASSERT_TRUE(response.headers.Get("X-Error-Message").has_value());
  EXPECT_EQ(response.headers.Get("X-Error-Message")->size(), 1024u);
  EXPECT_TRUE(response.headers.Get("X-Error-Message")->ends_with("..."));
  EXPECT_NE(response.body.find(long_message), std::string::npos);
}

TEST(JsonResponse, SetsTypeAndBody) {
  const Response response = JsonResponse(201, R"({"ok":true})");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"ok":true})");
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
}

TEST(Headers, CaseInsensitiveAndSetReplaces) {
  Headers headers;
  headers.Add("X-A", "1");
  headers.Add("x-a", "2");
  EXPECT_EQ(headers.Get("X-a"), "1");
  headers.Set("X-A", "3");
  EXPECT_EQ(headers.fields().size(), 1u);
  EXPECT_EQ(headers.Get("x-A"), "3");
  EXPECT_FALSE(headers.Has("X-B"));
}

}  // namespace
}  // namespace modelhub::server::http
