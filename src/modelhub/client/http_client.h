// A small blocking HTTP client over libcurl for the Hub's download API.
//
// Each thread keeps one curl easy handle (and so its kept-alive connection) for its lifetime;
// all handles share one DNS and connection cache through a curl share object, so a worker pool
// reuses a handful of connections rather than opening one per file or range. Safe to use from any
// number of threads at once. Status codes and X-Error-Code become core::Error codes here.
#ifndef MODELHUB_CLIENT_HTTP_CLIENT_H_
#define MODELHUB_CLIENT_HTTP_CLIENT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "modelhub/client/retry_policy.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  bool follow_redirects = true;
  long connect_timeout_seconds = 10;
  // Abort when fewer than 1 byte/s arrive for this long (HF_HUB_DOWNLOAD_TIMEOUT's role).
  long stall_timeout_seconds = 30;
  // False for pre-signed LFS hrefs, which huggingface_hub calls without the Hub token (§6.3).
  bool send_token = true;
  // When `body_fd` >= 0 the body is `body_length` bytes of that file from `body_offset` (read
  // with pread, so one fd serves many parallel part uploads) instead of `body`; `on_body_sent`
  // hears of every chunk handed to the connection.
  int body_fd = -1;
  uint64_t body_offset = 0;
  uint64_t body_length = 0;
  std::function<void(uint64_t)> on_body_sent;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lowercase names, last value wins
  std::string body;                            // empty when streamed to a sink

  std::string Header(const std::string& lowercase_name) const;
};

class HttpClient {
 public:
  // `token` is sent as a Bearer token to same-host requests (curl drops custom Authorization on
  // redirects to another host, as huggingface_hub does); `user_agent` identifies us in logs.
  HttpClient(std::string token, RetryPolicy policy);

  // Buffers the body; retries transient failures. HTTP errors (>= 400) come back as Errors whose
  // code follows X-Error-Code / the status, with the server's X-Error-Message when present.
  core::Result<HttpResponse> Send(const HttpRequest& request) const;

  // One attempt, body handed to `sink` as it arrives with the response's status and headers
  // (return false to abort). Statuses >= 400 are not turned into errors here.
  using Sink = std::function<bool(const HttpResponse& head, const char* data, size_t size)>;
  core::Result<HttpResponse> Stream(const HttpRequest& request, const Sink& sink) const;

  const RetryPolicy& policy() const { return policy_; }

  // Sleeps for the policy's delay before retry `attempt`; false when attempts are exhausted.
  bool BackOff(int attempt, const HttpResponse* last_response) const;

  // The Error for an HTTP error response (status >= 400).
  static core::Error ErrorFor(const HttpResponse& response, const std::string& url);

 private:
  std::string authorization_;
  RetryPolicy policy_;
};

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_HTTP_CLIENT_H_
