#include "modelhub/client/http_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

#include <curl/curl.h>
#include <unistd.h>

namespace modelhub::client {
using core::Error;
using core::ErrorCode;
using core::Unexpected;

namespace {

// The share object outlives every thread's easy handle, so it is created once and never freed.
class CurlShare {
 public:
  static CurlShare& Get() {
    static CurlShare* share = new CurlShare();
    return *share;
  }
  CURLSH* handle() const { return share_; }

 private:
  CurlShare() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    share_ = curl_share_init();
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlShare::LockData);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlShare::UnlockData);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
  }
  static void LockData(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<CurlShare*>(self)->mutexes_[data % kLocks].lock();
  }
  static void UnlockData(CURL*, curl_lock_data data, void* self) {
    static_cast<CurlShare*>(self)->mutexes_[data % kLocks].unlock();
  }
  static constexpr int kLocks = 8;
  CURLSH* share_;
  std::mutex mutexes_[kLocks];
};

struct ThreadHandle {
  CURL* easy = nullptr;
  ThreadHandle() = default;
  ThreadHandle(const ThreadHandle&) = delete;
  ThreadHandle& operator=(const ThreadHandle&) = delete;
  ~ThreadHandle() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

CURL* EasyForThisThread() {
  thread_local ThreadHandle handle;
  if (handle.easy == nullptr) {
    handle.easy = curl_easy_init();
  } else {
    curl_easy_reset(handle.easy);  // keeps the connection, clears the previous request's options
  }
  return handle.easy;
}

struct Exchange {
  CURL* easy;
  HttpResponse* response;
  const HttpClient::Sink* sink;
  bool aborted = false;
};

struct BodySource {
  const HttpRequest* request;
  uint64_t sent = 0;
};

size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
  auto* source = static_cast<BodySource*>(user);
  const HttpRequest& request = *source->request;
  uint64_t left = request.body_length - source->sent;
  size_t want = static_cast<size_t>(std::min<uint64_t>(left, size * count));
  if (want == 0) return 0;
  ssize_t got = ::pread(request.body_fd, buffer, want,
                        static_cast<off_t>(request.body_offset + source->sent));
  if (got <= 0) return CURL_READFUNC_ABORT;
  source->sent += static_cast<uint64_t>(got);
  if (request.on_body_sent) request.on_body_sent(static_cast<uint64_t>(got));
  return static_cast<size_t>(got);
}

// curl rewinds the body when it must resend it (a redirect, a reused connection that died).
int OnSeek(void* user, curl_off_t offset, int origin) {
  auto* source = static_cast<BodySource*>(user);
  if (origin != SEEK_SET || offset < 0 ||
      static_cast<uint64_t>(offset) > source->request->body_length) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  source->sent = static_cast<uint64_t>(offset);
  return CURL_SEEKFUNC_OK;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    exchange->response->headers.clear();  // a new response (after 1xx or a redirect)
    exchange->response->status = 0;
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  size_t begin = line.find_first_not_of(" \t", colon + 1);
  size_t end = line.find_last_not_of(" \t\r\n");
  exchange->response->headers[name] =
      begin == std::string::npos || end < begin ? "" : line.substr(begin, end - begin + 1);
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  size_t bytes = size * count;
  if (exchange->sink == nullptr) {
    exchange->response->body.append(data, bytes);
    return bytes;
  }
  if (exchange->response->status == 0) {
    curl_easy_getinfo(exchange->easy, CURLINFO_RESPONSE_CODE, &exchange->response->status);
  }
  if (!(*exchange->sink)(*exchange->response, data, bytes)) {
    exchange->aborted = true;
    return 0;
  }
  return bytes;
}

ErrorCode CodeFor(const HttpResponse& response) {
  static const std::map<std::string, ErrorCode> kHubCodes = {
      {"RepoNotFound", ErrorCode::kRepoNotFound},
      {"RevisionNotFound", ErrorCode::kRevisionNotFound},
      {"EntryNotFound", ErrorCode::kEntryNotFound},
      {"GatedRepo", ErrorCode::kGatedRepo},
  };
  if (auto it = kHubCodes.find(response.Header("x-error-code")); it != kHubCodes.end()) {
    return it->second;
  }
  switch (response.status) {
    case 401:
      return ErrorCode::kUnauthorized;
    case 403:
      return ErrorCode::kForbidden;
    case 404:
      return ErrorCode::kNotFound;
    case 409:
      return ErrorCode::kConflict;
    case 412:
      return ErrorCode::kPreconditionFailed;
    case 416:
      return ErrorCode::kRangeNotSatisfiable;
    default:
      break;
  }
  return RetryPolicy::IsRetryableStatus(response.status) ? ErrorCode::kUnavailable
                                                         : ErrorCode::kBadRequest;
}

}  // namespace

std::string HttpResponse::Header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(std::string token, RetryPolicy policy)
    : authorization_(token.empty() ? "" : "Authorization: Bearer " + token), policy_(policy) {
  CurlShare::Get();
}

Error HttpClient::ErrorFor(const HttpResponse& response, const std::string& url) {
  std::string message = "HTTP " + std::to_string(response.status) + " from " + url;
  if (std::string detail = response.Header("x-error-message"); !detail.empty()) {
    message += ": " + detail;
  }
  return Error{CodeFor(response), message};
}

core::Result<HttpResponse> HttpClient::Stream(const HttpRequest& request, const Sink& sink) const {
  CURL* easy = EasyForThisThread();
  HttpResponse response;
  Exchange exchange{easy, &response, sink ? &sink : nullptr};
  curl_slist* headers = nullptr;
  // The Hub must not gzip /resolve bodies (§2.2); asking for identity keeps sizes and ranges exact.
  headers = curl_slist_append(headers, "Accept-Encoding: identity");
  // No `Expect: 100-continue` round trip before bodies (curl adds it past 1 MiB).
  headers = curl_slist_append(headers, "Expect:");
  if (!authorization_.empty() && request.send_token)
    headers = curl_slist_append(headers, authorization_.c_str());
  for (const std::string& header : request.headers) {
    headers = curl_slist_append(headers, header.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_SHARE, CurlShare::Get().handle());
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "modelhub/0.1; hf_hub-compatible");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, request.connect_timeout_seconds);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, request.stall_timeout_seconds);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 256L * 1024);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &exchange);
  BodySource source{&request};
  if (request.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else if (request.body_fd >= 0) {
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    if (request.method != "PUT") {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, &OnRead);
    curl_easy_setopt(easy, CURLOPT_READDATA, &source);
    curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, &OnSeek);
    curl_easy_setopt(easy, CURLOPT_SEEKDATA, &source);
    curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body_length));
    curl_easy_setopt(easy, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);
  } else if (request.method != "GET") {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  CURLcode code = curl_easy_perform(easy);
  curl_slist_free_all(headers);
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
  if (code != CURLE_OK && !(exchange.aborted && code == CURLE_WRITE_ERROR)) {
    return Unexpected(ErrorCode::kUnavailable,
                      std::string("cannot reach ") + request.url + ": " + curl_easy_strerror(code));
  }
  return response;
}

bool HttpClient::BackOff(int attempt, const HttpResponse* last_response) const {
  std::optional<int64_t> retry_after;
  if (last_response != nullptr) {
    retry_after = ParseRetryAfterMs(last_response->Header("retry-after"), std::time(nullptr));
  }
  thread_local std::mt19937 random(std::random_device{}());
  double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random);
  std::optional<int64_t> delay = policy_.Delay(attempt, retry_after, jitter);
  if (!delay) return false;
  std::this_thread::sleep_for(std::chrono::milliseconds(*delay));
  return true;
}

core::Result<HttpResponse> HttpClient::Send(const HttpRequest& request) const {
  for (int attempt = 1;; ++attempt) {
    core::Result<HttpResponse> response = Stream(request, nullptr);
    if (!response) {
      if (!BackOff(attempt, nullptr)) return response;
      continue;
    }
    if (response->status < 400) return response;
    if (!RetryPolicy::IsRetryableStatus(response->status) || !BackOff(attempt, &*response)) {
      return Unexpected(ErrorFor(*response, request.url));
    }
  }
}

}  // namespace modelhub::client
