// HTTP request and response as the application sees them, free of Boost.Beast so that handler
// translation units stay light (Beast/Asio headers live only in the listener/session files).
#ifndef MODELHUB_SERVER_HTTP_MESSAGE_H_
#define MODELHUB_SERVER_HTTP_MESSAGE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modelhub/core/result.h"

namespace modelhub::server::http {

// Header fields in arrival order; lookups are case-insensitive.
class Headers {
 public:
  void Add(std::string name, std::string value);
  // Replaces every field named `name` with one.
  void Set(std::string name, std::string value);
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;  // "GET", "HEAD", "POST", ...
  std::string target;  // as received: undecoded path plus "?query"
  std::string path;    // undecoded path part of target
  std::string query;   // undecoded query string without '?', "" if none
  Headers headers;
  std::string body;  // buffered body (empty for streamed bodies)
  std::string remote_address;
};

// A byte range of an open file, sent with sendfile(2). The descriptor is owned (closed when the
// last copy goes away).
struct FileBody {
  std::shared_ptr<void> owner;  // keeps the descriptor open (e.g. a storage::BlobFile)
  int fd = -1;
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::optional<FileBody> file;  // when set, replaces `body`
  // For HEAD answers that describe a body without having it: the Content-Length to announce.
  std::optional<uint64_t> content_length;
};

// Receives a request body chunk by chunk (large uploads stream to disk while hashing).
class BodySink {
 public:
  virtual ~BodySink() = default;
  // Called for each chunk in order. An error stops reading and becomes the response.
  virtual core::Status Write(std::string_view chunk) = 0;
  // Called after the last chunk; its result is the response.
  virtual Response Finish() = 0;
};

// What to do with the body of a request whose headers have arrived.
struct BodyPlan {
  enum class Kind { kBuffer, kStream, kReject };
  Kind kind = Kind::kBuffer;
  uint64_t max_buffered_bytes = 0;  // for kBuffer; a larger body is refused with 413
  std::unique_ptr<BodySink> sink;   // for kStream
  Response rejection;               // for kReject (sent without reading the body)
};

// The application behind the server. Called on the server's worker threads, concurrently.
class Application {
 public:
  virtual ~Application() = default;
  // Decides how the body is read, from the method, target and headers.
  virtual BodyPlan PlanBody(const Request& request) = 0;
  // Answers a request whose body was buffered (or is empty).
  virtual Response Handle(Request& request) = 0;
};

}  // namespace modelhub::server::http

#endif  // MODELHUB_SERVER_HTTP_MESSAGE_H_
